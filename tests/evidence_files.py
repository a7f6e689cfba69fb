"""Evidence files made in the tests: a JPEG with EXIF (date, offset, GPS, device)."""

from __future__ import annotations

from pathlib import Path

from PIL import Image
from PIL.TiffImagePlugin import IFDRational

def exif_jpeg(path: Path, *, when="2025:06:14 06:12:30", offset="-05:00", gps=True, device=True) -> Path:
    """A JPEG with EXIF made here: 44° 56' 55.65" N, 93° 15' 44.25" W (Minneapolis)."""
    exif = Image.Exif()
    if device:
        exif[0x010F] = "Apple"
        exif[0x0110] = "iPhone 13"
    sub = {}
    if when:
        sub[0x9003] = when
    if offset:
        sub[0x9011] = offset
    exif[0x8769] = sub
    if gps:
        exif[0x8825] = {
            1: "N", 2: (IFDRational(44, 1), IFDRational(56, 1), IFDRational(5565, 100)),
            3: "W", 4: (IFDRational(93, 1), IFDRational(15, 1), IFDRational(4425, 100)),
        }
    Image.new("RGB", (32, 24), (120, 30, 30)).save(path, exif=exif)
    return path
