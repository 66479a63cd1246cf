"""Configuration: frozen dataclasses, `[tool.cleaner]` lookup, CLI overrides.

One spelling per setting: `max-repeats` in TOML and on the command line,
`max_repeats` in code. Each family's thresholds live in their own section
dataclass; adding a field there is all it takes to make it configurable.
"""

from __future__ import annotations

import dataclasses
import fnmatch
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Mapping

from .errors import ConfigError


def _toml_key(name: str) -> str:
    return name.replace("_", "-")


@dataclass(frozen=True)
class NormalizeConfig:
    straighten_quotes: bool = False  # typographic quotes and dashes are not errors by default
    fix_casing_from_gazetteer: bool = True


@dataclass(frozen=True)
class DedupConfig:
    paragraph_similarity: float = 0.9  # word-level edit similarity (0-1) of a near-repeated paragraph
    document_similarity: float = 0.9  # share of the smaller document's running text found in the other
    document_jaccard: float = 0.5  # or: Jaccard similarity of the two documents' running text
    min_paragraph_words: int = 6  # shorter lines are never "duplicate blocks"
    min_shared_paragraph_words: int = 4  # shorter lines are never reported as seen in other documents
    min_document_shingles: int = 50  # less running text than this: never matched by containment
    shingle_words: int = 5  # words per shingle
    num_perm: int = 128  # MinHash permutations
    fingerprint_bits: int = 2  # keep 1 in 2**bits shingles as fingerprints (containment)

    def __post_init__(self) -> None:
        for name in ("paragraph_similarity", "document_similarity", "document_jaccard"):
            value = getattr(self, name)
            if not 0 < value <= 1:
                raise ConfigError(f"dedup.{_toml_key(name)} must be a fraction above 0 and at most 1, not {value}")
        for name in ("min_paragraph_words", "min_shared_paragraph_words", "shingle_words"):
            if getattr(self, name) < 1:
                raise ConfigError(f"dedup.{_toml_key(name)} must be 1 or more, not {getattr(self, name)}")
        if self.min_document_shingles < 0:
            raise ConfigError(f"dedup.min-document-shingles must be 0 or more, not {self.min_document_shingles}")
        if not 2 <= self.num_perm <= 1024:
            raise ConfigError(f"dedup.num-perm must be between 2 and 1024, not {self.num_perm}")
        if not 0 <= self.fingerprint_bits <= 16:
            raise ConfigError(f"dedup.fingerprint-bits must be between 0 and 16, not {self.fingerprint_bits}")


@dataclass(frozen=True)
class BoilerplateConfig:
    sensitivity: float = 0.5  # 0 = only the surest boilerplate, 1 = aggressive
    # B113: a short line seen on this many earlier pages of the same site is furniture
    repeated_line_min_docs: int | None = 2

    def __post_init__(self) -> None:
        if not 0 <= self.sensitivity <= 1:
            raise ConfigError(f"boilerplate.sensitivity must be between 0 and 1, not {self.sensitivity}")
        if self.repeated_line_min_docs is not None and self.repeated_line_min_docs < 1:
            raise ConfigError("boilerplate.repeated-line-min-docs must be 1 or more (ignore B113 to turn it off), "
                              f"not {self.repeated_line_min_docs}")


@dataclass(frozen=True)
class QualityConfig:
    min_content_words: int = 50

    def __post_init__(self) -> None:
        if self.min_content_words < 0:
            raise ConfigError(f"quality.min-content-words must be 0 or more, not {self.min_content_words}")


@dataclass(frozen=True)
class ClaimsConfig:
    """Factual-consistency (F) settings; the facts files themselves are `Config.facts`."""

    tolerance: float = 0.15  # relative gap beyond which two documents' figures disagree (F301)
    same_date_days: int = 7  # figures dated this close (or overlapping) are "about the same date"
    max_remembered: int = 500  # figures kept per measure for cross-document comparison

    def __post_init__(self) -> None:
        if not 0 <= self.tolerance < 1:
            raise ConfigError(f"claims.tolerance must be a fraction between 0 and 1, not {self.tolerance}")
        if self.same_date_days < 0 or self.max_remembered < 1:
            raise ConfigError("claims.same-date-days must be 0 or more and claims.max-remembered 1 or more")


