"""Regenerate the examples' binary evidence and bring their case files in line with the files.

The example photos (JPEG with EXIF capture time, camera and GPS, as a phone writes
them) are drawn with Pillow from fixed shapes, so the same Pillow writes the same
bytes every time. Then every example's ``evidence`` entries get the sha256 and size
of their files (and the custody events the same sha256), and a photo's entry gets
the capture metadata that ``claimgen evidence add`` would read from it. Case files
are edited through ``caseio.update_case``: comments and key order are kept.

Run:  .venv/bin/python tools/make_examples.py            # write photos, fix hashes, print them
      .venv/bin/python tools/make_examples.py --check    # change nothing; exit 1 if a case is out of date
      .venv/bin/python tools/make_examples.py --photos-to DIR   # only draw the photos into DIR
"""

from __future__ import annotations

import argparse
import hashlib
import io
import sys
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "claimgen" / "examples"
sys.path.insert(0, str(ROOT))

from claimgen.caseio import load_raw, update_case  # noqa: E402

_EXIF_IFD, _GPS_IFD = 0x8769, 0x8825
_MAKE, _MODEL, _SOFTWARE, _DATETIME, _ORIENTATION = 0x010F, 0x0110, 0x0131, 0x0132, 0x0112
_DT_ORIGINAL, _DT_DIGITIZED, _OFFSET_ORIGINAL = 0x9003, 0x9004, 0x9011


@dataclass(frozen=True)
class Photo:
    """One fictional phone photo: where it goes, what it shows, and its EXIF."""

    path: str  # relative to claimgen/examples/
    taken: str  # EXIF "YYYY:MM:DD HH:MM:SS" (local time)
    offset: str  # EXIF OffsetTimeOriginal, e.g. "-04:00"
    make: str
    model: str
    software: str
    lat: tuple[float, float, float]
    lat_ref: str
    lon: tuple[float, float, float]
    lon_ref: str
    altitude_m: float
    draw: str  # name of the drawing function below


def _draw_car_door(im) -> None:
    """A gray car door with a shattered window and three bullet holes."""
    from PIL import ImageDraw

    d = ImageDraw.Draw(im)
    w, h = im.size
    for y in range(h):  # sky-to-asphalt background
        shade = 200 - y * 90 // h
        d.line([(0, y), (w, y)], fill=(shade, shade, shade + 12))
    d.rectangle([40, 150, w - 40, h - 30], fill=(118, 122, 128), outline=(60, 62, 66), width=4)  # door panel
    d.polygon([(70, 40), (w - 80, 40), (w - 50, 140), (55, 140)], fill=(52, 60, 72))  # window frame
    cx, cy = 230, 90
    for i in range(14):  # cracks radiating from the impact
        angle_x = [-170, -120, -80, -40, 0, 40, 90, 140, 175, 120, 60, -10, -60, -150][i]
        angle_y = [-45, -50, -40, -52, -50, -48, -44, 40, 30, 45, 46, 44, 42, 35][i]
        d.line([(cx, cy), (cx + angle_x, cy + angle_y)], fill=(210, 214, 220), width=1)
    d.ellipse([cx - 6, cy - 6, cx + 6, cy + 6], fill=(15, 15, 18))
    for x, y in ((205, 205), (236, 228), (262, 199)):  # holes in the door panel
        d.ellipse([x - 5, y - 5, x + 5, y + 5], fill=(20, 20, 22), outline=(170, 120, 80), width=2)
    d.rectangle([w - 110, 190, w - 70, 202], fill=(40, 40, 44))  # door handle


def _draw_forearm_bruises(im) -> None:
    """A forearm on a pale table with purple and yellow bruises and a centimetre scale."""
    from PIL import Image, ImageDraw, ImageFilter

    d = ImageDraw.Draw(im)
    w, h = im.size
    d.rectangle([0, 0, w, h], fill=(226, 222, 214))
    d.rounded_rectangle([20, 110, w - 10, 250], radius=60, fill=(196, 150, 118))  # forearm
    layer = Image.new("RGBA", im.size, (0, 0, 0, 0))  # bruises drawn apart, blurred, laid on the skin
    b = ImageDraw.Draw(layer)
    for box, color in (
        ([150, 140, 230, 200], (92, 58, 110, 220)),
        ([245, 150, 300, 215], (110, 70, 120, 200)),
        ([320, 135, 380, 185], (150, 140, 80, 160)),
    ):
        b.ellipse(box, fill=color)
    layer = layer.filter(ImageFilter.GaussianBlur(9))
    im.paste(Image.alpha_composite(im.convert("RGBA"), layer).convert("RGB"))
    d.rectangle([40, 290, 440, 318], fill=(250, 248, 240), outline=(30, 30, 30))  # scale bar
    for i in range(0, 401, 20):
        d.line([(40 + i, 290), (40 + i, 300 if i % 100 else 310)], fill=(30, 30, 30))


PHOTOS = (
    Photo(
        path="fatal-vehicle-stop/evidence/camry-driver-door.jpg",
        taken="2025:10:01 10:14:32",
        offset="-04:00",
        make="Apple",
        model="iPhone 12",
        software="18.6.2",
        lat=(39.0, 55.0, 7.3),
        lat_ref="N",
        lon=(83.0, 47.0, 1.2),
        lon_ref="W",
        altitude_m=291.0,
        draw="_draw_car_door",
    ),
    Photo(
        path="arizona-checkpoint-force/evidence/forearm-bruises.jpg",
        taken="2025:11:07 19:42:10",
        offset="-07:00",
        make="samsung",
        model="Galaxy A54 5G",
        software="A546USQS5CXK1",
        lat=(31.0, 27.0, 14.4),
        lat_ref="N",
        lon=(110.0, 58.0, 8.4),
        lon_ref="W",
        altitude_m=1048.0,
        draw="_draw_forearm_bruises",
    ),
)


