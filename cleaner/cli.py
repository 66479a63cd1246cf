"""Command line: argument parsing, printing, exit codes — nothing else.

Every command is a function returning an exit code; `CleanerError` is the one
error type mapped to exit code 2.
"""

from __future__ import annotations

import argparse
import difflib
import gc
import gzip
import io
import os
import signal
import sys
import time
import traceback
from functools import lru_cache
from pathlib import Path
from typing import Iterable, Sequence, TextIO

from . import __version__
from .api import Cleaner
from .config import Config, find_project_config, find_project_file, load_config_file, parse_languages
from .errors import CleanerError, InputError
from .batch import BatchOptions, run_batch
from .files import fingerprint, is_special_output, write_atomic
from .heap import return_large_blocks
from .jsonrecord import replace_field
from .output import FORMATS, Checked, render_chunks
from .output import html as html_format
from .output.common import printable_path
from .parallel import BatchBoundaries, default_workers
from .output.text import render_statistics
from .progress import Progress, input_size
from .rules import FAMILIES, all_rules, get_rule, validate_selectors
from .sources import (GZIP_MAGIC, UTF8_BOM, Rejected, decode_text, discover, is_jsonl, iter_jsonl, open_jsonl,
                      parse_published)
from .document import Document

EXIT_OK, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2
EXIT_REJECTED = 1  # `clean`: some records were rejected (every good one was still written)


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # argparse exits 2 on usage errors, 0 on --help
        return int(exc.code or 0)
    if not getattr(args, "command", None):
        parser.print_help(sys.stderr)
        return EXIT_ERROR
    try:
        return _run(args)
    finally:
        if argv is None:
            # Run as a program (the console script, `python -m cleaner`): the process ends
            # now, and its last full collection at exit would walk every object still
            # alive (the duplicate index, gazetteers): 0.3 s after a 10 MB clean. Frozen,
            # they are left to the exit itself.
            gc.freeze()


