"""What a file says about its own capture: MIME type, EXIF, video and audio headers.

Photos: EXIF date and time (with its offset when the camera wrote one), GPS as
decimal degrees, device make and model, editing software (Pillow; the pixels are
never decoded). Video and audio: creation time and duration (hachoir; ffprobe
fills gaps only when it is installed — it is never required).

Nothing here judges authenticity. It records what is there and flags what is
absent or looks stripped, so a lawyer knows to ask for the original from the
phone before an agency lawyer asks why the metadata is gone.
"""

from __future__ import annotations

import datetime as dt
import json
import math
import mimetypes
import re
import shutil
import subprocess
import warnings
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

FLAG_NO_CAPTURE = "no capture metadata"
FLAG_STRIPPED_JPEG = "metadata looks stripped (no EXIF in a camera JPEG)"
FLAG_NO_GPS = "no GPS location in the photo's EXIF"
FLAG_NO_DEVICE = "EXIF names no camera make or model (screenshot, edited or re-saved image?)"
FLAG_NO_TIME = "EXIF has no capture date and time"

_MEDIA_MAJOR = ("image", "video", "audio")
_EXIF_DATE = re.compile(r"^(\d{4}):(\d{2}):(\d{2})[ T](\d{2}):(\d{2}):(\d{2})")
_OFFSET = re.compile(r"^[+-]\d{2}:\d{2}$")
_ISO6709 = re.compile(r"^([+-]\d+(?:\.\d+)?)([+-]\d+(?:\.\d+)?)")

# EXIF tag numbers (CIPA DC-008)
_EXIF_IFD, _GPS_IFD = 0x8769, 0x8825
_MAKE, _MODEL, _SOFTWARE, _DATETIME = 0x010F, 0x0110, 0x0131, 0x0132
_DT_ORIGINAL, _DT_DIGITIZED, _OFFSET_ORIGINAL = 0x9003, 0x9004, 0x9011
_GPS_LAT_REF, _GPS_LAT, _GPS_LON_REF, _GPS_LON, _GPS_ALT_REF, _GPS_ALT = 1, 2, 3, 4, 5, 6


@dataclass
class Capture:
    """Capture metadata of one file, ready for the case file."""

    captured_at: str | None = None
    metadata: dict[str, Any] = field(default_factory=dict)
    flags: list[str] = field(default_factory=list)


# ---------------------------------------------------------------- MIME


def sniff_mime(head: bytes, name: str) -> tuple[str, list[str]]:
    """MIME type from the content (filetype), else from the name; flag a name that lies about the content."""
    import filetype

    by_content = None
    try:
        kind = filetype.guess(head) if head else None
        by_content = kind.mime if kind else None
    except Exception:  # noqa: BLE001 - a sniffer bug must not stop intake
        by_content = None
    by_name, _ = mimetypes.guess_type(name, strict=False)
    flags: list[str] = []
    if by_content and by_name:
        a, b = by_content.split("/")[0], by_name.split("/")[0]
        compatible = a == b or {a, b} <= {"audio", "video"}
        if not compatible:
            flags.append(f"the file name suggests {by_name} but the content is {by_content}")
    return by_content or by_name or "application/octet-stream", flags


# ---------------------------------------------------------------- photos (EXIF)


def _exif_datetime(value: Any, offset: Any = None) -> str | None:
    if not isinstance(value, str):
        return None
    m = _EXIF_DATE.match(value.strip())
    if not m:
        return None
    try:
        year, month, day, hour, minute, second = (int(g) for g in m.groups())
        when = dt.datetime(year, month, day, hour, minute, second)
    except ValueError:  # 0000:00:00 00:00:00 and friends
        return None
    text = when.isoformat()
    if isinstance(offset, str) and _OFFSET.match(offset.strip()):
        text += offset.strip()
    return text


def _rational(value: Any) -> float | None:
    try:
        number = float(value)
    except (TypeError, ValueError, ZeroDivisionError):
        return None
    return number if math.isfinite(number) else None


def _dms(value: Any, ref: Any) -> float | None:
    """EXIF (degrees, minutes, seconds) + N/S/E/W → signed decimal degrees."""
    try:
        parts = [_rational(v) for v in value]
    except TypeError:
        return None
    numbers = [p for p in parts if p is not None]
    if len(parts) != 3 or len(numbers) != 3:
        return None
    deg = numbers[0] + numbers[1] / 60 + numbers[2] / 3600
    if isinstance(ref, bytes):
        ref = ref.decode("ascii", "replace")
    if isinstance(ref, str) and ref.strip().upper() in ("S", "W"):
        deg = -deg
    return round(deg, 6)


