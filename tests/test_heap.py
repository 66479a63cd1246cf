"""`heap.return_large_blocks`: after it, a freed large block no longer moves glibc's
mmap threshold up, so the next blocks of a few MB still go to mmap (and
back to the system when freed) instead of into the heap's free holes."""

import ctypes
import subprocess
import sys
import textwrap

import pytest

PROBE = textwrap.dedent("""
    import ctypes, sys
    from cleaner.heap import return_large_blocks

    class Info(ctypes.Structure):
        _fields_ = [(n, ctypes.c_size_t) for n in
                    "arena ordblks smblks hblks hblkhd usmblks fsmblks uordblks fordblks keepcost".split()]

    libc = ctypes.CDLL(None)
    libc.mallinfo2.restype = Info
    libc.malloc.restype = ctypes.c_void_p
    libc.free.argtypes = (ctypes.c_void_p,)
    if sys.argv[1] == "fixed":
        assert return_large_blocks()
    libc.free(libc.malloc(16 << 20))  # freeing a 16 MB block raises a dynamic threshold to 16 MB
    blocks = [libc.malloc(2 << 20) for _ in range(4)]
    print(libc.mallinfo2().hblks)  # blocks served by mmap now
""")


def _mmapped_blocks(mode: str) -> int:
    out = subprocess.run([sys.executable, "-c", PROBE, mode], capture_output=True, text=True, check=True)
    return int(out.stdout)


@pytest.mark.skipif(not sys.platform.startswith("linux") or not hasattr(ctypes.CDLL(None), "mallinfo2"),
                    reason="glibc 2.33+ only")
def test_large_blocks_stay_on_mmap_after_a_larger_one_is_freed():
    assert _mmapped_blocks("fixed") >= _mmapped_blocks("default") + 4
