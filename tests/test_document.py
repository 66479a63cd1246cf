"""Offsets, line indexes, offset maps and fix application."""

import pytest
from hypothesis import given, strategies as st

from cleaner.document import (
    LineIndex, OffsetMap, TextView, choose_fixes, iter_lines, iter_paragraphs, line_removal_fix, splice,
)
from cleaner.findings import Fix


def test_line_index_round_trips():
    text = "first line\nsecond\n\nfourth"
    index = LineIndex(text)
    assert index.position(0) == (1, 1)
    assert index.position(text.index("second")) == (2, 1)
    assert index.position(text.index("fourth") + 2) == (4, 3)
    for offset in range(len(text) + 1):
        line, col = index.position(offset)
        assert index.offset(line, col) == offset


@given(st.text(alphabet="ab\n\r é", max_size=60))
def test_line_index_agrees_with_splitlines(text):
    index = LineIndex(text)
    for offset in range(len(text) + 1):
        line, col = index.position(offset)
        assert index.offset(line, col) == offset
        assert text.count("\n", 0, offset) == line - 1


def test_paragraphs_are_non_empty_lines_with_offsets():
    text = "Title\n\n  \nBody text.\r\nLast"
    paras = list(iter_paragraphs(text))
    assert [p.text for p in paras] == ["Title", "Body text.", "Last"]
    assert [p.lineno for p in paras] == [1, 4, 5]
    for p in paras:
        assert text[p.start:p.end] == p.text
    assert len(list(iter_lines(text))) == 5


def test_choose_fixes_drops_fixes_inside_a_removal():
    removal = Fix("", 10, 30)
    inner = Fix("X", 12, 13)
    partial = Fix("Y", 25, 35)
    later = Fix("Z", 40, 41)
    assert choose_fixes([inner, later, partial, removal]) == [removal, later]


def test_splice_applies_in_order():
    text = "abcdef"
    assert splice(text, [Fix("X", 1, 2), Fix("", 3, 5)]) == "aXcf"


def test_offset_map_maps_edited_offsets_back():
    original = "Nations,as of july"
    view = TextView.of(original).edited([Fix(", ", 7, 8)])
    assert view.text == "Nations, as of july"
    j = view.text.index("july")
    start, end = view.to_original.span_to_source(j, j + 4)
    assert original[start:end] == "july"
    # a span covering an edit covers the original edit too
    start, end = view.to_original.span_to_source(0, 11)
    assert original[start:end] == "Nations,as"


@given(st.text(alphabet="ab ,.\n", min_size=1, max_size=40), st.data())
def test_chained_maps_keep_untouched_characters(text, data):
    # Two rounds of edits; every character not inside an edit maps to itself.
    view = TextView.of(text)
    for _ in range(2):
        n = len(view.text)
        a = data.draw(st.integers(0, n))
        b = data.draw(st.integers(a, n))
        view = view.edited([Fix(data.draw(st.text(alphabet="XY", max_size=3)), a, b)])
    for offset, char in enumerate(view.text):
        if char in "XY":
            continue
        start, end = view.to_original.span_to_source(offset, offset + 1)
        assert 0 <= start <= end <= len(text)


def test_line_removal_fix_removes_line_and_newline():
    text = "keep\ndrop me\nkeep too"
    para = list(iter_paragraphs(text))[1]
    fix = line_removal_fix(text, para)
    assert splice(text, [fix]) == "keep\nkeep too"
    last = list(iter_paragraphs(text))[2]
    assert splice(text, [line_removal_fix(text, last)]) == "keep\ndrop me"


def test_identity_map():
    assert OffsetMap().is_identity
    assert OffsetMap().to_source(5) == 5


def _lines_by_find(text):
    """The plain walk that `iter_lines` replaced (a find per line), as the reference."""
    start, lineno, n = 0, 1, len(text)
    while start <= n:
        nl = text.find("\n", start)
        end = n if nl == -1 else nl
        line_end = end - 1 if end > start and text[end - 1] == "\r" else end
        yield (lineno, start, line_end, text[start:line_end])
        if nl == -1:
            break
        start, lineno = nl + 1, lineno + 1