def _run(args: argparse.Namespace) -> int:
    """The command, with errors turned into messages and exit codes."""
    try:
        return args.func(args)
    except CleanerError as exc:
        print(f"cleaner: error: {exc}", file=sys.stderr)
        return EXIT_ERROR
    except KeyboardInterrupt:
        print("cleaner: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return EXIT_OK
    except Exception as exc:  # noqa: BLE001 - a bug: one clear line, the traceback on request
        print(f"cleaner: internal error: {_describe(exc)}; this is a bug in cleaner, please report it "
              "(set CLEANER_DEBUG=1 for the traceback)", file=sys.stderr)
        if os.environ.get("CLEANER_DEBUG"):
            traceback.print_exc()
        return EXIT_ERROR


def _describe(exc: BaseException) -> str:
    return f"{type(exc).__name__}: {exc}"[:500]


# -- parser ---------------------------------------------------------------------

def _codes(value: str) -> list[str]:
    return [v for v in value.replace(" ", "").split(",") if v]


def _add_max_documents(p: argparse.ArgumentParser) -> None:
    p.add_argument("--max-documents", type=_at_least_one, default=html_format.MAX_DOCUMENTS, metavar="N",
                   help="HTML: show the text of at most N documents (the first with findings once there are "
                        f"more; counts cover all; default {html_format.MAX_DOCUMENTS})")


def _add_check_workers(p: argparse.ArgumentParser) -> None:
    p.add_argument("--workers", type=_at_least_one, default=None, metavar="N",
                   help="processes that check: N - 1 workers and this one (default: all cores once the input reaches "
                        f"{CHECK_WORKERS_MIN_BYTES // 1_000_000} MB in several documents, else 1)")


def _at_least_one(value: str) -> int:
    try:
        number = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number, not {value!r}") from None
    if number < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1, not {number}")
    return number


def _add_common(p: argparse.ArgumentParser) -> None:
    # Given twice, a flag adds up (`--ignore W --ignore B`), as in ruff.
    p.add_argument("--select", type=_codes, action="extend", help="only these codes or families, e.g. B,D101")
    p.add_argument("--ignore", type=_codes, action="extend",
                   help="leave out these codes or families (added to the project's ignore)")
    p.add_argument("--extend-select", type=_codes, action="extend", help=argparse.SUPPRESS)
    p.add_argument("--config", metavar="FILE", help="a pyproject.toml or cleaner TOML file")
    p.add_argument("--facts", metavar="FILE", action="append", help="reference facts (TOML); may repeat")
    p.add_argument("--index", metavar="PATH_OR_URL", help="persistent duplicate index: SQLite file or redis://")
    p.add_argument("--languages", type=_codes, help="expected languages, e.g. en,de")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="cleaner", description="Find and fix what scraping broke in news text.")
    parser.add_argument("--version", action="version", version=f"cleaner {__version__}")
    sub = parser.add_subparsers(dest="command")

    check = sub.add_parser("check", help="report findings in files (pre-commit entry point)")
    check.add_argument("paths", nargs="+", metavar="PATH")
    check.add_argument("--fix", action="store_true", help="apply every safe fix in place, atomically")
    check.add_argument("--diff", action="store_true", help="print the diff --fix would apply; write nothing")
    check.add_argument("--format", choices=sorted(FORMATS), default="text")
    check.add_argument("-o", "--output", metavar="FILE", help="write the report here instead of stdout")
    check.add_argument("--published", metavar="DATE", help="publication date of plain files (YYYY-MM-DD)")
    check.add_argument("--statistics", action="store_true",
                       help="count findings per code (a JSON list with --format json)")
    check.add_argument("--no-progress", action="store_true", help="no progress bar even on a terminal")
    _add_max_documents(check)
    _add_check_workers(check)
    _add_common(check)
    check.set_defaults(func=cmd_check)

    report = sub.add_parser("report", help="write an HTML report of the findings (check --format html)",
                            description="Check PATHs and write one self-contained HTML page: counts per "
                                        "family and document, every document with its findings marked, "
                                        "filters. Exit 0 once the report is written, even with findings.")
    report.add_argument("paths", nargs="+", metavar="PATH")
    report.add_argument("-o", "--output", default="cleaner-report.html", metavar="FILE",
                        help="where to write the report (default: cleaner-report.html; - for stdout)")
    report.add_argument("--published", metavar="DATE", help="publication date of plain files (YYYY-MM-DD)")
    report.add_argument("--no-progress", action="store_true", help="no progress bar even on a terminal")
    _add_max_documents(report)
    _add_check_workers(report)
    _add_common(report)
    report.set_defaults(func=cmd_report)

    clean = sub.add_parser("clean", help="clean a JSONL stream of records (ingestion entry point)")
    clean.add_argument("input", nargs="?", default="-", metavar="INPUT.jsonl")
    clean.add_argument("-o", "--output", default="-", metavar="OUTPUT.jsonl")
    clean.add_argument("--drop", type=_codes, default=[], help="drop records with findings of these codes")
    clean.add_argument("--rejects", metavar="FILE", help="write records that could not be processed here")
    clean.add_argument("--workers", type=int, default=None, help="processes that clean: N - 1 workers and this one, which also reads, "
                       "reconciles and writes (default: all cores)")
    clean.add_argument("--no-progress", action="store_true", help="no progress bar even on a terminal")
    clean.add_argument("--engine", choices=("local", "ray"), default="local",
                       help="local: worker processes on this machine; ray: a Ray cluster (pip install 'cleaner[ray]')")
    clean.add_argument("--ray-address", metavar="ADDR", help="Ray cluster to join (default: start a local one)")
    clean.add_argument("--resume", action="store_true",
                       help="continue an interrupted run from its last checkpoint instead of starting over")
    _add_common(clean)
    clean.set_defaults(func=cmd_clean)

    index = sub.add_parser("index", help="inspect or prune the persistent duplicate index")
    index_sub = index.add_subparsers(dest="index_command")
    stats = index_sub.add_parser("stats", help="documents, groups and table sizes of the index")
    prune = index_sub.add_parser("prune", help="forget documents added more than DAYS days ago")
    prune.add_argument("--older-than", type=float, required=True, metavar="DAYS")
    for p in (stats, prune):
        p.add_argument("--index", metavar="PATH_OR_URL", help="the index (default: `index` in the config)")
        p.add_argument("--config", metavar="FILE", help="a pyproject.toml or cleaner TOML file")
    index.set_defaults(func=cmd_index)

    rules = sub.add_parser("rules", help="list every rule code")
    rules.set_defaults(func=cmd_rules)
    rule = sub.add_parser("rule", help="explain one rule")
    rule.add_argument("code")
    rule.set_defaults(func=cmd_rule)
    return parser


# -- configuration ----------------------------------------------------------------