def photo_bytes(photo: Photo) -> bytes:
    """The JPEG of ``photo``: same Pillow, same bytes."""
    from PIL import Image

    im = Image.new("RGB", (480, 360))
    globals()[photo.draw](im)
    exif = Image.Exif()
    exif[_MAKE] = photo.make
    exif[_MODEL] = photo.model
    exif[_SOFTWARE] = photo.software
    exif[_DATETIME] = photo.taken
    exif[_ORIENTATION] = 1
    sub = exif.get_ifd(_EXIF_IFD)
    sub[_DT_ORIGINAL] = photo.taken
    sub[_DT_DIGITIZED] = photo.taken
    sub[_OFFSET_ORIGINAL] = photo.offset
    gps = exif.get_ifd(_GPS_IFD)
    gps[1] = photo.lat_ref
    gps[2] = photo.lat
    gps[3] = photo.lon_ref
    gps[4] = photo.lon
    gps[5] = b"\x00"
    gps[6] = photo.altitude_m
    buf = io.BytesIO()
    im.save(buf, "JPEG", quality=72, exif=exif.tobytes())
    return buf.getvalue()


def write_photos(root: Path) -> list[Path]:
    """Draw every photo under ``root``; rewrite a file only when its bytes differ."""
    written = []
    for photo in PHOTOS:
        target = root / photo.path
        data = photo_bytes(photo)
        if not target.exists() or target.read_bytes() != data:
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
            written.append(target)
    return written


def _capture(file: Path, mime: str):
    """What `claimgen evidence add` reads from a photo (None where that module is absent)."""
    try:
        from claimgen.evidence.metadata import capture_metadata
    except ImportError:
        return None
    return capture_metadata(file, mime)


def wanted_entries(case_path: Path) -> dict[int, dict]:
    """For each evidence entry (by index): the values its file says it should have."""
    raw = load_raw(case_path)
    wanted: dict[int, dict] = {}
    for i, entry in enumerate(raw.get("evidence") or []):
        file = case_path.parent / entry["path"]
        data = file.read_bytes()
        values: dict = {"sha256": hashlib.sha256(data).hexdigest(), "size": len(data)}
        mime = entry.get("mime_type") or ""
        if mime.startswith("image/"):
            cap = _capture(file, mime)
            if cap is not None:
                if cap.captured_at:
                    values["captured_at"] = cap.captured_at
                if cap.metadata:
                    values["metadata"] = dict(cap.metadata)
                if cap.flags:
                    values["metadata_flags"] = list(cap.flags)
        wanted[i] = values
    return wanted


def _plain(value):
    """Numbers as floats (the safe loader reads 39.9 as Decimal), containers recursively."""
    from decimal import Decimal

    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value


def _out_of_date(raw: dict, wanted: dict[int, dict]) -> list[str]:
    stale = []
    for i, values in wanted.items():
        entry = raw["evidence"][i]
        for key, value in values.items():
            if _plain(entry.get(key)) != _plain(value):
                stale.append(f"evidence[{i}].{key}")
        for k, event in enumerate(entry.get("custody") or []):
            if event.get("sha256") not in (None, values["sha256"]):
                stale.append(f"evidence[{i}].custody[{k}].sha256")
    return stale


def sync_case(case_path: Path) -> None:
    """Write the wanted values into the case file (comments and key order kept)."""
    wanted = wanted_entries(case_path)

    def change(tree) -> None:
        for i, values in wanted.items():
            entry = tree["evidence"][i]
            anchor = next((k for k in ("original_name", "mime_type", "size") if k in entry), None)
            for key, value in values.items():
                if key in entry:
                    entry[key] = value
                else:  # a new key goes beside the file's other facts, not after its custody log
                    entry.insert(list(entry).index(anchor) + 1 if anchor else len(entry), key, value)
                    anchor = key
            for event in entry.get("custody") or []:
                if "sha256" in event:
                    event["sha256"] = values["sha256"]

    update_case(case_path, change)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--check", action="store_true", help="change nothing; exit 1 if a case file is out of date")
    parser.add_argument("--photos-to", metavar="DIR", help="only draw the photos into DIR (for determinism tests)")
    args = parser.parse_args(argv)

    if args.photos_to:
        for path in write_photos(Path(args.photos_to)):
            print(path)
        return 0
    if not args.check:
        for path in write_photos(EXAMPLES):
            print(f"drew {path.relative_to(ROOT)}")
    status = 0
    for case_path in sorted(EXAMPLES.glob("*/case.yaml")):
        stale = _out_of_date(load_raw(case_path), wanted_entries(case_path))
        if stale and args.check:
            print(f"{case_path.relative_to(ROOT)}: out of date: {', '.join(stale)}")
            status = 1
            continue
        if stale:
            sync_case(case_path)
        for entry in load_raw(case_path).get("evidence") or []:
            print(f"{entry['sha256']}  {entry['size']:>7}  {case_path.parent.name}/{entry['path']}")
    return status


if __name__ == "__main__":
    raise SystemExit(main())