def _text(value: Any) -> str | None:
    if isinstance(value, bytes):
        value = value.decode("utf-8", "replace")
    if not isinstance(value, str):
        return None
    value = "".join(c for c in value if c.isprintable()).strip()
    return value or None


def photo_metadata(path: Path, mime: str) -> Capture:
    """EXIF time, GPS, device and software of a photo (header only; pixels are not decoded)."""
    from PIL import Image

    cap = Capture()
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            with Image.open(path) as im:
                cap.metadata["width"], cap.metadata["height"] = im.size
                exif = im.getexif()
                exif_ifd = exif.get_ifd(_EXIF_IFD) if exif else {}
                gps_ifd = exif.get_ifd(_GPS_IFD) if exif else {}
    except Exception as exc:  # noqa: BLE001 - unreadable or unsupported (HEIC without a plugin)
        cap.flags.append(f"could not read photo metadata ({type(exc).__name__})")
        cap.flags.append(FLAG_NO_CAPTURE)
        return cap

    if not exif:
        if mime == "image/jpeg":
            cap.flags.append(FLAG_STRIPPED_JPEG)
        cap.flags.append(FLAG_NO_CAPTURE)
        return cap

    original = _exif_datetime(exif_ifd.get(_DT_ORIGINAL), exif_ifd.get(_OFFSET_ORIGINAL))
    digitized = _exif_datetime(exif_ifd.get(_DT_DIGITIZED), exif_ifd.get(_OFFSET_ORIGINAL))
    changed = _exif_datetime(exif.get(_DATETIME))
    if original:
        cap.captured_at = original
        source = "EXIF DateTimeOriginal"
    elif digitized:
        cap.captured_at = digitized
        source = "EXIF DateTimeDigitized"
    else:
        source = None
        cap.flags.append(FLAG_NO_TIME)
        if changed:
            cap.metadata["exif_datetime"] = changed  # last change, not capture: kept, not used as capture time
    if source:
        zone = (
            "with its UTC offset"
            if cap.captured_at and _OFFSET.search(cap.captured_at[-6:])
            else "camera clock, time zone not recorded"
        )
        cap.metadata["captured_at_source"] = f"{source} ({zone})"

    make, model = _text(exif.get(_MAKE)), _text(exif.get(_MODEL))
    if make or model:
        device = (
            model
            if (make and model and model.lower().startswith(make.lower()))
            else " ".join(x for x in (make, model) if x)
        )
        cap.metadata["device"] = device
    else:
        cap.flags.append(FLAG_NO_DEVICE)
    software = _text(exif.get(_SOFTWARE))
    if software:
        cap.metadata["software"] = software

    lat = _dms(gps_ifd.get(_GPS_LAT), gps_ifd.get(_GPS_LAT_REF)) if gps_ifd else None
    lon = _dms(gps_ifd.get(_GPS_LON), gps_ifd.get(_GPS_LON_REF)) if gps_ifd else None
    if lat is not None and lon is not None and -90 <= lat <= 90 and -180 <= lon <= 180 and (lat, lon) != (0, 0):
        cap.metadata["gps_latitude"] = lat
        cap.metadata["gps_longitude"] = lon
        alt = _rational(gps_ifd.get(_GPS_ALT))
        if alt is not None:
            ref = gps_ifd.get(_GPS_ALT_REF)
            below = ref in (1, b"\x01")
            cap.metadata["gps_altitude_m"] = round(-alt if below else alt, 1)
    else:
        cap.flags.append(FLAG_NO_GPS)
    return cap


# ---------------------------------------------------------------- video and audio


_QUICKTIME_EPOCH = dt.datetime(1904, 1, 1)


def _utc_iso(when: dt.datetime) -> str:
    if when.tzinfo is None:
        when = when.replace(tzinfo=dt.UTC)
    return when.astimezone(dt.UTC).isoformat()