@dataclass(frozen=True)
class Config:
    select: tuple[str, ...] | None = None  # None: every rule
    ignore: tuple[str, ...] = ()
    languages: tuple[str, ...] = ()  # expected languages; empty: any single language
    facts: tuple[str, ...] = ()  # TOML files of reference facts
    index: str | None = None  # persistent duplicate index (SQLite path or redis:// URL)
    per_file_ignores: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    normalize: NormalizeConfig = field(default_factory=NormalizeConfig)
    dedup: DedupConfig = field(default_factory=DedupConfig)
    boilerplate: BoilerplateConfig = field(default_factory=BoilerplateConfig)
    quality: QualityConfig = field(default_factory=QualityConfig)
    claims: ClaimsConfig = field(default_factory=ClaimsConfig)
    root: str | None = None  # folder the config came from; relative paths resolve here

    def replaced(self, **changes: Any) -> "Config":
        return dataclasses.replace(self, **changes)

    def ignores_for(self, path: str | None) -> tuple[str, ...]:
        """Codes ignored for ``path`` (global ignores plus matching per-file ones)."""
        if not path or not self.per_file_ignores:
            return self.ignore
        extra: list[str] = []
        rel = _relative(path, self.root)
        for pattern, codes in self.per_file_ignores.items():
            if _glob_match(rel, pattern):
                extra.extend(codes)
        return self.ignore + tuple(extra)


def _glob_match(rel: str, pattern: str) -> bool:
    """A per-file-ignores pattern against a path relative to the project root: the
    whole path or the file name (fnmatch, ``*`` crossing folders); a leading
    ``**/`` also matches no folder at all (``**/drafts/*`` takes ``drafts/a.txt``)."""
    patterns = [pattern]
    while patterns[-1].startswith("**/"):
        patterns.append(patterns[-1][3:])
    return any(fnmatch.fnmatch(rel, p) or fnmatch.fnmatch(Path(rel).name, p) for p in patterns)


def _relative(path: str, root: str | None) -> str:
    try:
        return str(Path(path).resolve().relative_to(Path(root).resolve())) if root else path
    except ValueError:
        return path


def _key(name: str) -> str:
    return name.replace("-", "_")


# ISO 639-1 codes of the languages langdetect knows (its "zh-cn" and "zh-tw" are "zh").
KNOWN_LANGUAGES = frozenset(
    "af ar bg bn ca cs cy da de el en es et fa fi fr gu he hi hr hu id it ja kn ko lt lv mk ml mr ne nl no pa "
    "pl pt ro ru sk sl so sq sv sw ta te th tl tr uk ur vi zh".split())


def parse_languages(value: Any, where: str) -> tuple[str, ...]:
    """``"en,de"``, ``["en", "de"]``: known language codes, in lower case, without a
    region ("zh-cn" is "zh", as detected languages are compared)."""
    items = value.split(",") if isinstance(value, str) else value
    if not isinstance(items, list) or not all(isinstance(v, str) for v in items):
        raise ConfigError(f"{where} must be a list of language codes such as [\"en\", \"de\"], not {value!r}")
    codes = tuple(dict.fromkeys(v.strip().lower().split("-")[0] for v in items if v.strip()))
    unknown = [c for c in codes if c not in KNOWN_LANGUAGES]
    if unknown:
        raise ConfigError(f"{where}: unknown language code {unknown[0]!r} (ISO 639-1, such as en, de, fr, zh)")
    return codes


def _codes(value: Any, where: str) -> tuple[str, ...]:
    if isinstance(value, str):
        value = value.split(",")
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ConfigError(f"{where} must be a list of rule codes such as [\"B\", \"D101\"]")
    return tuple(v.strip().upper() for v in value if v.strip())


def _section(cls: type, table: Any, where: str) -> Any:
    if not isinstance(table, dict):
        raise ConfigError(f"[{where}] must be a table")
    known = {f.name: f for f in dataclasses.fields(cls)}
    values = {}
    for raw_key, value in table.items():
        key = _key(raw_key)
        if key not in known:
            names = ", ".join(k.replace("_", "-") for k in known)
            raise ConfigError(f"unknown setting {raw_key!r} in [{where}]; known: {names}")
        default = getattr(cls(), key)
        whole = isinstance(default, int) and not isinstance(default, bool)
        if isinstance(default, bool) != isinstance(value, bool) or (
            isinstance(default, (int, float)) and not isinstance(value, (int, float))
        ) or (whole and isinstance(value, float)):
            kind = "a whole number" if whole else type(default).__name__
            raise ConfigError(f"{where}.{raw_key} must be {kind}, not {value!r}")
        values[key] = float(value) if isinstance(default, float) else value
    return cls(**values)