def resolve_config(args: argparse.Namespace, near: str | None) -> Config:
    """Config file (--config, else [tool.cleaner] found upward), then CLI flags win."""
    if args.config:
        config = load_config_file(args.config)
    else:
        config = find_project_config(near or os.getcwd()) or Config()
    changes: dict = {}
    if args.select is not None:
        changes["select"] = validate_selectors(args.select)
    elif config.select is not None:
        changes["select"] = validate_selectors(config.select)
    # As in ruff, a selection on the command line starts afresh: `--select W` over a
    # project that ignores W checks W (per-file ignores still apply); an `--ignore`
    # alone is added to the project's.
    ignore = () if args.select is not None else validate_selectors(config.ignore or ())
    if args.ignore is not None:
        ignore += validate_selectors(args.ignore)
    if ignore or args.select is not None or args.ignore is not None:
        changes["ignore"] = ignore
    if args.extend_select and changes.get("select") is not None:  # (with no selection, all is selected)
        changes["select"] = changes["select"] + validate_selectors(args.extend_select)
    if args.facts:
        changes["facts"] = tuple(args.facts)
    if args.index:
        changes["index"] = args.index
    if args.languages:
        changes["languages"] = parse_languages(args.languages, "--languages")
    return config.replaced(**changes) if changes else config


# -- check ------------------------------------------------------------------------

class _Loaded:
    """One input file, read once: its documents and what it held on disk.

    ``raw`` is the file's bytes (what the fingerprint guards); ``content`` the
    bytes the documents came from (the same, or gunzipped).
    """

    def __init__(self, path: str, raw: bytes, docs: list[Document], rejected: list[Rejected],
                 content: bytes | None = None) -> None:
        self.path, self.raw, self.docs, self.rejected = path, raw, docs, rejected
        self.content = raw if content is None else content

    @property
    def compressed(self) -> bool:
        return self.content is not self.raw


def _load(path: str, published) -> _Loaded:
    try:
        with open(path, "rb") as handle:
            raw = handle.read()
    except IsADirectoryError:
        raise InputError(f"{path}: is a directory") from None
    except OSError as exc:
        raise InputError(f"{path}: cannot read ({exc.strerror or exc})") from None
    if is_jsonl(path):
        # Parsed from the bytes just read, so documents and fingerprint agree.
        items = list(iter_jsonl(io.BytesIO(raw), path))
        docs = [i for i in items if isinstance(i, Document)]
        content = None
        if raw.startswith(GZIP_MAGIC) and not any(isinstance(i, Rejected) for i in items):
            content = gzip.decompress(raw)
        return _Loaded(path, raw, docs, [i for i in items if isinstance(i, Rejected)], content)
    if not raw.strip():
        # Not an error: an empty file is valid (and what --fix leaves when every
        # line was furniture); saying so keeps it from passing unnoticed.
        print(f"cleaner: warning: {path}: is empty; nothing to check", file=sys.stderr)
        return _Loaded(path, raw, [], [])
    text = decode_text(raw, path)
    if "\r" in text and "\n" not in text:
        # Classic Mac line ends: the whole file is one line to every position and rule.
        print(f"cleaner: warning: {path}: lines end in CR alone (classic Mac); they are read as one line, "
              "so positions and line-based rules will be off: convert to LF or CRLF first", file=sys.stderr)
    return _Loaded(path, raw, [Document(text=text, id=file_document_id(path), path=path, published=published)], [])


def file_document_id(path: str) -> str:
    """A plain file's document id: its path from the root of its project (the folder of
    the pyproject.toml with [tool.cleaner] above it), else its path as given.

    The project's persistent index must know a file by one name however it is
    reached: pre-commit passes it from the root, an editor by its absolute path, a
    developer from a subfolder. Outside a project the path as given is all there is.
    """
    real = os.path.realpath(path)
    root = _project_root(os.path.dirname(real))
    if root is not None:
        inside = os.path.relpath(real, root)
        if not inside.startswith(os.pardir):
            return printable_path(Path(inside).as_posix())
    return printable_path(os.path.normpath(path))


@lru_cache(maxsize=1024)  # one walk up (and pyproject read) per folder, not per file
def _project_root(folder: str) -> str | None:
    found = find_project_file(folder)
    return str(found.parent) if found is not None else None


