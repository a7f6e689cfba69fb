"""Problems found in user input, reported one line each as ``FILE: key.path: message``."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

Severity = Literal["error", "warning"]


@dataclass(frozen=True)
class Problem:
    path: str  # key path like claimants[0].damages.personal_injury; "" for the whole file
    message: str
    severity: Severity = "error"

    def line(self, file: str) -> str:
        where = f"{file}: {self.path}: " if self.path else f"{file}: "
        prefix = "warning: " if self.severity == "warning" else ""
        return f"{where}{prefix}{self.message}"


@dataclass
class CaseError(Exception):
    """Raised when input is wrong; the CLI prints each problem and exits 2."""

    file: str
    problems: list[Problem] = field(default_factory=list)

    def __post_init__(self) -> None:
        super().__init__(self.file)

    def lines(self) -> list[str]:
        return [p.line(self.file) for p in self.problems]

    def __str__(self) -> str:  # pragma: no cover - for debugging only
        return "\n".join(self.lines())


class UsageError(Exception):
    """A wrong command line (exit 2)."""


def format_path(parts: tuple | list) -> str:
    """('claimants', 0, 'damages', 'property_damage') -> claimants[0].damages.property_damage"""
    out = ""
    for part in parts:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += ("." if out else "") + str(part)
    return out
