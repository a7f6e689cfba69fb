"""The options of one build, as a typed value (a misspelt option is an error, not silently ignored)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from .errors import UsageError

BATES_PREFIX = re.compile(r"[A-Za-z0-9-]+")


@dataclass(frozen=True)
class BuildOptions:
    """How ``claimgen build`` renders a packet.

    ``official_sf95``: a fillable SF-95 to fill as well (``--official-sf95``);
    ``sf95_field_map``: its field names by box (``--sf95-field-map``);
    ``font``: a TrueType font for the PDFs instead of the bundled DejaVu Sans (``--font``);
    ``final``: the copies that are mailed (``--final``): no draft markings, no internal ids;
    ``bates_prefix``: the PREFIX of the mailing packet's ``PREFIX-NNNNNN`` page stamps
    (letters, digits and ``-``);
    ``overwrite_edited``: replace packet files that were edited since the last build.
    """

    official_sf95: str | None = None
    sf95_field_map: str | None = None
    font: str | None = None
    final: bool = False
    bates_prefix: str = "CLAIM"
    overwrite_edited: bool = False

    def __post_init__(self) -> None:
        if not isinstance(self.bates_prefix, str) or not BATES_PREFIX.fullmatch(self.bates_prefix):
            raise UsageError(f"--bates-prefix: {self.bates_prefix!r} may hold only letters, digits and '-' "
                             "(for example CLAIM or SMITH-2026)")