def cmd_check(args: argparse.Namespace) -> int:
    if args.fix and args.diff:
        raise CleanerError("--fix and --diff do not go together: --diff shows what --fix would write")
    published = _published(args.published)
    missing: list[str] = []
    paths = discover(args.paths, missing)
    if missing and len(missing) == len(args.paths):
        # Nothing at all to check: a plain usage error, and no report is written.
        raise InputError(f"{missing[0]}: no such file or directory")
    groups = _config_groups(args, paths)
    errors = 0
    for path in missing:  # reported, and the other paths are still checked (exit 2 at the end)
        print(f"cleaner: error: {path}: no such file or directory", file=sys.stderr)
        errors += 1
    by_path: dict[str, tuple[_Loaded, list[Checked]]] = {}
    progress = _check_progress(args, paths)
    with progress:
        for config, group in groups:
            # One Cleaner per project: the files it checks are one batch (duplicates).
            # `check` reports what `--fix` will do: a fix can make another line removable
            # (the copies of a title stop being separated once the menu line between them
            # goes), and what the later passes find is shown, marked "(after earlier fixes)".
            with Cleaner(config, fixed_point=True) as cleaner:
                errors += _check_group(cleaner, group, published, args, progress, by_path)
    loaded_files = [by_path[p] for p in dict.fromkeys(paths) if p in by_path]
    checked = [c for _, results in loaded_files for c in results]
    if errors and not loaded_files:
        return EXIT_ERROR  # nothing could be read: no report, not even an empty one

    if args.diff:
        diff = "".join(_diff(loaded, results) for loaded, results in loaded_files)
        _emit(args.output, diff)
        return EXIT_ERROR if errors else (EXIT_FINDINGS if diff else EXIT_OK)

    if args.fix:
        fixed_files = 0
        remaining: list[Checked] = []
        for loaded, results in loaded_files:
            written = False
            if loaded.rejected and any(c.result.changed for c in results):
                print(f"cleaner: warning: {loaded.path}: not rewritten, because some of its lines could not "
                      "be read (see above)", file=sys.stderr)
            elif any(c.result.changed for c in results):
                try:
                    write_atomic(loaded.path, _new_content(loaded, results), fingerprint(loaded.raw))
                    written = True
                    fixed_files += 1
                except CleanerError as exc:
                    print(f"cleaner: error: {exc}", file=sys.stderr)
                    errors += 1
            # A file left as it was keeps every finding, where it was.
            remaining += [Checked(c.path, _unfixed(c.result)) if written else c for c in results]
        fixed = sum(len(c.result.findings) for c in checked) - sum(len(c.result.findings) for c in remaining)
        _emit(args.output, _render(args, remaining))
        print(f"Fixed {fixed} finding{'s' if fixed != 1 else ''} in {fixed_files} file"
              f"{'s' if fixed_files != 1 else ''}.", file=sys.stderr)
        checked = remaining
    else:
        _emit(args.output, _render(args, checked))
    if errors:
        return EXIT_ERROR
    return EXIT_FINDINGS if any(c.result.findings for c in checked) else EXIT_OK


def _config_groups(args: argparse.Namespace, paths: list[str]) -> list[tuple[Config, list[str]]]:
    """The paths grouped by the configuration that applies to each: --config for all, else
    the [tool.cleaner] of the nearest pyproject.toml above each (pre-commit passes files
    of several projects of a monorepo in one call). Groups in order of first appearance."""
    if args.config or len(paths) <= 1:
        return [(resolve_config(args, paths[0] if paths else args.paths[0]), paths)]
    by_folder: dict[str, Path | None] = {}  # one walk up per folder, not per file
    groups: dict[Path | None, list[str]] = {}
    for path in paths:
        folder = os.path.dirname(os.path.abspath(path))
        if folder not in by_folder:
            by_folder[folder] = find_project_file(path)
        groups.setdefault(by_folder[folder], []).append(path)
    return [(resolve_config(args, group[0]), group) for group in groups.values()]


# Below this much input one process checks faster than starting workers (pre-commit
# passes a handful of small files per call).
CHECK_WORKERS_MIN_BYTES = 2_000_000


