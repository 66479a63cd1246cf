"""Family W details: which glued words get a space, and which never do."""

from __future__ import annotations

import pytest

from cleaner.normalize.spacing import find_missing_spaces, find_repeated_spaces, find_trailing_whitespace


def _glued(text: str) -> list[str]:
    return [text[f.start:f.end] for f in find_missing_spaces(text)]


def _fixed(text: str) -> str:
    for f in sorted(find_missing_spaces(text), key=lambda f: -f.fix.start):
        text = text[:f.fix.start] + f.fix.replacement + text[f.fix.end:]
    return text


@pytest.mark.parametrize("text, glued", [
    # seed 002 and the benchmark's extractor outputs
    ("resolution in Ukraine.Details emerging", ["Ukraine.Details"]),
    ("the united Nations,as of july 2025,over 14,000 people", ["Nations,as", "2025,over"]),
    ("in military aid.this event significantly", ["aid.this"]),
    ("a controversial summit in helsinki,Finland,in July 2018", ["helsinki,Finland", "Finland,in"]),
    ("an arms race with Russia.This decision", ["Russia.This"]),
    ("operating in China.But they have struggled", ["China.But"]),
    ("Verlust der Daten.Weder die TK noch IBM", ["Daten.Weder"]),
    ("by 2016— Colorado,Washington, Alaska", ["Colorado,Washington"]),
    ("what to say:What the market", ["say:What"]),
    ("was it really worth it?It was", ["it?It"]),
    ("published on Nov 19, 2019.The team", ["2019.The"]),
    ("the ceasefire (2018).The talks", ["2018).The"]),
    ("Cities include Jung-gu,Seoul and Busan", ["gu,Seoul"]),
])
def test_glued_words_are_found(text: str, glued: list[str]) -> None:
    assert _glued(text) == glued


@pytest.mark.parametrize("text", [
    "U.S. President Donald Trump met officials in Washington D.C. on Friday.",
    "Over 14,000 people; a 3.5% rise; 3,5 Prozent; at 11:03 a.m.; a 2:1 ratio.",
    "Version v2.0.1 of Node.js, ASP.NET, Socket.IO and Vue.js shipped.",
    "Buy it at Amazon.com or Yahoo.com, or Booking.Com, or Mail.Ru, see report.pdf.",
    "Scores i.e. the ones e.g. listed; the Ph.D. thesis; J.Crew; M.Sc.",
    "Wait...Then it came. He paused…Then left.",
    "java.lang.String and System.Console.WriteLine() in code.",
    "Write to john.Smith@Example.com or visit www.Example.Org/News.Today now.",
    "TL;DR: the deal is off. A,B and C.",
    "The film “Meth. We're On It.” was shown.",
    "엘제이의 리벤지인가,류화영의 코스프레인가. 中文,中文",
    "https://example.com/a,b;c?Id=5&Page=2",
])
def test_not_glued(text: str) -> None:
    assert _glued(text) == []


@pytest.mark.parametrize("text, fixed", [
    ('He said,"We will win."', 'He said, "We will win."'),
    ('"We will win,"he said.', '"We will win," he said.'),
    ('"The talks ended."The leaders left.', '"The talks ended." The leaders left.'),
    ("It ended.“Next time,” he said.", "It ended. “Next time,” he said."),
    ("It ended.”Then silence.", "It ended.” Then silence."),
])
def test_space_goes_on_the_right_side_of_a_quote(text: str, fixed: str) -> None:
    assert _fixed(text) == fixed


def test_repeated_spaces_outside_tables() -> None:
    text = "The summit ended.  Officials declined.\n  1. Freezing the Conflict\nPlayer      Team     Points"
    assert [(f.start, f.end) for f in find_repeated_spaces(text)] == [(17, 19)]


def test_trailing_whitespace_and_blank_lines() -> None:
    text = "One line. \t\n   \nLast line  "
    assert [text[f.start:f.end] for f in find_trailing_whitespace(text)] == [" \t", "   ", "  "]
    assert list(find_trailing_whitespace("Clean.\r\nText.\n")) == []


@pytest.mark.parametrize("text", ["x\t\r\ny", "x \r\ny", "x\t\ny", "x\t", "x \r\n", "x\t\r"])
def test_trailing_whitespace_before_any_line_break(text: str) -> None:
    assert [text[f.start:f.end] for f in find_trailing_whitespace(text)] == [text[1]]


def test_hostile_input_stays_fast() -> None:
    import time

    text = ("a.B" * 20000) + ("x," * 20000) + (" " * 5000 + "y") * 10
    started = time.perf_counter()
    list(find_missing_spaces(text))
    list(find_repeated_spaces(text))
    assert time.perf_counter() - started < 2.0


def test_a_word_spaced_from_the_mark_before_it_is_no_dotted_name():
    # "shot.More:" reads as a dotted name at ':' only until the space after "shot." goes
    # in; both junctions are glued, so both get their space in one pass.
    text = "the planned 2024 crewed moon shot.More:“We have a need,” he said."
    assert _glued(text) == ["shot.More", "More:“We"]
    assert _fixed(text) == "the planned 2024 crewed moon shot. More: “We have a need,” he said."


def test_a_dotted_name_after_a_mark_still_stands():
    assert _glued("see the java.lang.String:Value docs") == []
