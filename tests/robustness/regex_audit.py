"""Find every regular expression in the package and measure how its work grows.

Collection is generic, so each rule family is covered as it lands:
- at run time: every `re.Pattern` reachable from a `cleaner` module's globals, from
  classes defined there (class attributes), from containers of those (lists,
  tuples, dicts of patterns, rule tables) and from the registered stage objects;
- in the source: every literal pattern passed to `re.compile/search/match/...`
  inside functions, which run-time collection cannot see.

Measurement: work is CPU time per call, from a timing loop long enough to be
measurable (best of several repeats when a ratio looks bad). Sizes double from 8
characters, so an exponential pattern is caught while its inputs are still tiny
(it would hang at a fixed 200 KB). What is asserted is a ratio (work for 2n /
work for n), never a wall-clock limit.
"""

from __future__ import annotations

import ast
import collections
import importlib
import os
import pkgutil
import re
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterator

try:
    import re._parser as sre_parse  # Python 3.11+
except ImportError:  # pragma: no cover
    import sre_parse  # type: ignore[no-redef]

import cleaner

MEASURABLE_SECONDS = 20e-6  # below this, per-call overhead hides how the work grows
# `make fuzz` sets CLEANER_ROBUST_THOROUGH=1: bigger inputs (1 MB lines), longer timings.
THOROUGH = bool(os.environ.get("CLEANER_ROBUST_THOROUGH"))
LOOP_SECONDS = 1e-4  # a timing loop runs at least this long
STOP_SECONDS = 2e-3 if THOROUGH else 2e-4  # a call this slow (past MIN_TOP_CHARS) is measured enough
HARD_STOP_SECONDS = 0.02  # ... and this slow, whatever the size
# Bounded repetition ({0,2000}) is linear only once inputs are well past the bound:
# below it, a pattern can look quadratic. Sizes grow at least four times the
# pattern's largest bounded span (`bounded_span`), within these limits.
MIN_TOP_CHARS = 1 << (14 if THOROUGH else 13)
MIN_TOP_FLOOR_CHARS = 1 << 11
RATIO_LIMIT = 3.0  # doubling the input may at most about double the work (noise allowed)
CLOSE_TO_LIMIT = 2.5  # at the last doubling, a ratio over this is re-measured too
# Below MIN_TOP_CHARS only explosive growth fails a step (an exponential pattern must
# be stopped there, before it hangs); quadratic growth is caught further up.
EXPLOSIVE_RATIO = 10.0
CONFIRM_BUDGET_SECONDS = 0.2  # what one more doubling may cost to confirm an explosive one
MAX_CHARS = 1 << (20 if THOROUGH else 18)  # 1 MB lines when thorough


@dataclass(frozen=True)
class FoundPattern:
    pattern: re.Pattern
    where: str


def package_modules() -> list[Any]:
    modules = [cleaner]
    for info in pkgutil.walk_packages(cleaner.__path__, "cleaner."):
        if info.name.endswith("__main__"):
            continue  # importing it runs the command line
        try:
            modules.append(importlib.import_module(info.name))
        except ImportError:
            continue  # an optional back end whose dependency is not installed
    return modules


