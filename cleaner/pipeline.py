"""Runs the stages in order over one document, then reconciles it with the corpus.

Three phases, so that the expensive per-document work can run in worker
processes while corpus state (duplicate index, cross-document facts) is touched
by one process in input order:

1. `analyze`   — pure, per document: every stage's `check`, plus the `features`
                 that corpus stages need (signatures, claims...). Picklable result.
2. `reconcile` — in input order, against the `Corpus`: corpus stages compare the
                 features with what came before and remember this document.
3. `finish`    — select findings, apply safe fixes, build the result record.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Iterable, Protocol, Sequence

from .config import Config
from .document import Document, OffsetMap, TextView, choose_fixes, splice
from .findings import Finding, Fix
from .linemap import OriginalLines, placed_on_original
from .rules import is_selected


@dataclass(frozen=True, slots=True)
class Annotation:
    """A document-level value a stage reports besides findings (language, quality...)."""

    key: str
    value: Any


class Context:
    """Read-only, per-run things stages may need: the config and loaded resources."""

    def __init__(self, config: Config) -> None:
        self.config = config
        self._resources: dict[str, Any] = {}

    def resource(self, key: str, load: Any) -> Any:
        """Load a heavy resource (gazetteer, facts file) once per run."""
        if key not in self._resources:
            self._resources[key] = load()
        return self._resources[key]


class Stage(Protocol):
    """A step over one document. Offsets in and out are those of ``view.text``.

    A stage with ``looks_again = True`` is asked a second time where an earlier
    reporting stage removed something, on its view with the safe fixes of the
    reporting stages so far (its own included) applied:
    what it finds there is what the next pass of a fix loop would find (a line
    that repeats another only once the furniture between them is gone), so
    `clean` gets in one pass what `check --fix` gets by repeating. Transforming
    stages come first. Its optional ``worth_looking_again(view, doc, ctx)`` spares
    the second look where nothing could come of it.
    """

    name: str
    codes: tuple[str, ...]  # every code it may emit
    transforms: bool  # its safe fixes shape the text every later stage sees

    def check(self, view: TextView, doc: Document, ctx: Context) -> Iterable[Finding | Annotation]: ...


class CorpusStage(Stage, Protocol):
    """A stage that also compares documents with each other."""

    def features(self, view: TextView, doc: Document, ctx: Context) -> Any: ...

    def reconcile(self, features: Any, view: TextView, doc: Document, corpus: "Corpus",
                  ctx: Context) -> Iterable[Finding | Annotation]: ...


class FinalStage(Stage, Protocol):
    """A stage that also looks at the whole analysis once every other stage is done
    (e.g. how much content is left after all removals). Offsets here are ORIGINAL.
    """

    def finalize(self, analysis: "Analysis", ctx: Context) -> Iterable[Finding | Annotation]: ...


class Corpus:
    """State shared across the documents of a run (and across runs, via an index)."""

    def __init__(self, index: str | None = None) -> None:
        self.index = index  # where a persistent duplicate index lives, if anywhere
        self._state: dict[str, Any] = {}

    def state(self, key: str, create: Any) -> Any:
        if key not in self._state:
            self._state[key] = create()
        return self._state[key]

    def close(self) -> None:
        for value in self._state.values():
            close = getattr(value, "close", None)
            if callable(close):
                close()


@dataclass(slots=True)
class Analysis:
    """What `analyze` learned of one document; picklable, so it can cross processes."""

    doc: Document
    view: TextView  # the text after transforming stages, with its map to the original
    findings: list[Finding] = field(default_factory=list)  # original offsets
    annotations: dict[str, Any] = field(default_factory=dict)
    features: dict[str, Any] = field(default_factory=dict)  # per corpus stage name


@dataclass(slots=True)
class Result:
    doc: Document
    findings: list[Finding]  # selected, sorted, original offsets
    text: str  # the original with every safe fix applied
    annotations: dict[str, Any]
    text_map: OffsetMap | None = None  # `text` back to the original, where `Cleaner.fix` made it

    @property
    def changed(self) -> bool:
        return self.text != self.doc.text

    @property
    def duplicate_of(self) -> str | None:
        return self.annotations.get("duplicate_of")


def _looks_again(stage: Stage) -> bool:
    return getattr(stage, "looks_again", False)


def _emits_selected(stage: Stage, select: tuple[str, ...] | None, ignore: tuple[str, ...]) -> bool:
    return any(is_selected(code, select, ignore) for code in stage.codes)


class Pipeline:
    def __init__(self, config: Config, stages: Sequence[Stage] | None = None) -> None:
        from .stages import build_stages

        self.config = config
        self.context = Context(config)
        self.stages: list[Stage] = list(stages) if stages is not None else build_stages(config)
        self._active_by_codes: dict[tuple, list[Stage]] = {}
        # The reporting stages whose safe fixes a stage that looks again must see applied
        # (in the offsets of the view they saw: no transforming stage may come after them).
        last = max((i for i, s in enumerate(self.stages) if _looks_again(s)), default=-1)
        removers = [i for i, s in enumerate(self.stages[:last + 1]) if not s.transforms]
        if removers and any(s.transforms for s in self.stages[removers[0]:]):
            raise ValueError("transforming stages must run before a stage that looks again")
        self._removers = {id(self.stages[i]) for i in removers}

    def _active(self, doc: Document) -> list[Stage]:
        # Asked three times per document; the answer depends only on the codes selected.
        select, ignore = self.config.select, self.config.ignores_for(doc.path)
        active = self._active_by_codes.get((select, ignore))
        if active is None:
            active = [s for s in self.stages if s.transforms or _emits_selected(s, select, ignore)]
            self._active_by_codes[(select, ignore)] = active
        return active

    def analyze(self, doc: Document) -> Analysis:
        return self.analyze_many([doc])[0]

    def analyze_many(self, docs: Sequence[Document]) -> list[Analysis]:
        """`analyze` for several documents, stage by stage.

        Each stage runs over every document before the next stage starts (the
        same results as one document at a time, since stages are pure), so a
        stage with a `prepare(views, docs, ctx)` method can first do its work for
        the whole batch in bulk (the duplicate stages sketch all texts in one go).
        """
        analyses = [Analysis(doc, TextView.of(doc.text)) for doc in docs]
        active = [self._active(doc) for doc in docs]
        # Per document, the safe fixes (offsets of its view) of the reporting stages so
        # far that `finish` will apply: what a stage that looks again sees removed.
        removals: list[list[Fix]] = [[] for _ in docs]
        for stage in self.stages:
            members = [k for k, stages in enumerate(active) if stage in stages]
            if not members:
                continue
            self._prepare(stage, [analyses[k].view for k in members], [analyses[k].doc for k in members])
            collect = id(stage) in self._removers
            # Only removals by other stages are worth a second look: the stage's own
            # first-look removals take every copy but one of what it found.
            removed_before = [len(removals[k]) > 0 for k in members]
            for k in members:
                own = self._run_stage(stage, analyses[k], analyses[k].view)
                if collect:
                    removals[k] += self._applied(own, analyses[k].doc)
            if _looks_again(stage):
                self._look_again(stage, [(analyses[k], removals[k]) for k, before in zip(members, removed_before)
                                         if before])
        return analyses

    def _prepare(self, stage: Stage, views: list[TextView], docs: list[Document]) -> None:
        prepare = getattr(stage, "prepare", None)
        if prepare is not None:
            prepare(views, docs, self.context)

    def _look_again(self, stage: Stage, members: list[tuple[Analysis, list[Fix]]]) -> None:
        """Ask ``stage`` again where removals changed the text (see `Stage`), unless its
        ``worth_looking_again(view, doc, ctx)`` says that no removal could reveal anything."""
        worth = getattr(stage, "worth_looking_again", None)
        again = [(analysis, analysis.view.edited(fixes)) for analysis, fixes in members
                 if fixes and (worth is None or worth(analysis.view, analysis.doc, self.context))]
        again = [(analysis, view) for analysis, view in again if view is not analysis.view]
        if not again:
            return
        self._prepare(stage, [view for _, view in again], [analysis.doc for analysis, _ in again])
        for analysis, view in again:
            self._run_stage(stage, analysis, view)

    def _applied(self, findings: list[Finding], doc: Document) -> list[Fix]:
        """The safe fixes of ``findings`` that `finish` applies (their codes are selected)."""
        select, ignore = self.config.select, self.config.ignores_for(doc.path)
        return [f.fix for f in findings if f.fix is not None and f.fix.safe and is_selected(f.code, select, ignore)]

    def _run_stage(self, stage: Stage, analysis: Analysis, view: TextView) -> list[Finding]:
        """Run ``stage`` on ``view``: the analysis's, or (looking again) one with removals
        applied. Returns its findings in the offsets of ``analysis.view`` (none for the other)."""
        own: list[Finding] = []
        messages: dict[str, str] = {}
        for item in stage.check(view, analysis.doc, self.context):
            if isinstance(item, Annotation):
                analysis.annotations[item.key] = item.value
            else:
                own.append(share_message(item, messages))
        if view is not analysis.view:
            # Placed through the removals; the lines its messages name are the original's.
            lines = OriginalLines(view, analysis.doc.text)
            analysis.findings += [placed_on_original(f, view, lines) for f in own]
            return []
        if hasattr(stage, "features"):
            analysis.features[stage.name] = stage.features(view, analysis.doc, self.context)
        analysis.findings += [_to_original(f, view) for f in own]
        if stage.transforms:
            own_fixes = [f.fix for f in own if f.fix is not None and f.fix.safe]
            if own_fixes:
                analysis.view = view.edited(own_fixes)
        return own

    def reconcile(self, analysis: Analysis, corpus: Corpus) -> Analysis:
        return self.reconcile_many([analysis], corpus)[0]

    def reconcile_many(self, analyses: Sequence[Analysis], corpus: Corpus) -> Sequence[Analysis]:
        """`reconcile` for a batch, in input order.

        A stage with a `reconcile_many(features, views, docs, corpus, ctx)` method
        gets the whole batch at once (and returns one list of items per document,
        as if each had been reconciled in turn), so that it can ask its index in
        bulk; other stages are called once per document.
        """
        active = [self._active(a.doc) for a in analyses]
        for stage in self.stages:
            if not hasattr(stage, "reconcile"):
                continue
            members = [a for a, stages in zip(analyses, active) if stage in stages]
            if not members:
                continue
            if hasattr(stage, "reconcile_many"):
                batches = stage.reconcile_many([a.features.get(stage.name) for a in members],
                                               [a.view for a in members], [a.doc for a in members],
                                               corpus, self.context)
            else:
                batches = [stage.reconcile(a.features.get(stage.name), a.view, a.doc, corpus, self.context)
                           for a in members]
            for analysis, items in zip(members, batches):
                self.add_reconciled(analysis, items)
        return analyses

    @staticmethod
    def add_reconciled(analysis: Analysis, items: Iterable[Finding | Annotation]) -> None:
        """Take in what a corpus stage's reconcile said of ``analysis`` (offsets of its view);
        also for engines that reconcile elsewhere (the Ray engine's group by site)."""
        for item in items:
            if isinstance(item, Annotation):
                analysis.annotations[item.key] = item.value
            else:
                analysis.findings.append(_to_original(item, analysis.view))

    def finish(self, analysis: Analysis) -> Result:
        doc = analysis.doc
        for stage in self._active(doc):
            if hasattr(stage, "finalize"):
                for item in stage.finalize(analysis, self.context):
                    if isinstance(item, Annotation):
                        analysis.annotations[item.key] = item.value
                    else:
                        analysis.findings.append(item)
        ignore = self.config.ignores_for(doc.path)
        findings = sorted(
            (f for f in analysis.findings if is_selected(f.code, self.config.select, ignore)),
            key=Finding.sort_key,
        )
        text = apply_safe_fixes(doc.text, findings)
        return Result(doc, findings, text, analysis.annotations)

    def run(self, doc: Document, corpus: Corpus | None = None) -> Result:
        analysis = self.analyze(doc)
        if corpus is not None:
            self.reconcile(analysis, corpus)
        return self.finish(analysis)

    def run_many(self, docs: Sequence[Document], corpus: Corpus | None = None) -> list[Result]:
        """`run` for a batch: analysed together (see `analyze_many`), reconciled in order."""
        analyses = self.analyze_many(docs)
        if corpus is not None:
            self.reconcile_many(analyses, corpus)
        return [self.finish(a) for a in analyses]


def share_message(finding: Finding, messages: dict[str, str]) -> Finding:
    """``finding``, holding the one copy in ``messages`` of its message.

    A text dense with findings repeats the same message thousands of times ("missing
    space after ';' in 'amp;amp'" every four characters); each copy cost as much as
    the finding itself. The swap changes no value (the two strings are equal), so it
    is made in place, frozen or not: a new finding per copy would cost time for nothing.
    """
    shared = messages.setdefault(finding.message, finding.message)
    if shared is not finding.message:
        object.__setattr__(finding, "message", shared)
    return finding


def _to_original(finding: Finding, view: TextView) -> Finding:
    if view.to_original.is_identity:
        return finding
    start, end = view.to_original.span_to_source(finding.start, finding.end)
    return finding.moved(start, end, view.map_fix(finding.fix))


def apply_safe_fixes(text: str, findings: Iterable[Finding]) -> str:
    fixes = [f.fix for f in findings if f.fix is not None and f.fix.safe]
    if not fixes:
        return text
    return splice(text, choose_fixes(fixes))