def _check_group(cleaner: Cleaner, group: list[str], published, args: argparse.Namespace,
                 progress: Progress, by_path: dict[str, tuple[_Loaded, list[Checked]]]) -> int:
    """Read the files of one project and check (or fix in memory) their documents as
    one stream, in worker processes when there is enough of it. Returns the errors."""
    errors = 0
    loaded_files: list[_Loaded] = []
    for path in group:
        try:
            loaded = _load(path, published)
        except InputError as exc:
            progress.close()
            print(f"cleaner: error: {exc}", file=sys.stderr)
            errors += 1
            continue
        for rej in loaded.rejected:
            progress.close()
            print(f"{path}:{rej.line}:1: error: {rej.reason}", file=sys.stderr)
            errors += 1
        by_path[path] = (loaded, [])
        if loaded.docs:
            loaded_files.append(loaded)
        else:
            progress.advance(0, len(loaded.raw))
    owned = [(loaded, doc) for loaded in loaded_files for doc in loaded.docs]
    left = {loaded.path: len(loaded.docs) for loaded in loaded_files}
    results = cleaner.stream((doc for _, doc in owned), workers=_check_workers(args, loaded_files))
    for (owner, doc), item in zip(owned, results):
        if isinstance(item, Rejected):  # a rule crashed on it: a bug, and the file stays as it is
            progress.close()
            where = f"{owner.path}:{doc.record_line}" if doc.record_line else owner.path
            print(f"cleaner: {where}: {item.reason}; please report it; file left unchanged", file=sys.stderr)
            errors += 1
            owner.rejected.append(Rejected(doc.record_line or 1, "internal error", ""))
        else:
            by_path[owner.path][1].append(Checked(owner.path, item))
        left[owner.path] -= 1
        if left[owner.path] == 0:
            progress.advance(len(owner.docs), len(owner.raw))
    return errors


def _check_workers(args: argparse.Namespace, loaded_files: list[_Loaded]) -> int:
    """--workers, else all cores for 2 MB or more in two batches or more: a single
    batch (one large page) only pays for sending its results between processes."""
    if args.workers is not None:
        return args.workers
    if sum(len(f.raw) for f in loaded_files) < CHECK_WORKERS_MIN_BYTES:
        return 1
    cuts = BatchBoundaries()
    ends = [cuts.ends_after(doc) for f in loaded_files for doc in f.docs]
    batches = sum(ends) + (1 if ends and not ends[-1] else 0)  # the last batch may end short
    return default_workers() if batches >= 2 else 1


def _check_progress(args: argparse.Namespace, paths: list[str]) -> Progress:
    """A bar (or log lines) for a run over several files; one file needs none."""
    enabled = len(paths) > 1 and not args.no_progress
    total = sum(input_size(p) or 0 for p in paths) if enabled else None
    return Progress(total, label=f"cleaner {args.command}", enabled=enabled)


def cmd_report(args: argparse.Namespace) -> int:
    """`cleaner check --format html`, written to a file; findings are not a failure here."""
    args.format, args.fix, args.diff, args.statistics = "html", False, False, False
    code = cmd_check(args)
    if code == EXIT_ERROR:
        return code
    if args.output != "-":
        print(f"cleaner report: wrote {args.output}", file=sys.stderr)
    return EXIT_OK


def _render(args: argparse.Namespace, checked: list[Checked]) -> Iterable[str]:
    """The report in pieces, made as they are written (see `render_chunks`).
    --statistics replaces the per-finding output (as in ruff); with --format json it is JSON."""
    if args.statistics:
        return (render_statistics(checked, as_json=args.format == "json"),)
    if args.format == "html":
        return (FORMATS["html"](checked, max_documents=args.max_documents),)
    return render_chunks(args.format, checked)


def _unfixed(result):
    """What is left after the file was rewritten: the findings no safe fix removed,
    placed on the fixed text (as ruff does), so their lines and columns are the file's."""
    import dataclasses

    from .pipeline import Result

    left = [f for f in result.findings if not (f.fix and f.fix.safe)]
    if result.text_map is None or not result.changed:
        return Result(result.doc, left, result.text, result.annotations)
    moved = []
    for finding in left:
        start, end = result.text_map.span_from_source(finding.start, finding.end)
        fix = finding.fix
        if fix is not None:
            fix_start, fix_end = result.text_map.span_from_source(fix.start, fix.end)
            fix = dataclasses.replace(fix, start=fix_start, end=fix_end)
        moved.append(finding.moved(start, end, fix))
    doc = dataclasses.replace(result.doc, text=result.text)
    return Result(doc, moved, result.text, result.annotations)