def collect_patterns() -> list[FoundPattern]:
    found: dict[tuple[Any, int], FoundPattern] = {}

    def add(p: re.Pattern, where: str) -> None:
        found.setdefault((p.pattern, p.flags), FoundPattern(p, where))

    seen_ids: set[int] = set()

    def walk(obj: Any, where: str, depth: int) -> None:
        if isinstance(obj, re.Pattern):
            add(obj, where)
            return
        if depth > 4 or id(obj) in seen_ids:
            return
        if isinstance(obj, (str, bytes, int, float, bool, type(None))):
            return
        seen_ids.add(id(obj))
        if isinstance(obj, dict):
            for k, v in list(obj.items())[:5000]:
                walk(v, f"{where}[{k!r}]", depth + 1)
        elif isinstance(obj, (list, tuple, set, frozenset)):
            for i, v in enumerate(list(obj)[:5000]):
                walk(v, f"{where}[{i}]", depth + 1)
        elif isinstance(obj, type):
            if obj.__module__.startswith("cleaner"):
                for k, v in vars(obj).items():
                    walk(v, f"{where}.{k}", depth + 1)
        elif type(obj).__module__.startswith("cleaner"):
            attrs = getattr(obj, "__dict__", None) or {}
            for k, v in dict(attrs).items():
                walk(v, f"{where}.{k}", depth + 1)
            for k in getattr(type(obj), "__slots__", ()):
                if hasattr(obj, k):
                    walk(getattr(obj, k), f"{where}.{k}", depth + 1)

    for module in package_modules():
        for name, value in vars(module).items():
            if isinstance(value, type(cleaner)):  # another module: walked on its own
                continue
            walk(value, f"{module.__name__}.{name}", 0)
    from cleaner.config import Config
    from cleaner.stages import build_stages

    for stage in build_stages(Config()):
        walk(stage, f"stage {getattr(stage, 'name', type(stage).__name__)}", 0)
    for p, where in literal_patterns():
        add(p, where)
    return sorted(found.values(), key=lambda f: f.where)


_RE_CALLS = {"compile", "search", "match", "fullmatch", "findall", "finditer", "sub", "subn", "split"}


def literal_patterns() -> Iterator[tuple[re.Pattern, str]]:
    """Literal patterns in calls like ``re.sub(r"...", ...)`` anywhere in the package source."""
    root = Path(cleaner.__file__).parent
    for path in sorted(root.rglob("*.py")):
        try:
            tree = ast.parse(path.read_text(encoding="utf-8"))
        except SyntaxError:
            continue
        for node in ast.walk(tree):
            if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
                    and node.func.attr in _RE_CALLS and isinstance(node.func.value, ast.Name)
                    and node.func.value.id in ("re", "regex") and node.args):
                continue
            arg = node.args[0]
            if not (isinstance(arg, ast.Constant) and isinstance(arg.value, (str, bytes))):
                continue
            flags = 0
            for kw in node.keywords:
                if kw.arg == "flags":
                    try:
                        flags = eval(compile(ast.Expression(kw.value), "<flags>", "eval"), {"re": re})  # noqa: S307
                    except Exception:  # noqa: BLE001 - flags from a variable: assume none
                        flags = 0
            try:
                pattern = re.compile(arg.value, flags)
            except (re.error, TypeError, ValueError):
                continue
            yield pattern, f"{path.relative_to(root.parent)}:{node.lineno}"


# -- adversarial inputs ------------------------------------------------------------------

# Long runs of one character, of punctuation, of the small units scraped text
# repeats; "then \x01" variants end without the terminator a pattern may want.
GENERIC_UNITS = (
    "a", "A", "1", " ", "\n", ".", ",", "-", "*", "<", "&", "'", "é", "\u200b", "\xa0",
    ",.", ". ", "a ", "a, ", "Ab ", "1,", "**a", "&amp;", "<a ", "Ã©", " \n", "a\n", "http://a", "Mr. ",
)


