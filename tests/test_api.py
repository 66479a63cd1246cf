"""The library entry point."""

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
