"""Typed findings and fixes.

A finding always speaks in 0-based, half-open character offsets of the ORIGINAL
text of its document. Turning offsets into 1-based line:column is the job of
`Document.line_index` and the output layer.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any, Mapping

# The `data` of a finding that has none. One shared, read-only mapping: a text dense
# with findings (a W101 every four characters) paid 64 bytes a finding for empty dicts.
NO_DATA: Mapping[str, Any] = MappingProxyType({})


def _no_data() -> Mapping[str, Any]:
    return NO_DATA


class Severity(str, enum.Enum):
    ERROR = "error"
    WARNING = "warning"
    INFO = "info"


@dataclass(frozen=True, slots=True)
class Fix:
    """Replace ``original[start:end]`` with ``replacement``.

    ``safe`` fixes are applied by ``--fix`` and by ``cleaner clean``; unsafe ones
    are only shown.
    """

    replacement: str
    start: int
    end: int
    safe: bool = True

    def __post_init__(self) -> None:
        if self.start < 0 or self.end < self.start:
            raise ValueError(f"fix span [{self.start}, {self.end}) is not a valid span")

    def to_dict(self) -> dict[str, Any]:
        return {"replacement": self.replacement, "start": self.start, "end": self.end, "safe": self.safe}

    def __reduce__(self) -> tuple[Any, ...]:
        # Pickled by constructor arguments: twice as fast as the field-by-field state of
        # a frozen slots dataclass, and workers send tens of thousands per batch.
        return (Fix, (self.replacement, self.start, self.end, self.safe))


@dataclass(frozen=True, slots=True)
class Finding:
    """One problem at ``text[start:end]`` of the original document text.

    ``data`` carries machine-readable details for consumers (``duplicate_of``,
    ``fact``...); it must hold JSON-serialisable values only.
    """

    code: str
    message: str
    start: int
    end: int
    severity: Severity = Severity.WARNING
    fix: Fix | None = None
    data: Mapping[str, Any] = field(default_factory=_no_data)  # (a mappingproxy is no valid plain default)

    def __post_init__(self) -> None:
        if self.start < 0 or self.end < self.start:
            raise ValueError(f"finding {self.code} span [{self.start}, {self.end}) is not a valid span")

    def __reduce__(self) -> tuple[Any, ...]:
        if not self.data:  # NO_DATA does not pickle; the default gives it back
            return (Finding, (self.code, self.message, self.start, self.end, self.severity, self.fix))
        return (Finding, (self.code, self.message, self.start, self.end, self.severity, self.fix, self.data))

    @property
    def family(self) -> str:
        return self.code[:1]

    def moved(self, start: int, end: int, fix: Fix | None) -> "Finding":
        # `dataclasses.replace` does the same, at three times the cost (every finding
        # after a text-changing stage is moved).
        return type(self)(self.code, self.message, start, end, self.severity, fix, self.data)

    def sort_key(self) -> tuple[int, int, str]:
        return (self.start, self.end, self.code)