def nested(unit_open: str, unit_close: str) -> Callable[[int], str]:
    return lambda n: unit_open * (n // 2) + unit_close * (n - n // 2)


_REPEATS = ("MAX_REPEAT", "MIN_REPEAT", "POSSESSIVE_REPEAT")


def _nodes(items) -> Iterator[tuple[str, object]]:
    """Every (opcode name, argument) of a parsed pattern, nested groups included."""
    for op, av in items:
        name = str(op)
        yield name, av
        if name in _REPEATS:
            yield from _nodes(av[2])
        elif name == "SUBPATTERN":
            yield from _nodes(av[-1])
        elif name == "BRANCH":
            for branch in av[1]:
                yield from _nodes(branch)
        elif name in ("ASSERT", "ASSERT_NOT"):
            yield from _nodes(av[1])
        elif name in ("ATOMIC_GROUP", "IN"):
            yield from _nodes(av)


def literal_chars(pattern: re.Pattern) -> list[str]:
    """Characters the pattern names: its literals, class members and ranges' ends."""
    text = pattern.pattern
    if isinstance(text, bytes):
        text = text.decode("latin-1")
    try:
        parsed = sre_parse.parse(text, pattern.flags & ~re.ASCII if isinstance(pattern.pattern, str) else 0)
    except Exception:  # noqa: BLE001
        return []
    chars: list[str] = []
    cats = {"CATEGORY_DIGIT": "1", "CATEGORY_SPACE": " ", "CATEGORY_WORD": "a", "CATEGORY_NOT_WORD": ".",
            "CATEGORY_NOT_SPACE": "a", "CATEGORY_NOT_DIGIT": "a", "CATEGORY_LINEBREAK": "\n"}

    for name, av in _nodes(parsed):
        if name in ("LITERAL", "NOT_LITERAL"):
            chars.append(chr(av))
        elif name == "RANGE":
            chars.extend((chr(av[0]), chr(av[1])))
        elif name == "CATEGORY":
            chars.append(cats.get(str(av), "a"))
    out = list(dict.fromkeys(c for c in chars if c))
    return out[:16]


def attack_inputs(pattern: re.Pattern) -> dict[str, Callable[[int], str]]:
    """Name -> builder of an input of about n characters."""
    attacks: dict[str, Callable[[int], str]] = {}
    for unit in GENERIC_UNITS:
        attacks[f"run {unit!r}"] = lambda n, u=unit: (u * (n // len(u) + 1))[:n]
        if len(unit) == 1:
            attacks[f"run {unit!r} then x"] = lambda n, u=unit: u * (n - 1) + "\x01"
    attacks["nested ()"] = nested("(", ")")
    attacks["nested []"] = nested("[", "]")
    attacks["nested <b>"] = nested("<b>", "</b>")
    attacks["nested **"] = nested("**a ", " a**")
    chars = literal_chars(pattern)
    for c in chars:  # the pattern's own characters: where backtracking happens
        attacks.setdefault(f"run {c!r} then x", lambda n, u=c: u * (n - 1) + "\x01")
    if chars:
        cycle = "".join(chars)
        attacks["literals cycled"] = lambda n, u=cycle: (u * (n // len(u) + 1))[:n]
        for a, b in list(zip(chars, chars[1:]))[:6]:
            attacks.setdefault(f"run {a + b!r} then x", lambda n, u=a + b: (u * (n // 2 + 1))[:n - 1] + "\x01")
    return attacks


# -- measurement ---------------------------------------------------------------------------

# CPU time of this thread: on a shared machine, time spent waiting for a core is
# not work and would make ratios noise.
clock = time.thread_time


def per_call_seconds(fn: Callable[[], Any], repeat: int = 1, loop_seconds: float = LOOP_SECONDS,
                     number: int = 1) -> float:
    """Best per-call time over ``repeat`` timing loops, each at least ``loop_seconds`` long.

    ``number`` is a first guess of the calls one loop needs (the caller's last one).
    """
    number = max(1, number)
    while True:
        start = clock()
        for _ in range(number):
            fn()
        elapsed = clock() - start
        if elapsed >= loop_seconds:
            break
        number = max(number * 2, int(number * loop_seconds / max(elapsed, 1e-9) * 1.2))
    per_call_seconds.last_number = number
    best = elapsed / number
    for _ in range(repeat - 1):
        start = clock()
        for _ in range(number):
            fn()
        best = min(best, (clock() - start) / number)
    return best


@dataclass
class Growth:
    """How the work of one pattern on one input grew."""

    name: str
    sizes: list[int] = field(default_factory=list)
    seconds: list[float] = field(default_factory=list)
    ratio: float = 1.0  # work(2n) / work(n) at the largest measurable pair
    ratio_at: int = 0  # n of that pair
    failed: str = ""

    def describe(self) -> str:
        steps = ", ".join(f"{s}:{t * 1e6:.1f}us" for s, t in zip(self.sizes, self.seconds))
        return f"{self.name}: ratio {self.ratio:.2f} at {self.ratio_at} chars ({steps}) {self.failed}"


def measure_growth(run: Callable[[str], Any], build: Callable[[int], str], name: str,
                   max_chars: int = MAX_CHARS, ratio_limit: float = RATIO_LIMIT,
                   min_top_chars: int = MIN_TOP_CHARS) -> Growth:
    """Double the input until the work is measurable and big enough, checking every doubling.

    A doubling's ratio is checked as soon as the larger size is measurable:
    per-call overhead can only inflate the smaller time, so a ratio over the
    limit is real (after a careful re-measure), and an exponential pattern fails
    at a few dozen characters instead of hanging. Below MIN_TOP_CHARS only
    explosive growth fails (bounded repetition looks quadratic below its bound).
    """
    growth = Growth(name)
    n = 8
    prev_t = None
    number = 1
    suspect = False  # the last small doubling grew explosively: the next one decides
    while True:
        text = build(n)
        start = clock()
        run(text)
        t = clock() - start
        if t >= MEASURABLE_SECONDS / 4:  # near measurable: time it properly
            t = per_call_seconds(lambda: run(text), number=number // 2)
            number = per_call_seconds.last_number
        growth.sizes.append(n)
        growth.seconds.append(t)
        stopping = n >= max_chars or t >= HARD_STOP_SECONDS or (t >= STOP_SECONDS and n > min_top_chars)
        if prev_t is not None and t >= MEASURABLE_SECONDS:
            strict = n > min_top_chars or stopping
            limit = ratio_limit if strict else max(ratio_limit, EXPLOSIVE_RATIO)
            ratio = t / prev_t
            # Re-measure carefully before calling it super-linear; and at the last
            # doubling also a ratio just under the limit: on a busy machine the smaller
            # time can be inflated enough to hide a quadratic pattern's x4.
            if ratio > limit or (stopping and strict and ratio > CLOSE_TO_LIMIT):
                t_small, t = _careful_pair(run, build(n // 2), text, limit)
                growth.seconds[-2:] = [t_small, t]
                ratio = t / t_small
            if ratio > limit:
                # Below the largest bound of a bounded repetition a pattern can jump
                # once (from matching at once to backtracking over the bound) and
                # then grow linearly; an exponential one jumps again. Look at one
                # more doubling when that is affordable (exponential: ratio squared).
                if strict or suspect or t * ratio * ratio > CONFIRM_BUDGET_SECONDS:
                    growth.ratio, growth.ratio_at = ratio, n // 2
                    growth.failed = f"doubling {n // 2} -> {n} chars gave x{ratio:.2f} work"
                    return growth
                suspect = True
            else:
                suspect = False
            if n > min_top_chars:
                growth.ratio, growth.ratio_at = ratio, n // 2
        if stopping:
            if suspect:
                growth.failed = f"stopped at {n} chars right after an explosive doubling"
            return growth
        prev_t = t
        n = min(n * 2, max_chars)


def regex_runner(pattern: re.Pattern) -> Callable[[str], Any]:
    """Scan the whole input: every match, as `finditer`/`sub` users do."""
    consume = collections.deque
    return lambda text: consume(pattern.finditer(text), maxlen=0)


def _careful_pair(run: Callable[[str], Any], small: str, large: str, limit: float) -> tuple[float, float]:
    """Times for ``small`` and ``large`` that a busy machine cannot fake a bad ratio with.

    Up to three rounds of long timing loops; the lowest ratio counts. The loops of
    the two sizes alternate, so a burst of load inflates both rather than one
    (which could fake a bad ratio, or hide a real one). A clearly explosive ratio
    (twice the limit) needs no second round.
    """
    best: tuple[float, float] | None = None
    for attempt in range(3):
        t_small, t_large = _interleaved_seconds(lambda: run(small), lambda: run(large),
                                                loop_seconds=LOOP_SECONDS * (5 + 10 * attempt))
        if best is None or t_large / t_small < best[1] / best[0]:
            best = (t_small, t_large)
        ratio = best[1] / best[0]
        if ratio <= limit or ratio > 2 * limit:
            break
    return best


def _interleaved_seconds(small: Callable[[], Any], large: Callable[[], Any], loop_seconds: float,
                         repeat: int = 5) -> tuple[float, float]:
    """Best per-call times of two functions, their timing loops taken in turn."""
    best = [per_call_seconds(small, loop_seconds=loop_seconds), 0.0]
    numbers = [per_call_seconds.last_number, 1]
    best[1] = per_call_seconds(large, loop_seconds=loop_seconds)
    numbers[1] = per_call_seconds.last_number
    for _ in range(repeat - 1):
        for which, fn in enumerate((small, large)):
            start = clock()
            for _ in range(numbers[which]):
                fn()
            best[which] = min(best[which], (clock() - start) / numbers[which])
    return best[0], best[1]


def bounded_span(pattern: re.Pattern) -> int:
    """The most characters one bounded repetition (``{0,400}``) of the pattern can span."""
    text = pattern.pattern.decode("latin-1") if isinstance(pattern.pattern, bytes) else pattern.pattern
    try:
        parsed = sre_parse.parse(text, pattern.flags if isinstance(pattern.pattern, str) else 0)
    except Exception:  # noqa: BLE001
        return MIN_TOP_CHARS
    unbounded = sre_parse.MAXREPEAT
    best = 0

    for name, av in _nodes(parsed):
        if name in _REPEATS:
            lo, hi, sub = av
            if hi != unbounded:
                inner = sub.getwidth()[1]
                best = max(best, hi * (inner if inner < unbounded else 1))
    return best


def audit_pattern(pattern: re.Pattern, max_chars: int = MAX_CHARS) -> list[Growth]:
    run = regex_runner(pattern)
    min_top = min(MIN_TOP_CHARS, max(MIN_TOP_FLOOR_CHARS, 4 * bounded_span(pattern)))
    builds = attack_inputs(pattern)
    if isinstance(pattern.pattern, bytes):  # bytes patterns get UTF-8, encoded outside the timing
        builds = {name: (lambda n, b=build: b(n).encode("utf-8")) for name, build in builds.items()}
    return [measure_growth(run, build, name, max_chars, min_top_chars=min_top) for name, build in builds.items()]


def _audit_one(args: tuple[Any, int, int]) -> list[tuple[str, str, str]]:
    pattern, flags, max_chars = args
    growths = audit_pattern(re.compile(pattern, flags), max_chars)
    return [(g.name, g.failed, g.describe()) for g in growths]


def audit_all(patterns: list[FoundPattern], max_chars: int = MAX_CHARS,
              workers: int | None = None) -> dict[str, list[tuple[str, str, str]]]:
    """Audit many patterns in worker processes (CPU time per thread stays a fair measure)."""
    from concurrent.futures import ProcessPoolExecutor

    jobs = [(f.pattern.pattern, f.pattern.flags, max_chars) for f in patterns]
    workers = workers or min(4, os.cpu_count() or 1)
    if workers == 1 or len(jobs) < 4:
        return {f.where: _audit_one(job) for f, job in zip(patterns, jobs)}
    try:
        with ProcessPoolExecutor(workers) as pool:
            return {f.where: result for f, result in zip(patterns, pool.map(_audit_one, jobs, chunksize=2))}
    except Exception:  # noqa: BLE001 - a broken pool (no fork, a killed worker): do it here instead
        return {f.where: _audit_one(job) for f, job in zip(patterns, jobs)}
