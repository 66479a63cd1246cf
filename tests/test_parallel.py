"""Workers change speed, never results."""

import json

from cleaner.cli import main
from cleaner import parallel


def test_workers_give_identical_output_in_input_order(tmp_path, typo_rule, monkeypatch):
    monkeypatch.setattr(parallel, "BATCH_DOCS", 3)  # many small batches: ordering is exercised
    lines = []
    for i in range(40):
        text = f"record {i} teh end" if i % 3 else f"record {i} clean"
        lines.append(json.dumps({"id": f"r{i}", "text": text}))
    lines.insert(7, "{broken")
    src = tmp_path / "in.jsonl"
    src.write_text("\n".join(lines) + "\n")
    outputs = []
    for workers in ("1", "2"):
        out = tmp_path / f"out{workers}.jsonl"
        rejects = tmp_path / f"rej{workers}.jsonl"
        assert main(["clean", str(src), "-o", str(out), "--rejects", str(rejects), "--workers", workers]) == 1
        outputs.append((out.read_text(), rejects.read_text()))
    assert outputs[0] == outputs[1]
    ids = [json.loads(x)["id"] for x in outputs[0][0].splitlines()]
    assert ids == [f"r{i}" for i in range(40)]
    assert json.loads(outputs[0][1])["line"] == 8


class _SeenBeforeStage:
    """Test-only corpus stage: a line seen in an earlier document gets a safe removal
    fix in reconcile, and a final stage counts what is left (so finishing depends on
    what reconcile added)."""

    name = "seen"
    codes = ("Q991",)
    transforms = False

    def check(self, view, doc, ctx):
        return ()

    def features(self, view, doc, ctx):
        return [(p.start, p.end, p.text) for p in view.paragraphs()]

    def reconcile(self, lines, view, doc, corpus, ctx):
        from cleaner.document import Paragraph, line_removal_fix
        from cleaner.findings import Finding

        seen = corpus.state("seen-lines", set)
        for start, end, text in lines:
            if text in seen:
                fix = line_removal_fix(view.text, Paragraph(0, start, end, text))
                yield Finding("Q991", "line seen before", start, end, fix=fix)
            seen.add(text)

    def finalize(self, analysis, ctx):
        from cleaner.pipeline import Annotation

        removed = sum(f.end - f.start for f in analysis.findings if f.fix is not None and f.fix.safe)
        yield Annotation("quality", {"removed_chars": removed})


def test_workers_match_one_process_when_reconcile_changes_the_result(tmp_path, monkeypatch):
    from cleaner import rules, stages

    rules.all_rules()
    rules.define_rule("Q991", "test-seen", "test-only rule", "Only for tests.", examples="x")
    monkeypatch.setattr(stages, "build_stages", lambda config: [_SeenBeforeStage()])
    monkeypatch.setattr(parallel, "BATCH_DOCS", 4)
    lines = [json.dumps({"id": f"r{i}", "text": f"line {i % 5}\nunique {i}\nother {i % 7}"}) for i in range(60)]
    src = tmp_path / "in.jsonl"
    src.write_text("\n".join(lines) + "\n")
    outputs = []
    try:
        for workers in ("1", "2"):
            out = tmp_path / f"out{workers}.jsonl"
            assert main(["clean", str(src), "-o", str(out), "--workers", workers]) == 0
            outputs.append(out.read_text())
    finally:
        rules._REGISTRY.pop("Q991", None)
    assert outputs[0] == outputs[1]
    records = [json.loads(x) for x in outputs[0].splitlines()]
    assert records[0]["findings"] == [] and records[0]["quality"] == {"removed_chars": 0}
    assert "line 0" not in records[35]["text"] and records[35]["quality"]["removed_chars"] > 0


