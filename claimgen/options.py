"""The options of one build, as a typed value (a misspelt option is an error, not silently ignored)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from .errors import UsageError

EXHIBIT_DELIVERIES = (
    "usb",
    "disc",
    "link",
)  # the same as model.ExhibitDelivery (kept here: no model import at start-up)

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
    ``overwrite_edited``: replace packet files that were edited since the last build;
    ``exhibit_delivery``: how exhibits that cannot be printed reach the agency (``usb``, ``disc``,
    ``link``); None: as the case's ``claim.exhibit_delivery`` says, else ``usb``.
    """

    official_sf95: str | None = None
    sf95_field_map: str | None = None
    font: str | None = None
    final: bool = False
    bates_prefix: str = "CLAIM"
    overwrite_edited: bool = False
    exhibit_delivery: str | None = None

    def __post_init__(self) -> None:
        if self.exhibit_delivery is not None and self.exhibit_delivery not in EXHIBIT_DELIVERIES:
            raise UsageError(
                f"--exhibit-delivery: {self.exhibit_delivery!r} is not one of {', '.join(EXHIBIT_DELIVERIES)}"
            )
        if not isinstance(self.bates_prefix, str) or not BATES_PREFIX.fullmatch(self.bates_prefix):
            raise UsageError(
                f"--bates-prefix: {self.bates_prefix!r} may hold only letters, digits and '-' "
                "(for example CLAIM or SMITH-2026)"
            )
