"""Make a long run hand freed memory back to the system (glibc; elsewhere a no-op).

Every batch allocates and frees numpy arrays of a few MB (sketches, index
look-ups, merges of the index tables). glibc serves blocks above its mmap
threshold with mmap and returns them on free, but it raises the threshold to
the size of each such block freed (up to 32 MB), so later blocks of that size
come from the heap instead; the heap keeps the holes they leave. In the main
process of `cleaner clean` those holes grew with the run: 73 MB of a 155 MB heap
after 20,000 documents of the 1 GB bench corpus (about 3 kB a document, as
much as the duplicate index itself). A fixed threshold keeps large blocks on
mmap, freed for real: 1 MB leaves 10-17 MB of holes in a 58 MB heap there.
At glibc's starting 128 kB the heap stays smaller still, but every mid-sized
temporary costs an mmap and its page faults (4% more CPU against 1%).

Process-wide, so only the command line (which owns its process) calls this,
before the worker processes are forked (they inherit it).
"""

from __future__ import annotations

import ctypes
import sys

M_MMAP_THRESHOLD = -3  # mallopt parameter (malloc.h)
MMAP_THRESHOLD = 1 << 20


def return_large_blocks() -> bool:
    """Fix glibc's mmap threshold at `MMAP_THRESHOLD`; False where that is not possible."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        mallopt = ctypes.CDLL(None).mallopt
    except (OSError, AttributeError):  # not glibc (musl has no mallopt)
        return False
    mallopt.argtypes = (ctypes.c_int, ctypes.c_int)
    mallopt.restype = ctypes.c_int
    return mallopt(M_MMAP_THRESHOLD, MMAP_THRESHOLD) == 1