def _new_content(loaded: _Loaded, results: list[Checked]) -> bytes:
    """The file's new bytes: the fixed text, or for JSONL each changed record's line."""
    if not is_jsonl(loaded.path):
        bom = UTF8_BOM if loaded.raw.startswith(UTF8_BOM) else b""  # decode_text dropped it
        return bom + results[0].result.text.encode("utf-8")
    # Rewrite only the `text` of changed records; every other line stays byte for byte.
    # Split on b"\n" alone, as the reader numbered the lines: str.splitlines would also
    # split inside records at U+2028, U+0085, \x1c... and rewrite the wrong line.
    by_line = {c.result.doc.record_line: c.result for c in results if c.result.changed}
    lines = loaded.content.split(b"\n")
    for number, result in by_line.items():
        line = lines[number - 1]
        bom = UTF8_BOM if number == 1 and line.startswith(UTF8_BOM) else b""
        record = line[len(bom):].decode("utf-8")  # its "\r", if any, is JSON white space and stays
        lines[number - 1] = bom + replace_field(record, "text", result.text).encode("utf-8")
    new = b"\n".join(lines)
    return gzip.compress(new, mtime=0) if loaded.compressed else new


def _diff_name(path: str) -> str:
    """The path as git prints it after a/ and b/: no doubled slash for an absolute path."""
    return printable_path(path).lstrip("/")


def _diff(loaded: _Loaded, results: list[Checked]) -> str:
    if not any(c.result.changed for c in results) or loaded.rejected:
        return ""
    old = loaded.content.decode("utf-8")
    new = _new_content(loaded, results)
    new = (gzip.decompress(new) if loaded.compressed else new).decode("utf-8")
    diff = difflib.unified_diff(_lines(old), _lines(new),
                                fromfile=f"a/{_diff_name(loaded.path)}", tofile=f"b/{_diff_name(loaded.path)}")
    # A last line without its line break gets the marker patch and git expect; without
    # it the next line of the diff would be glued on, and the patch would not apply.
    return "".join(line if line.endswith("\n") else line + "\n\\ No newline at end of file\n" for line in diff)


def _lines(text: str) -> list[str]:
    """Lines split at "\n" only, as the file's lines are (str.splitlines also splits at
    U+2028, U+0085, \x1c... inside a line, which would garble the diff)."""
    parts = text.split("\n")
    lines = [part + "\n" for part in parts[:-1]]
    return lines + [parts[-1]] if parts[-1] else lines


def _published(value: str | None):
    if value is not None and not value.strip():
        raise CleanerError("--published: give a date such as 2025-07-31 (or leave the option out)")
    try:
        return parse_published(value)
    except ValueError as exc:
        raise CleanerError(f"--published: {exc}") from None


def _emit(output: str | None, text: str | Iterable[str]) -> None:
    """Write ``text`` (or its pieces, as they are made) to stdout or ``output``."""
    pieces = (text,) if isinstance(text, str) else text
    if not output or output == "-":
        for piece in pieces:
            sys.stdout.write(piece)
        sys.stdout.flush()
        return
    if is_special_output(output):
        # A device or pipe (/dev/stdout, -o >(...)): written through, never replaced.
        try:
            with open(output, "a", encoding="utf-8") as handle:
                for piece in pieces:
                    handle.write(piece)
        except OSError as exc:
            raise InputError(f"--output {output}: cannot write ({exc.strerror or exc})") from None
        return
    if os.path.islink(output):
        output = os.path.realpath(output)  # the report replaces the file the link points to
    folder = os.path.dirname(os.path.abspath(output))
    if not os.path.isdir(folder):
        raise CleanerError(f"--output {output}: folder {folder} does not exist")
    if not os.path.exists(output):
        open(output, "a").close()
    write_atomic(output, pieces)


# -- clean ------------------------------------------------------------------------