def _hachoir(path: Path) -> dict[str, Any]:
    from hachoir.core import config as hconfig
    from hachoir.core.log import log as hlog

    hconfig.quiet = True
    hlog.use_print = False  # hachoir prints parser warnings to stdout otherwise
    from hachoir.metadata import extractMetadata
    from hachoir.parser import createParser

    found: dict[str, Any] = {}
    parser = createParser(str(path))
    if parser is None:
        return found
    with parser:
        meta = extractMetadata(parser)
    if meta is None:
        return found
    if meta.has("creation_date"):
        created = meta.get("creation_date")
        if isinstance(created, dt.datetime) and created > _QUICKTIME_EPOCH + dt.timedelta(days=1):
            found["created"] = created
    elif meta.has("date_time_original"):
        created = meta.get("date_time_original")
        if isinstance(created, dt.datetime):
            found["created"] = created
    if meta.has("duration"):
        duration = meta.get("duration")
        if isinstance(duration, dt.timedelta) and duration.total_seconds() > 0:
            found["duration"] = duration.total_seconds()
    for key, name in (("width", "width"), ("height", "height"), ("producer", "software")):
        if meta.has(key):
            value = meta.get(key)
            if isinstance(value, (int, str)) and value not in ("", 0):
                found[name] = value
    return found


def parse_ffprobe(doc: dict[str, Any]) -> dict[str, Any]:
    """The useful parts of ``ffprobe -print_format json -show_format`` output."""
    found: dict[str, Any] = {}
    fmt = doc.get("format") or {}
    tags = {str(k).lower(): v for k, v in (fmt.get("tags") or {}).items()}
    created = tags.get("com.apple.quicktime.creationdate") or tags.get("creation_time")
    if isinstance(created, str):
        try:
            when = dt.datetime.fromisoformat(created.replace("Z", "+00:00"))
            if when.year > 1904:
                found["created"] = when
        except ValueError:
            pass
    try:
        duration = float(fmt.get("duration"))  # type: ignore[arg-type]  # None and junk land in the except
        if math.isfinite(duration) and duration > 0:
            found["duration"] = duration
    except (TypeError, ValueError):
        pass
    loc = tags.get("com.apple.quicktime.location.iso6709") or tags.get("location")
    if isinstance(loc, str):
        m = _ISO6709.match(loc.strip())
        if m:
            found["gps_latitude"], found["gps_longitude"] = round(float(m.group(1)), 6), round(float(m.group(2)), 6)
    make, model = _text(tags.get("com.apple.quicktime.make")), _text(tags.get("com.apple.quicktime.model"))
    if make or model:
        found["device"] = " ".join(x for x in (make, model) if x)
    return found


def _ffprobe(path: Path) -> dict[str, Any]:
    exe = shutil.which("ffprobe")
    if not exe:
        return {}
    try:
        out = subprocess.run(
            [exe, "-v", "error", "-print_format", "json", "-show_format", "--", str(path)],
            capture_output=True,
            timeout=60,
            check=False,
        )
        return parse_ffprobe(json.loads(out.stdout or b"{}")) if out.returncode == 0 else {}
    except (OSError, subprocess.SubprocessError, ValueError):
        return {}


def media_metadata(path: Path, mime: str) -> Capture:
    """Creation time and duration of a video or audio file."""
    cap = Capture()
    try:
        found = _hachoir(path)
    except Exception as exc:  # noqa: BLE001 - a damaged file must not stop intake
        found = {}
        cap.flags.append(f"could not read media metadata ({type(exc).__name__})")
    if "created" not in found or "duration" not in found:
        for key, value in _ffprobe(path).items():
            found.setdefault(key, value)
    if "created" in found:
        cap.captured_at = _utc_iso(found["created"])
        cap.metadata["captured_at_source"] = (
            "creation time in the media header (UTC by the format's rule; some devices write local time)"
        )
    for key in ("duration", "width", "height", "software", "device", "gps_latitude", "gps_longitude"):
        if key in found:
            value = found[key]
            cap.metadata["duration_seconds" if key == "duration" else key] = (
                round(value, 3) if key == "duration" else value
            )
    if "created" not in found:
        cap.flags.append(FLAG_NO_CAPTURE)
    return cap


# ---------------------------------------------------------------- entry point


def capture_metadata(path: Path, mime: str) -> Capture:
    """Capture metadata for photos, video and audio; documents get none (and no flag)."""
    major = mime.split("/")[0]
    if major == "image":
        return photo_metadata(path, mime)
    if major in ("video", "audio"):
        return media_metadata(path, mime)
    return Capture()


def file_modified_iso(mtime: float) -> str:
    """A file's modification time as UTC ISO 8601 with its offset, to the second."""
    return dt.datetime.fromtimestamp(int(mtime), dt.UTC).isoformat()
