"""The library entry point."""

import pytest

from cleaner import Cleaner, Config


def test_clean_returns_text_and_findings(typo_rule):
    cleaner = Cleaner(Config())
    result = cleaner.clean("a teh b", id="x", published="2025-08-01")
    assert result.text == "a the b"
    assert [f.code for f in result.findings] == ["Q990"]
    assert result.doc.published.isoformat() == "2025-08-01"


def test_stream_rejects_bad_records_and_goes_on(typo_rule):
    cleaner = Cleaner()
    out = list(cleaner.stream([{"id": "1", "text": "teh"}, {"id": "2"}, {"id": "3", "text": "ok"}]))
    assert [type(o).__name__ for o in out] == ["Result", "Rejected", "Result"]
    assert out[1].line == 2 and "text" in out[1].reason


def test_rejected_is_public_api():
    # Users of `stream` tell the two kinds of item apart without reaching into modules.
    from cleaner import Rejected

    out = list(Cleaner().stream([{"id": "1"}]))
    assert isinstance(out[0], Rejected)


def test_check_respects_ignore(typo_rule):
    assert Cleaner(Config(ignore=("Q",))).check("teh") == []


def test_fix_reports_what_later_passes_change_on_the_original_text():
    """Decoding mojibake reveals a byte-order mark that only a second pass removes:
    that removal is a finding too, placed on the characters it came from."""
    from cleaner import Cleaner, Config, Document

    text = "The United Nations \u00ef\u00bb\u00bfsaid on Monday that talks would resume.\n"
    result = Cleaner(Config(select=("E",))).fix(Document(text=text, id="x"))
    assert result.text == "The United Nations said on Monday that talks would resume.\n"
    codes = {(f.code, text[f.start:f.end]) for f in result.findings}
    assert codes == {("E101", "\u00ef\u00bb\u00bf"), ("E102", "\u00ef\u00bb\u00bf")}
    [later] = [f for f in result.findings if f.code == "E102"]
    assert later.message.endswith("(after earlier fixes)")


def test_a_selection_that_names_no_rule_is_an_error_in_the_library_too():
    import pytest

    from cleaner.rules import UnknownRuleError

    with pytest.raises(UnknownRuleError):
        Cleaner(Config(select=("ZZ",)))
    with pytest.raises(UnknownRuleError):
        Cleaner(Config(ignore=("W9",)))
    assert Cleaner(Config(select=("w101",))).config.select == ("W101",)


def test_stream_rejects_records_that_are_not_objects_and_goes_on():
    # json.loads of a line may give None, a list, a number: one such record, not the stream, fails.
    from cleaner import Rejected

    out = list(Cleaner().stream([{"id": "a", "text": "Hi."}, None, [1, 2], 5, {"id": "b", "text": "Yo."}]))
    assert [type(o).__name__ for o in out] == ["Result", "Rejected", "Rejected", "Rejected", "Result"]
    assert all("not an object" in o.reason for o in out if isinstance(o, Rejected))


@pytest.mark.parametrize("workers", [1, 2])
def test_an_input_that_fails_part_way_loses_no_record_read_before(workers):
    def records():
        for i in range(100):
            if i == 70:
                raise OSError("connection reset")
            yield {"id": str(i), "text": f"Record number {i} of the feed, with a sentence of its own."}

    seen = []
    with pytest.raises(OSError, match="connection reset"):
        for result in Cleaner().stream(records(), workers=workers):
            seen.append(result.doc.id)
    assert seen == [str(i) for i in range(70)]


def test_a_closed_cleaner_says_so(tmp_path):
    from cleaner import CleanerError

    with Cleaner(Config(index=str(tmp_path / "index.db"))) as cleaner:
        cleaner.check("The talks resumed on Monday, as planned.")
    for call in (lambda: cleaner.check("x"), lambda: list(cleaner.stream([{"id": "a", "text": "x"}]))):
        with pytest.raises(CleanerError, match="closed"):
            call()


def test_lone_surrogates_are_refused_clearly():
    from cleaner import Rejected

    with pytest.raises(ValueError, match="unpaired UTF-16 surrogate"):
        Cleaner().check("Hello \ud800 world.")
    (rejected,) = Cleaner().stream([{"id": "s", "text": "Hello \ud800 world."}])
    assert isinstance(rejected, Rejected) and "unpaired UTF-16 surrogate" in rejected.reason
    assert "internal error" not in rejected.reason


def test_single_document_calls_take_what_stream_takes():
    cleaner = Cleaner()
    assert cleaner.fix("the talks resumed on Monday,as planned.").text == "the talks resumed on Monday, as planned."
    with pytest.raises(TypeError, match="title"):
        cleaner.clean("Some text.", title=5)


def test_empty_texts_are_not_copies_of_each_other():
    cleaner = Cleaner()
    assert cleaner.check("") == [] and cleaner.check("") == []
    assert not [f for f in cleaner.check("...") + cleaner.check("...") if f.code == "D301"]


def test_fixed_text_map_comes_back_whatever_the_worker_count(monkeypatch):
    # Where fixing took a second pass, the result maps its text back to the original;
    # the worker processes must not drop that map. (Every result is settled here: real
    # texts that need it are rare and change with the rules.)
    monkeypatch.setattr("cleaner.api._has_conflicting_fixes", lambda result: True)
    records = [{"id": str(i), "text": f"Talks resumed on Monday,as planned, in round {i} of the process."}
               for i in range(4)]
    maps = {w: [r.text_map is not None for r in Cleaner().stream(records, workers=w)] for w in (1, 2)}
    assert maps[1] == maps[2] == [True] * 4


def test_later_fix_passes_tell_new_findings_from_reported_ones_without_a_copy_of_the_keys():
    """The first pass's findings (sorted) are looked up where they are: a set of their
    (code, start, end) cost a third as much again as the findings on a dense text."""
    from memtrace import traced

    from cleaner.api import _Reported
    from cleaner.findings import Finding

    first = sorted((Finding("W101", "m", i, i + 3) for i in range(0, 40_000, 4)), key=Finding.sort_key)
    reported, held, _ = traced(lambda: _Reported(first))
    assert held < 1_000, f"{held} bytes for {len(first)} reported findings"
    assert not reported.add(Finding("W101", "same code and span", 400, 403))
    assert reported.add(Finding("C102", "same span, other code", 400, 403))
    assert not reported.add(Finding("C102", "reported by a later pass already", 400, 403))
    assert reported.add(Finding("W101", "new span", 401, 403))
