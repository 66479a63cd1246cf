"""When the pipeline asks a stage with ``looks_again`` a second time."""

from cleaner import Config
from cleaner.document import Document
from cleaner.findings import Finding, Fix
from cleaner.pipeline import Pipeline

TEXT = "keep one\nfurniture\nkeep two\n"


class _Remover:
    """Removes every line that says 'furniture' (as a B rule would)."""

    name, codes, transforms = "remover", ("B101",), False

    def check(self, view, doc, ctx):
        start = view.text.find("furniture\n")
        if start >= 0:
            yield Finding("B101", "furniture", start, start + 10, fix=Fix("", start, start + 10))


class _Looker:
    """Removes its own 'keep two' line and records every text it is shown."""

    name, codes, transforms, looks_again = "looker", ("D101",), False, True

    def __init__(self):
        self.seen: list[str] = []

    def check(self, view, doc, ctx):
        self.seen.append(view.text)
        start = view.text.find("keep two\n")
        if start >= 0:
            yield Finding("D101", "own removal", start, start + 9, fix=Fix("", start, start + 9))


def _seen(stages, config=None):
    looker = stages[-1]
    Pipeline(config or Config(), stages=stages).analyze_many([Document(TEXT)])
    return looker.seen


def test_a_removal_by_an_earlier_stage_gets_a_second_look_without_it_and_its_own():
    assert _seen([_Remover(), _Looker()]) == [TEXT, "keep one\n"]


def test_its_own_removals_alone_get_no_second_look():
    # They take every copy but one of what the first look found: nothing new to see.
    assert _seen([_Looker()]) == [TEXT]


def test_a_removal_whose_code_is_not_selected_gets_no_second_look():
    assert _seen([_Remover(), _Looker()], Config(ignore=("B101",))) == [TEXT]