def cmd_clean(args: argparse.Namespace) -> int:
    """Exit 0: every record processed; 1: some rejected (all good ones still written); 2: error."""
    if args.input != "-" and not os.path.exists(args.input):
        raise InputError(f"{args.input}: no such file")
    config = resolve_config(args, args.input if args.input != "-" else None)
    drop = validate_selectors(args.drop) if args.drop else ()
    workers = args.workers if args.workers is not None else default_workers()
    if workers < 1:
        raise CleanerError("--workers must be at least 1")
    if args.engine == "ray":
        return _clean_on_ray(args, config, drop, time.monotonic())
    options = BatchOptions(args.input, args.output, args.rejects, drop, args.resume, workers)
    return_large_blocks()  # a long run: freed index and batch arrays go back to the system
    progress = Progress(input_size(args.input), label="cleaner clean", enabled=not args.no_progress)
    shown = 0

    def report_reject(rejected: Rejected) -> None:
        nonlocal shown
        if not args.rejects and shown < MAX_SHOWN_REJECTS:  # with --rejects they are all in that file
            progress.close()
            print(f"{args.input}:{rejected.line}: rejected: {rejected.reason}", file=sys.stderr)
            shown += 1

    def follow_input(handle) -> None:
        # Bytes of the file read so far (compressed bytes for gzip, as input_size counts).
        if args.input != "-":
            progress.position = handle.tell

    started = time.monotonic()
    # A job scheduler stops us with SIGTERM: end like Ctrl-C, leaving the partial
    # output and checkpoint for --resume rather than dying mid-write.
    handled = _on_sigterm(_raise_interrupt)
    try:
        with Cleaner(config) as cleaner, progress:
            counts = run_batch(cleaner, options, report_reject, on_record=progress.advance, on_open=follow_input)
    except KeyboardInterrupt:
        progress.close()
        if args.output != "-" and args.input != "-":
            print(f"cleaner clean: stopped; {args.output} was not written. Run the same command with --resume "
                  "to continue from the last checkpoint.", file=sys.stderr)
        raise
    finally:
        if handled:
            _on_sigterm(signal.SIG_DFL)
    elapsed = time.monotonic() - started
    fam = ", ".join(f"{k} {v}" for k, v in sorted(counts.families.items())) or "none"
    resumed = f" (resumed after line {counts.resumed_after_line})" if counts.resumed_after_line else ""
    # A fixed shape ("1 records in" too, no thousands separators): scripts parse this line.
    print(f"cleaner clean: {counts.read} records in, {counts.written} out, {counts.dropped} dropped, "
          f"{counts.rejected} rejected{resumed}; findings: {fam}; {elapsed:.1f}s", file=sys.stderr)
    if counts.rejected > shown and not args.rejects:
        print(f"cleaner clean: {counts.rejected - shown} more rejected records not shown; "
              "--rejects FILE keeps every one with its reason", file=sys.stderr)
    return EXIT_REJECTED if counts.rejected else EXIT_OK


MAX_SHOWN_REJECTS = 10


def _clean_on_ray(args: argparse.Namespace, config: Config, drop: tuple[str, ...], started: float) -> int:
    from .ray.job import clean_on_ray

    if args.input == "-":
        raise CleanerError("--engine ray reads a file that every Ray worker can open, not stdin")
    shown = 0

    def report_reject(entry: dict) -> None:  # as the local engine says them, without --rejects
        nonlocal shown
        if not args.rejects and shown < MAX_SHOWN_REJECTS:
            print(f"{args.input}:{entry['line']}: rejected: {entry['reason']}", file=sys.stderr)
            shown += 1

    with _AtomicOutput(args.output) as out, _AtomicOutput(args.rejects) as rejects:
        counts = clean_on_ray(args.input, out.handle, rejects.handle, config, address=args.ray_address,
                              workers=args.workers, drop=drop, on_reject=report_reject)
    fam = ", ".join(f"{k} {v}" for k, v in sorted(counts.families.items())) or "none"
    print(f"cleaner clean (ray): {counts.records_in} records in, {counts.records_out} out, {counts.dropped} dropped, "
          f"{counts.rejected} rejected, {counts.duplicates} near-duplicates; findings: {fam}; "
          f"{time.monotonic() - started:.1f}s", file=sys.stderr)
    if counts.rejected > shown and not args.rejects:
        print(f"cleaner clean: {counts.rejected - shown} more rejected records not shown; "
              "--rejects FILE keeps every one with its reason", file=sys.stderr)
    return EXIT_REJECTED if counts.rejected else EXIT_OK


class _AtomicOutput:
    """Output written to a temp file and renamed into place only when complete."""

    def __init__(self, path: str | None) -> None:
        self.path = path
        self.handle: TextIO | None = None
        self._tmp: str | None = None

    def __enter__(self) -> "_AtomicOutput":
        if self.path is None:
            return self
        if self.path == "-":
            self.handle = sys.stdout
            return self
        folder = os.path.dirname(os.path.abspath(self.path)) or "."
        if not os.path.isdir(folder):
            raise CleanerError(f"{self.path}: folder {folder} does not exist")
        # The temp name keeps the real suffix, so `.gz` output is compressed too.
        self._tmp = os.path.join(folder, f".tmp-{os.getpid()}-{os.path.basename(self.path)}")
        self.handle = open_jsonl(self._tmp, "wt")
        return self

    def __exit__(self, exc_type, exc, tb) -> None:
        if self._tmp is None or self.handle is None:
            if self.handle is not None:
                self.handle.flush()
            return
        self.handle.flush()
        if hasattr(self.handle, "fileno"):
            try:
                os.fsync(self.handle.fileno())
            except (OSError, ValueError):
                pass
        self.handle.close()
        if exc_type is None:
            os.replace(self._tmp, self.path)
        else:
            os.unlink(self._tmp)