def test_lines_and_paragraphs_match_a_plain_walk():
    import random

    from cleaner.document import iter_lines, iter_paragraphs

    rng = random.Random(7)
    texts = ["", "\n", "\r", "a\r\n\r\nb\r", "x\n\n  \n", "\r\n\n", "a\r\nb\r\n\r\n c \r", "x\n\n\ny",
             "\r\r\n", "abc\r\r", " \t\n\u2028x\n\x0by\x1c\n"]
    texts += ["".join(rng.choice("ab \r\n\t\u2028") for _ in range(rng.randrange(14))) for _ in range(3000)]
    for text in texts:
        expected = list(_lines_by_find(text))
        assert [(p.lineno, p.start, p.end, p.text) for p in iter_lines(text)] == expected, repr(text)
        assert [(p.lineno, p.start, p.end, p.text) for p in iter_paragraphs(text)] == \
            [row for row in expected if row[3].strip()], repr(text)


def test_line_around_cuts_lines_as_iter_lines_does():
    from cleaner.document import iter_lines, line_around

    for text in ["", "one", "a\nb\r\n\r\nlast\r", "\n\nx\r\ny", "tail\n", "\r\n\r"]:
        lines = list(iter_lines(text))
        for offset in range(len(text) + 1):
            start, end, newline = line_around(text, offset)
            line = next(p for p in lines if p.start <= offset <= newline and p.start == start)
            assert (start, end, text[start:end]) == (line.start, line.end, line.text)
            assert newline == (text.find("\n", offset) if "\n" in text[offset:] else len(text))


def test_offset_map_from_source_finds_every_surviving_character():
    import random

    from cleaner.document import TextView

    rng = random.Random(3)
    for _ in range(300):
        text = "".join(chr(0x4E00 + i) for i in range(60))  # every character unique: its own oracle
        view = TextView.of(text)
        for _ in range(rng.randint(1, 3)):  # several fix passes, chained
            fixes = []
            for start in sorted(rng.sample(range(len(view.text) + 1), 3)):
                end = min(len(view.text), start + rng.randint(0, 3))
                fixes.append(Fix(rng.choice(["", "x", "yyy"]), start, end, True))
            view = view.edited(fixes)
        mapping = view.to_original
        for offset, char in enumerate(text):
            there = mapping.from_source(offset)
            assert 0 <= there <= len(view.text)
            if char in view.text:  # not edited away: found where it went
                assert view.text[there] == char
            else:  # inside an edit: the span maps onto the text that replaced it, no further
                start, end = mapping.span_from_source(offset, offset + 1)
                assert start <= end <= len(view.text)


def test_a_span_ending_where_a_replacement_begins_does_not_take_it_in():
    # "<p>&quot;Hi" with the entity decoded: the tag "<p>" (view 0..3) ends where the
    # quote begins. Its removal must not reach into "&quot;", or the quote is lost.
    m = OffsetMap([(3, 9, '"')])
    assert m.span_to_source(0, 3) == (0, 3)
    assert m.span_to_source(0, 4) == (0, 9)  # ending inside the replacement covers it
    assert m.span_to_source(3, 4) == (3, 9)
    assert m.span_from_source(0, 3) == (0, 3)
    assert m.span_from_source(0, 9) == (0, 4)


@pytest.mark.parametrize("text, fixed", [
    ("<p>&quot;Hello,&quot; he said.</p>\n", '"Hello," he said.\n'),
    ("Tom <b>&amp;</b> Jerry.\n", "Tom & Jerry.\n"),
    ("See &lt;br&gt;&lt;br&gt; here.\n", "See  here.\n"),
])
def test_removing_a_tag_keeps_the_entity_beside_it(text, fixed):
    from cleaner import Cleaner, Config
    from cleaner.document import Document

    assert Cleaner(Config(select=("E",))).fix(Document(text=text, id="t")).text == fixed