class _MarkStage(_SeenBeforeStage):
    """Like `_SeenBeforeStage`, but reconcile only marks (no safe fix) and sets an
    annotation."""

    def check(self, view, doc, ctx):
        from cleaner.findings import Finding, Fix

        at = view.text.find("unique")
        if at >= 0:  # a removal made at check time, which finalize must see
            yield Finding("Q991", "test removal", at, at + 6, fix=Fix("", at, at + 6))

    def reconcile(self, lines, view, doc, corpus, ctx):
        from cleaner.findings import Finding
        from cleaner.pipeline import Annotation

        seen = corpus.state("seen-lines", dict)
        for start, end, text in lines:
            if text in seen:
                yield Annotation("duplicate_of", seen[text])
                yield Finding("Q991", "line seen before", start, end)
            seen.setdefault(text, doc.id)


def test_workers_finish_documents_when_reconcile_only_marks(tmp_path, monkeypatch):
    from cleaner import api, rules, stages

    rules.all_rules()
    rules.define_rule("Q991", "test-seen", "test-only rule", "Only for tests.", examples="x")
    monkeypatch.setattr(stages, "build_stages", lambda config: [_MarkStage()])
    monkeypatch.setattr(parallel, "BATCH_DOCS", 4)
    monkeypatch.setattr(parallel, "MAIN_PROCESS_CLEANS", False)  # every batch takes the workers' path
    finished_here = []
    original = api.Cleaner._finished
    monkeypatch.setattr(api.Cleaner, "_finished", lambda self, a: finished_here.append(a.doc.id) or original(self, a))
    lines = [json.dumps({"id": f"r{i}", "text": f"line {i % 5}\nunique {i}\nother {i % 7}"}) for i in range(60)]
    src = tmp_path / "in.jsonl"
    src.write_text("\n".join(lines) + "\n")
    outputs = []
    try:
        for workers in ("1", "2"):
            finished_here.clear()
            out = tmp_path / f"out{workers}.jsonl"
            assert main(["clean", str(src), "-o", str(out), "--workers", workers]) == 0
            outputs.append(out.read_text())
    finally:
        rules._REGISTRY.pop("Q991", None)
    assert outputs[0] == outputs[1]
    assert len(finished_here) <= 1  # only the warm-up document: the workers finished the others
    records = [json.loads(x) for x in outputs[0].splitlines()]
    assert records[40]["duplicate_of"] == "r5" and records[40]["quality"] == {"removed_chars": 6}
    assert [f["message"] for f in records[40]["findings"]] == ["line seen before", "test removal",
                                                               "line seen before"]


class _FailingStage:
    """Test-only stage that fails in the worker on one record: with CleanerError, or by
    ending the worker process outright."""

    name = "failing"
    codes = ("Q992",)
    transforms = False

    def __init__(self, how):
        self.how = how

    def check(self, view, doc, ctx):
        import multiprocessing
        import os

        from cleaner.errors import CleanerError

        if "boom" in view.text and multiprocessing.parent_process() is not None:
            if self.how == "error":
                raise CleanerError("the index is unreachable")
            os._exit(3)
        return ()


def _run_failing(tmp_path, monkeypatch, how):
    from cleaner import stages

    monkeypatch.setattr(stages, "build_stages", lambda config: [_FailingStage(how)])
    monkeypatch.setattr(parallel, "BATCH_DOCS", 4)
    monkeypatch.setattr(parallel, "MAIN_PROCESS_CLEANS", False)  # record 30 is analysed in a worker
    monkeypatch.setattr(parallel, "POLL_S", 0.05)
    lines = [json.dumps({"id": f"r{i}", "text": "boom" if i == 30 else f"record {i}"}) for i in range(60)]
    src = tmp_path / "in.jsonl"
    src.write_text("\n".join(lines) + "\n")
    out = tmp_path / "out.jsonl"
    code = main(["clean", str(src), "-o", str(out), "--workers", "2", "--no-progress"])
    return code, out