def _raise_interrupt(signum, frame) -> None:
    raise KeyboardInterrupt


def _on_sigterm(handler) -> bool:
    """Set the SIGTERM handler if nobody else did; False where signals cannot be set
    (not the main thread) or are someone else's (an embedding application)."""
    try:
        if handler is not signal.SIG_DFL and signal.getsignal(signal.SIGTERM) not in (signal.SIG_DFL, None):
            return False
        signal.signal(signal.SIGTERM, handler)
        return True
    except ValueError:
        return False


# -- index --------------------------------------------------------------------------

def cmd_index(args: argparse.Namespace) -> int:
    from .dedup.corpus import index_parameters
    from .dedup.index import index_stats, prune_index

    if not getattr(args, "index_command", None):
        raise CleanerError("cleaner index: say `stats` or `prune --older-than DAYS`")
    config = load_config_file(args.config) if args.config else (find_project_config(os.getcwd()) or Config())
    location = args.index or config.index
    if not location:
        raise CleanerError("no index given: use --index PATH_OR_URL or set `index` in [tool.cleaner]")
    if "://" not in location and not os.path.exists(location):
        # Opening would create an empty index: a mistyped path must not pass for one.
        raise InputError(f"{location}: no such index (an index file is made by `cleaner clean --index` or "
                         "`cleaner check` with `index` set)")
    params = index_parameters(config.dedup)
    if args.index_command == "prune":
        if not args.older_than >= 0:  # also refuses nan, which compares false with everything
            raise CleanerError(f"--older-than must be a number of days, 0 or more, not {args.older_than}")
        count = prune_index(location, params, args.older_than)
        print(f"pruned {count} document{'s' if count != 1 else ''} older than {args.older_than:g} days "
              f"from {location}")
        return EXIT_OK
    stats = index_stats(location, params)
    print(f"index:        {stats.location}")
    print(f"documents:    {stats.documents}")
    print(f"groups:       {stats.groups} (near-duplicate groups; a document without copies counts once)")
    print(f"fingerprints: {stats.fingerprints}")
    print(f"paragraphs:   {stats.paragraphs}")
    print(f"oldest:       {_when(stats.oldest)}")
    print(f"newest:       {_when(stats.newest)}")
    print(f"parameters:   {stats.parameters}")
    return EXIT_OK


def _when(timestamp: float | None) -> str:
    if timestamp is None:
        return "-"
    import datetime as dt

    return dt.datetime.fromtimestamp(timestamp, dt.timezone.utc).strftime("%Y-%m-%d %H:%M:%S UTC")


# -- rules --------------------------------------------------------------------------

def cmd_rules(args: argparse.Namespace) -> int:
    current = None
    for rule in all_rules():
        if rule.family != current:
            if current is not None:
                print()  # a blank line between families, none before the first
            current = rule.family
            print(f"{current}  {FAMILIES[current]}")
        mark = {"safe": "fix", "unsafe": "fix?", "none": ""}[rule.fix]
        print(f"  {rule.code}  {rule.name:<38} {mark:<4} {rule.summary}")
    return EXIT_OK


def cmd_rule(args: argparse.Namespace) -> int:
    rule = get_rule(args.code)
    fix = {"safe": "yes (safe, applied by --fix)", "unsafe": "shown, never applied automatically",
           "none": "no (report only)"}[rule.fix]
    print(f"{rule.code} ({rule.name}) — {FAMILIES[rule.family]}\n")
    print(rule.summary + "\n")
    print(rule.explanation + "\n")
    print(f"Fixable: {fix}\n")
    print("Example (flagged):")
    for ex in rule.examples:
        for line in ex.splitlines():
            print(f"    {line}")
        print()
    if rule.counter_examples:
        print("Not flagged:")
        for ex in rule.counter_examples:
            for line in ex.splitlines():
                print(f"    {line}")
            print()
    return EXIT_OK