def test_removing_a_block_takes_the_blank_lines_under_it():
    from cleaner.document import line_removal_fix

    text = "Menu\n\nHome\n\nFirst paragraph.\nTight line\n\nSecond paragraph.\n\nOwn line\n\n\nThird.\n"
    paras = {p.text: p for p in iter_paragraphs(text)}

    def gone(name: str, block_goes: bool = False) -> str:
        fix = line_removal_fix(text, paras[name], block_goes=block_goes)
        return text[fix.start:fix.end]

    assert gone("Menu") == "Menu\n\n"  # a block of its own: its blank line goes with it
    assert gone("Own line") == "Own line\n\n\n"
    assert gone("Tight line") == "Tight line\n"  # its block stays: so does the blank line under it
    assert gone("Tight line", block_goes=True) == "Tight line\n\n"  # the caller removes the whole block
    fixes = [line_removal_fix(text, paras[n]) for n in ("Menu", "Home", "Own line")]
    assert splice(text, fixes) == "First paragraph.\nTight line\n\nSecond paragraph.\n\nThird.\n"


def test_removing_a_line_takes_the_blank_lines_that_end_the_text():
    from cleaner.document import line_removal_fix

    text = "Story.\n\nShare this\n\n\n"
    para = next(p for p in iter_paragraphs(text) if p.text == "Share this")
    fix = line_removal_fix(text, para)
    assert splice(text, [fix]) == "Story.\n\n"  # as `remove_line` leaves a text whose last line goes


def test_choose_fixes_keeps_an_insertion_where_a_replacement_starts():
    # W101 inserts a space after "aid." at the offset where C102 capitalises "this":
    # the two touch, they do not overlap, so both apply in one pass.
    text = "military aid.this event"
    space, capital = Fix(" ", 13, 13), Fix("This", 13, 17)
    chosen = choose_fixes([capital, space])
    assert chosen == [space, capital]
    assert splice(text, chosen) == "military aid. This event"


def test_offset_map_holds_an_edit_in_a_few_machine_words():
    """A text dense with fixes has an edit every few characters: the map of them was a
    tuple of four ints and two lists per edit (163 bytes), now four machine
    integers (32 bytes)."""
    from memtrace import traced

    from cleaner.document import OffsetMap

    edits = [(i, i + 1, "  ") for i in range(1000, 1000 + 4 * 50_000, 4)]
    mapping, held, _ = traced(lambda: OffsetMap(edits))
    assert mapping.to_source(1000 + 4 * 100 + 100 + 1) == 1000 + 4 * 100  # inside edit 100's replacement
    assert held / len(edits) < 64, f"{held / len(edits):.0f} bytes an edit"


def test_applying_fixes_holds_little_besides_the_new_text_and_its_map():
    """Choosing and splicing 100,000 fixes made a (start, width) tuple per fix to sort,
    a string per piece between fixes and a tuple per edit: 119 bytes a fix at the
    peak (246 with the map's old rows), where the text and its map take 34."""
    from memtrace import traced

    text = "amp;" * 100_000
    fixes = [Fix(" ", i, i) for i in range(4, len(text), 4)]
    view, _, peak = traced(lambda: TextView.of(text).edited(fixes))
    assert view.text == "amp; " * 99_999 + "amp;"
    assert view.to_original.to_source(9) == 8
    assert peak / len(fixes) < 80, f"{peak / len(fixes):.0f} bytes a fix"


def test_fixes_are_chosen_by_start_insertions_first_then_widest_then_as_given():
    fixes = [Fix("a", 5, 6), Fix("b", 2, 4), Fix("c", 2, 8), Fix("d", 2, 8), Fix("e", 9, 9), Fix("f", 9, 9),
             Fix("g", 2, 2)]
    assert [f.replacement for f in choose_fixes(fixes)] == ["g", "c", "e"]
    assert [f.replacement for f in choose_fixes(fixes[::-1])] == ["g", "d", "f"]
    import random

    rng = random.Random(3)
    for _ in range(200):
        some = [Fix(str(i), s, s + rng.choice((0, 0, 1, 2, 5))) for i, s in
                enumerate(rng.randint(0, 30) for _ in range(rng.randint(0, 25)))]
        ordered = sorted(some, key=lambda f: (f.start, f.end != f.start, -(f.end - f.start)))  # the rule, spelled out
        expected, last_start, last_end = [], -1, -1
        for fix in ordered:
            if expected and (fix.start < last_end or fix.start == fix.end == last_end == last_start):
                continue
            expected.append(fix)
            last_start, last_end = fix.start, fix.end
        assert choose_fixes(some) == expected