def test_an_error_in_a_worker_stops_the_run_with_its_message(tmp_path, monkeypatch, capsys):
    code, out = _run_failing(tmp_path, monkeypatch, "error")
    assert code == 2 and not out.exists()
    assert "the index is unreachable" in capsys.readouterr().err


def test_a_worker_that_dies_stops_the_run(tmp_path, monkeypatch, capsys):
    code, out = _run_failing(tmp_path, monkeypatch, "exit")
    assert code == 2 and not out.exists()
    assert "worker process ended unexpectedly (exit code 3)" in capsys.readouterr().err


def test_stream_with_workers_gives_the_same_results(monkeypatch):
    from cleaner.api import Cleaner

    monkeypatch.setattr(parallel, "BATCH_DOCS", 3)
    body = "Subscribe to our Newsletter\nThe council met on Tuesday and approved teh budget for 2025.\n"
    records = [{"id": f"r{i}", "text": f"Story {i % 4}\n{body}Reporting by Ann Lee\n", "url": "https://x.org/a"}
               for i in range(14)]
    records.insert(4, {"id": "no text"})
    one = list(Cleaner().stream(records, workers=1))
    two = list(Cleaner().stream(records, workers=2))
    assert [type(r) for r in one] == [type(r) for r in two]
    for a, b in zip(one, two):
        if hasattr(a, "findings"):
            assert (a.doc, a.findings, a.text, a.annotations) == (b.doc, b.findings, b.text, b.annotations)
        else:
            assert a == b
    assert any(r.findings for r in one if hasattr(r, "findings")) and any(r.duplicate_of for r in two[1:] if hasattr(r, "doc"))


def _record_where_batches_are_analysed(monkeypatch, log):
    """Append the analysing process's pid to ``log`` for every batch (workers inherit the patch by fork)."""
    import os

    original = parallel.analyze_batch

    def logged(pipeline, batch):
        with open(log, "a") as handle:
            handle.write(f"{os.getpid()}\n")
        return original(pipeline, batch)

    monkeypatch.setattr(parallel, "analyze_batch", logged)


def test_the_main_process_cleans_beside_one_worker_fewer(tmp_path, monkeypatch):
    """--workers 2: one worker process, and the main process cleans batches when it
    would otherwise wait; the output is the one a single process writes."""
    import multiprocessing
    import os

    from cleaner import rules, stages

    if "fork" not in multiprocessing.get_all_start_methods():
        import pytest

        pytest.skip("the analysing process is recorded through a patch that workers inherit by fork")
    rules.all_rules()
    rules.define_rule("Q991", "test-seen", "test-only rule", "Only for tests.", examples="x")
    monkeypatch.setattr(stages, "build_stages", lambda config: [_SeenBeforeStage()])
    monkeypatch.setattr(parallel, "BATCH_DOCS", 3)
    assert parallel.MAIN_PROCESS_CLEANS
    lines = [json.dumps({"id": f"r{i}", "text": f"line {i % 5}\nunique {i}\nother {i % 7}"}) for i in range(90)]
    src = tmp_path / "in.jsonl"
    src.write_text("\n".join(lines) + "\n")
    log = tmp_path / "pids.txt"
    outputs = []
    try:
        for workers in ("1", "2"):
            out = tmp_path / f"out{workers}.jsonl"
            assert main(["clean", str(src), "-o", str(out), "--workers", workers, "--no-progress"]) == 0
            outputs.append(out.read_text())
            if workers == "1":
                _record_where_batches_are_analysed(monkeypatch, log)
    finally:
        rules._REGISTRY.pop("Q991", None)
    assert outputs[0] == outputs[1]
    pids = log.read_text().split()
    assert len(pids) == 30  # every batch analysed once
    # The first batches go to the worker while the main process, with nothing to
    # reconcile yet, takes the next one itself: both clean, and no other process does.
    assert set(pids) == {str(os.getpid()), next(p for p in pids if p != str(os.getpid()))}
    assert 0 < pids.count(str(os.getpid())) < 30


