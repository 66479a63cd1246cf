"""Cutting JSONL files into byte ranges: every line read once, in order, with its number."""

from __future__ import annotations

import gzip

from cleaner.ray.read import count_lines, number_splits, position, read_split, splits


def _read_all(paths, split_bytes):
    numbered = number_splits([count_lines(s) for s in splits([str(p) for p in paths], split_bytes)])
    return [row for split in numbered for row in read_split(split)]


def test_every_line_is_read_once_whatever_the_cut(tmp_path):
    lines = [f'{{"id": "{i}", "text": "{"é" * (i % 17)}"}}' for i in range(200)]
    lines[10] = ""  # blank lines count for numbering but yield no row
    data = ("\n".join(lines) + "\n").encode("utf-8")
    path = tmp_path / "a.jsonl"
    path.write_bytes(data)
    expected = [(i + 1, line.encode("utf-8") + b"\n") for i, line in enumerate(lines) if line]
    for split_bytes in (1, 7, 64, 1000, 10**6):
        rows = _read_all([path], split_bytes)
        assert [(r["lineno"], r["line"]) for r in rows] == expected, split_bytes
        assert [r["pos"] for r in rows] == sorted(r["pos"] for r in rows)
        # pos is the byte offset of the line
        assert all(data[r["pos"]:].startswith(r["line"]) for r in rows)


def test_gzip_is_one_range_and_files_keep_their_order(tmp_path):
    plain = tmp_path / "a.jsonl"
    plain.write_text('{"id": "a1", "text": "x"}\n{"id": "a2", "text": "y"}', encoding="utf-8")  # no final newline
    packed = tmp_path / "b.jsonl.gz"
    with gzip.open(packed, "wt", encoding="utf-8") as handle:
        handle.write('{"id": "b1", "text": "z"}\n')
    assert len(splits([str(packed)], 1)) == 1
    rows = _read_all([plain, packed], 5)
    assert [r["line"][:13] for r in rows] == [b'{"id": "a1", ', b'{"id": "a2", ', b'{"id": "b1", ']
    assert [r["lineno"] for r in rows] == [1, 2, 1]
    assert rows[2]["pos"] == position(1, 0) > rows[1]["pos"]


def test_a_byte_order_mark_before_the_first_line_is_dropped(tmp_path):
    path = tmp_path / "bom.jsonl"
    path.write_bytes(b'\xef\xbb\xbf{"id": "1", "text": "Hi."}\n{"id": "2", "text": "Yo."}\n')
    for split_bytes in (4, 10**6):
        assert [r["line"][:9] for r in _read_all([path], split_bytes)] == [b'{"id": "1', b'{"id": "2']


def _records(n: int) -> bytes:
    return b"".join(b'{"id": "%d", "text": "Record %d, long enough to fill a few gzip blocks."}\n' % (i, i)
                    for i in range(n))


def test_gzip_is_known_by_its_magic_bytes_not_its_name(tmp_path):
    path = tmp_path / "export.bin"
    path.write_bytes(gzip.compress(_records(300)))
    rows = _read_all([path], 64)
    assert len(rows) == 300 and rows[0]["line"].startswith(b'{"id": "0"')


def test_a_truncated_gzip_gives_its_records_then_says_where_it_broke(tmp_path):
    packed = gzip.compress(_records(3000))
    path = tmp_path / "cut.jsonl.gz"
    path.write_bytes(packed[: len(packed) * 2 // 3])
    rows = _read_all([path], 10**6)
    *records, last = rows
    assert len(records) > 1000 and all(r["line"].endswith(b"}\n") for r in records[:-1])
    assert last.get("broken") == "compressed data is cut off (truncated gzip)"


def test_a_line_read_again_by_its_position_is_the_line_read_first(tmp_path):
    """What the B113 step reads again (`LineReader`), plain and gzip, in any order."""
    from cleaner.ray.read import LineReader

    lines = [f'{{"id": "{i}", "text": "{"é" * (i % 13)} line {i}"}}' for i in range(300)]
    data = b"\xef\xbb\xbf" + ("\n".join(lines) + "\n").encode("utf-8")  # a byte-order mark first
    plain, packed = tmp_path / "a.jsonl", tmp_path / "b.jsonl.gz"
    plain.write_bytes(data)
    with gzip.open(packed, "wb") as handle:
        handle.write(data)
    rows = _read_all([plain, packed], 97)
    assert len(rows) == 600
    reader = LineReader([str(plain), str(packed)])
    forward = [reader.line_at(r["pos"]) for r in rows]
    backward = [reader.line_at(r["pos"]) for r in reversed(rows[::7])]  # gzip reopened when behind
    reader.close()
    assert forward == [r["line"] for r in rows]
    assert backward == [r["line"] for r in reversed(rows[::7])]
    assert forward[0].startswith(b'{"id": "0"')  # the byte-order mark dropped, as on the first read