def config_from_table(table: Mapping[str, Any], root: str | None = None, where: str = "tool.cleaner") -> Config:
    """Build a Config from the ``[tool.cleaner]`` table (or a cleaner.toml file)."""
    sections = {f.name: f.type for f in dataclasses.fields(Config)}
    section_types = {"normalize": NormalizeConfig, "dedup": DedupConfig, "boilerplate": BoilerplateConfig,
                     "quality": QualityConfig, "claims": ClaimsConfig}
    values: dict[str, Any] = {"root": root}
    for raw_key, value in table.items():
        key = _key(raw_key)
        if key in section_types:
            values[key] = _section(section_types[key], value, f"{where}.{raw_key}")
        elif key in ("select", "ignore"):
            values[key] = _codes(value, f"{where}.{raw_key}")
        elif key == "languages":
            values[key] = parse_languages(value, f"{where}.{raw_key}")
        elif key == "facts":
            paths = value if isinstance(value, list) else [value]
            if not all(isinstance(p, str) and p for p in paths):
                raise ConfigError(f"{where}.{raw_key} must be a path or a list of paths, not {value!r}")
            values[key] = tuple(str(Path(root, p)) if root else str(p) for p in paths)
        elif key == "index":
            if not isinstance(value, str) or not value:
                raise ConfigError(f"{where}.{raw_key} must be a path or a redis:// URL, not {value!r}")
            values[key] = str(value) if "://" in str(value) or not root else str(Path(root, value))
        elif key == "per_file_ignores":
            if not isinstance(value, dict):
                raise ConfigError(f"{where}.per-file-ignores must be a table of glob = [codes]")
            values[key] = {str(k): _codes(v, f"{where}.per-file-ignores") for k, v in value.items()}
        elif key not in sections or key == "root":
            raise ConfigError(f"unknown setting {raw_key!r} in [{where}]")
    return Config(**values)


def load_config_file(path: str | Path) -> Config:
    """Read ``--config FILE``: a pyproject.toml (its [tool.cleaner]) or a bare cleaner TOML."""
    path = Path(path)
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise ConfigError(f"cannot read config {path}: {exc.strerror or exc}") from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ConfigError(f"config {path} is not valid TOML: {exc}") from None
    root = str(path.resolve().parent)
    if path.name == "pyproject.toml" or "tool" in data:
        tool = data.get("tool", {})
        table = tool.get("cleaner", {}) if isinstance(tool, dict) else None
        if not isinstance(table, dict):
            raise ConfigError(f"{path}: [tool.cleaner] must be a table")
        return config_from_table(table, root)
    return config_from_table(data, root, where=path.name)


def find_project_config(start: str | Path) -> Config | None:
    """Walk up from ``start`` to the first pyproject.toml with a [tool.cleaner] table."""
    found = _project_table(start)
    return config_from_table(found[1], str(found[0].parent)) if found else None


def find_project_file(start: str | Path) -> Path | None:
    """The pyproject.toml whose [tool.cleaner] applies to ``start``, or None."""
    found = _project_table(start)
    return found[0] if found else None


def _project_table(start: str | Path) -> tuple[Path, dict] | None:
    here = Path(start).resolve()
    if here.is_file() or not here.exists():
        here = here.parent
    for folder in (here, *here.parents):
        candidate = folder / "pyproject.toml"
        if candidate.is_file():
            try:
                data = tomllib.loads(candidate.read_text(encoding="utf-8"))
            except (OSError, tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
                raise ConfigError(f"cannot read {candidate}: {exc}") from None
            tool = data.get("tool", {})
            if not isinstance(tool, dict):
                raise ConfigError(f"{candidate}: [tool] must be a table")
            if "cleaner" in tool:
                if not isinstance(tool["cleaner"], dict):
                    raise ConfigError(f"{candidate}: [tool.cleaner] must be a table")
                return candidate, tool["cleaner"]
    return None