def test_without_the_main_process_cleaning_workers_do_it_all(tmp_path, monkeypatch):
    import os

    monkeypatch.setattr(parallel, "BATCH_DOCS", 3)
    monkeypatch.setattr(parallel, "MAIN_PROCESS_CLEANS", False)
    log = tmp_path / "pids.txt"
    _record_where_batches_are_analysed(monkeypatch, log)
    lines = [json.dumps({"id": f"r{i}", "text": f"record {i} teh end"}) for i in range(30)]
    src = tmp_path / "in.jsonl"
    src.write_text("\n".join(lines) + "\n")
    out = tmp_path / "out.jsonl"
    assert main(["clean", str(src), "-o", str(out), "--workers", "2", "--no-progress"]) == 0
    pids = log.read_text().split()
    assert len(pids) == 10 and str(os.getpid()) not in pids
    assert [json.loads(x)["id"] for x in out.read_text().splitlines()] == [f"r{i}" for i in range(30)]


def test_workers_run_below_the_main_process():
    """The main process reconciles serially; a worker must not take its core."""
    import os
    import time

    from cleaner.config import Config

    mine = os.getpriority(os.PRIO_PROCESS, 0)
    expected = min(19, mine + parallel.WORKER_NICENESS)
    pool = parallel._Pool(Config(), False, 1, None, False, fork=True)
    try:
        pid = pool.procs[0].pid
        deadline = time.monotonic() + 30  # the worker lowers itself as it starts
        while os.getpriority(os.PRIO_PROCESS, pid) != expected and time.monotonic() < deadline:
            time.sleep(0.02)
        assert os.getpriority(os.PRIO_PROCESS, pid) == expected
        assert os.getpriority(os.PRIO_PROCESS, 0) == mine
    finally:
        pool.close(ok=True)


class _BugStage:
    """Test-only stage with a bug on one text (an exception that is not the user's)."""

    name = "buggy"
    codes = ("Q993",)
    transforms = False

    def check(self, view, doc, ctx):
        if "overflow" in view.text:
            raise OverflowError("date value out of range")
        return ()


def test_a_bug_on_the_first_record_rejects_it_alone_with_workers(tmp_path, monkeypatch, capsys):
    # The first record also warms the workers' pipeline up before they fork: a bug
    # there ended the whole run ("internal error"), with no output.
    from cleaner import stages

    monkeypatch.setattr(stages, "build_stages", lambda config: [_BugStage()])
    lines = [json.dumps({"id": f"r{i}", "text": "overflow" if i == 0 else f"record {i}"}) for i in range(12)]
    src = tmp_path / "in.jsonl"
    src.write_text("\n".join(lines) + "\n")
    out, rejects = tmp_path / "out.jsonl", tmp_path / "rejects.jsonl"
    code = main(["clean", str(src), "-o", str(out), "--rejects", str(rejects), "--workers", "2", "--no-progress"])
    assert code == 1
    assert len(out.read_text().splitlines()) == 11
    assert "OverflowError" in rejects.read_text()


def test_the_pools_pipes_hold_a_batch_in_one_write():
    import fcntl
    import sys

    import pytest

    from cleaner.config import Config

    if not sys.platform.startswith("linux") or not hasattr(fcntl, "F_GETPIPE_SZ"):
        pytest.skip("pipe sizes are set on Linux only")
    with open("/proc/sys/fs/pipe-max-size") as handle:
        if int(handle.read()) < parallel.PIPE_BYTES:
            pytest.skip("this system caps pipes below PIPE_BYTES")
    pool = parallel._Pool(Config(), False, 1, None, False, fork=True)
    try:
        for q in [pool.replies, *pool.tasks]:
            assert fcntl.fcntl(q._writer.fileno(), fcntl.F_GETPIPE_SZ) >= parallel.PIPE_BYTES
    finally:
        pool.close(ok=True)
