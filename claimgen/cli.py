"""The command line (docs/commands.md). Parsing only: each command lives in claimgen.commands.

Heavy libraries are imported inside the commands, so ``claimgen --help`` stays fast.
Exit status: 0 done; 1 done but the user must act; 2 bad input or command line.
"""

from __future__ import annotations

import argparse
import datetime as dt
import importlib
import os
import sys
from typing import NoReturn

from . import __version__

EXAMPLES = """\
examples:
  claimgen interview case.yaml --lang es
  claimgen serve case.yaml --lang es
  claimgen validate case.yaml
  claimgen validate case.yaml --final
  claimgen check case.yaml --as-of 2026-11-22 --format json
  claimgen build case.yaml -o packet --as-of 2026-11-22
  claimgen evidence add case.yaml evidence/ --source "neighbour's phone"
  claimgen evidence verify case.yaml
  claimgen docket clients/ --within 30 --ics office.ics
  claimgen demo -o claimgen-demo

Every document claimgen writes is a draft for a lawyer's review, not legal advice.
"""


MIN_UPLOAD_LIMIT = 1000  # bytes: a smaller limit would refuse every photo


def iso_date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date YYYY-MM-DD") from None


def port_number(text: str) -> int:
    try:
        n = int(text)
    except ValueError:
        n = -1
    if not 0 <= n <= 65535:
        raise argparse.ArgumentTypeError(f"{text!r} is not a port number 0-65535 (0 picks a free one)")
    return n


def byte_size(text: str) -> int:
    """A size as people write it: 200M, 2G, 500KB, 1.5GB, 1GiB (K, M, G are powers of 1000; KiB, MiB of 1024)."""
    from humanfriendly import InvalidSize, parse_size

    try:
        n = parse_size(text.strip())
    except InvalidSize:
        raise argparse.ArgumentTypeError(
            f"{text!r} is not a size; write it like 200M or 2G (K, M, G: thousand, million, billion bytes)"
        ) from None
    if n < MIN_UPLOAD_LIMIT:
        raise argparse.ArgumentTypeError(f"{text!r} is too small: a file limit must be at least 1K")
    return int(n)


def file_name(text: str) -> str:
    """A file or folder named on the command line: an empty name is a usage error, not 'no file'."""
    if not text.strip():
        raise argparse.ArgumentTypeError("an empty name; give a file name")
    return text


def text_value(text: str) -> str:
    """Free text given on the command line (a description, a name, an id): it is saved in the case
    file, so bytes that are not UTF-8 (a terminal set to another encoding) are refused, never
    saved as an escape that no YAML reader accepts."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        shown = text.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
        raise argparse.ArgumentTypeError(
            f"'{shown}' is not UTF-8 text (is the terminal set to another encoding?); type it again in UTF-8"
        ) from None
    return text


def _days(text: str) -> int:
    try:
        days = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number of days") from None
    if days < 0:
        raise argparse.ArgumentTypeError(f"{text!r}: the number of days cannot be negative")
    return days


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:  # one clear line, exit 2
        if self.prog.endswith("evidence add") and "required: FILE" in message:
            # `add case.yaml --supports c1 photo.jpg`: the list took the file too
            message += (
                " (--supports takes every word after it: put the files before --supports, or end its list with --)"
            )
        self.print_usage(sys.stderr)
        self.exit(2, f"{self.prog}: error: {message}\n")


def build_parser() -> argparse.ArgumentParser:
    p = _Parser(
        prog="claimgen",
        description="Turn the facts of an incident with federal officers into a filing-ready FTCA claim packet.",
        epilog=EXAMPLES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("--version", action="version", version=f"claimgen {__version__}")
    sub = p.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    sub.required = True

    s = sub.add_parser("interview", help="ask the questions, save after every answer, resume where you stopped")
    s.add_argument("case", nargs="?", default="case.yaml", metavar="CASE.yaml")
    s.add_argument(
        "--lang",
        choices=["en", "es"],
        default=None,
        help="language of the questions (default: en, or the one used before)",
    )
    s.add_argument(
        "--answers", type=file_name, metavar="FILE", help="take the answers from a YAML file instead of a terminal"
    )
    s.add_argument(
        "--as-of",
        type=iso_date,
        default=None,
        metavar="YYYY-MM-DD",
        help="count the closing deadline summary (and 'in the future' checks) from this day (default: today)",
    )

    s = sub.add_parser("serve", help="the interview as a web page on this computer (127.0.0.1 only)")
    s.add_argument("case", nargs="?", default="case.yaml", metavar="CASE.yaml")
    s.add_argument(
        "--lang", choices=["en", "es"], default=None, help="language of the pages (default: en, or the one used before)"
    )
    s.add_argument("--port", type=port_number, default=0, metavar="N", help="port on 127.0.0.1 (default: a free one)")
    s.add_argument("--no-browser", action="store_true", help="only print the link; do not open a browser")
    s.add_argument(
        "--upload-limit",
        type=byte_size,
        default=None,
        metavar="SIZE",
        help="the largest file a page accepts, like 200M or 2G (default: 500M)",
    )
    s.add_argument(
        "--as-of",
        type=iso_date,
        default=None,
        metavar="YYYY-MM-DD",
        help="count the deadlines (and 'in the future' checks) from this day (default: today)",
    )

    s = sub.add_parser("validate", help="check the case file; print every problem with its key path")
    s.add_argument("case", metavar="CASE.yaml")
    s.add_argument(
        "--final",
        action="store_true",
        help="also list what keeps the claim from being signed and filed (exit 1 when anything does)",
    )
    s.add_argument(
        "--as-of",
        type=iso_date,
        default=None,
        metavar="YYYY-MM-DD",
        help="judge ages and dates on this day (default: today)",
    )

    s = sub.add_parser("check", help="compute every deadline and risk flag")
    s.add_argument("case", metavar="CASE.yaml")
    s.add_argument(
        "--as-of", type=iso_date, default=None, metavar="YYYY-MM-DD", help="count from this day (default: today)"
    )
    s.add_argument("--format", choices=["table", "json"], default="table")
    s.add_argument("--ics", type=file_name, metavar="FILE", help="also write the deadlines as a calendar file")
    s.add_argument("--strict", action="store_true", help="exit 1 if any deadline is missed or within 30 days")

    s = sub.add_parser("build", help="write the whole claim packet into OUTDIR")
    s.add_argument("case", metavar="CASE.yaml")
    s.add_argument("-o", "--output", dest="outdir", type=file_name, required=True, metavar="OUTDIR")
    s.add_argument("--as-of", type=iso_date, default=None, metavar="YYYY-MM-DD")
    s.add_argument(
        "--official-sf95", type=file_name, metavar="FORM.pdf", help="also fill this fillable SF-95 for each claimant"
    )
    s.add_argument(
        "--sf95-field-map", metavar="MAP.yaml", help="field names of the fillable SF-95, by box (overrides matching)"
    )
    s.add_argument(
        "--overwrite-edited",
        action="store_true",
        help="when files of an earlier packet in OUTDIR were edited, move them to OUTDIR.edited-DATE/ "
        "and write the new packet (without it, such a build is refused)",
    )
    s.add_argument(
        "--font", metavar="FONT.ttf", help="TrueType font for the PDFs (default: bundled DejaVu Sans; or CLAIMGEN_FONT)"
    )
    s.add_argument(
        "--bates-prefix",
        metavar="PREFIX",
        default="CLAIM",
        help="the mailing packets' page stamps PREFIX-000001, ... (letters, digits and '-'; default CLAIM)",
    )
    s.add_argument(
        "--exhibit-delivery",
        choices=["usb", "disc", "link"],
        help="how exhibits that cannot be printed (video, audio) reach the agency, as the mailing packet's "
        "placeholder pages say (default: the case's claim.exhibit_delivery, else usb)",
    )
    s.add_argument(
        "--final",
        action="store_true",
        help="the copies mailed to the agency: refuse (exit 1, nothing written) while validate --final lists a problem",
    )

    s = sub.add_parser("evidence", help="register and verify evidence files")
    esub = s.add_subparsers(dest="evidence_command", metavar="ACTION", parser_class=_Parser)
    esub.required = True
    a = esub.add_parser("add", help="hash and register files (folders recursively)")
    a.add_argument("case", metavar="CASE.yaml")
    a.add_argument("files", nargs="+", metavar="FILE")
    a.add_argument("--description", type=text_value)
    a.add_argument("--source", type=text_value, help="where it came from (who recorded or issued it)")
    a.add_argument("--custodian", type=text_value, help="who holds the original now")
    a.add_argument(
        "--supports",
        nargs="+",
        type=text_value,
        default=[],
        metavar="ID",
        help="claimant, witness or damages ids, or SF-95 boxes like box-8",
    )
    a.add_argument(
        "--by",
        type=text_value,
        help="who is registering it (for the chain of custody; default: interview.registered_by in the case, else 'unknown')",
    )
    rm = esub.add_parser(
        "remove", help="take an exhibit out of the case (its custody log is kept; its id is never reused)"
    )
    rm.add_argument("case", metavar="CASE.yaml")
    rm.add_argument("exhibit", type=text_value, metavar="E-003")
    rm.add_argument("--by", type=text_value, help="who removes it (default: interview.registered_by, else unknown)")
    rm.add_argument("--note", type=text_value, help="why it is removed")
    rl = esub.add_parser("relink", help="point an exhibit at its moved file (only if the file's hash matches)")
    rl.add_argument("case", metavar="CASE.yaml")
    rl.add_argument("exhibit", type=text_value, metavar="E-003")
    rl.add_argument("new_path", metavar="NEWPATH")
    rl.add_argument("--by", type=text_value, help="who relinks it (default: interview.registered_by, else unknown)")
    v = esub.add_parser("verify", help="re-hash every registered file; exit 1 if any changed or is missing")
    v.add_argument("case", metavar="CASE.yaml")
    lg = esub.add_parser("log", help="record a chain-of-custody event for exhibits")
    lg.add_argument("case", metavar="CASE.yaml")
    lg.add_argument("exhibits", nargs="+", type=text_value, metavar="E-001")
    lg.add_argument(
        "--action", required=True, type=text_value, help='e.g. "copied", "sent to counsel", "produced to agency"'
    )
    lg.add_argument("--by", required=True, type=text_value, help="who did it")
    lg.add_argument("--to", type=text_value, help="to whom, if it changed hands")
    lg.add_argument("--method", type=text_value, help="how (hand delivery, encrypted upload, certified mail ...)")
    lg.add_argument("--note", type=text_value)
    lg.add_argument("--at", metavar="ISO-DATETIME", help="when, with UTC offset (default: now)")

    s = sub.add_parser("docket", help="every case under the folders, by its most urgent deadline")
    s.add_argument("paths", nargs="+", metavar="PATH", help="case files or folders (searched recursively)")
    s.add_argument(
        "--as-of", type=iso_date, default=None, metavar="YYYY-MM-DD", help="count from this day (default: today)"
    )
    s.add_argument("--format", choices=["table", "json"], default="table")
    s.add_argument("--ics", type=file_name, metavar="FILE", help="also write one calendar with every case's deadlines")
    s.add_argument(
        "--within",
        type=_days,
        default=None,
        metavar="DAYS",
        help="exit 1 if an act-by day is this close (default: 30), a deadline is missed or a file is broken",
    )

    s = sub.add_parser("demo", help="build the bundled example case")
    s.add_argument("-o", "--output", dest="outdir", default="claimgen-demo", metavar="OUTDIR")
    s.add_argument("--as-of", type=iso_date, default=None, metavar="YYYY-MM-DD")
    return p


def _command_module(args: argparse.Namespace) -> str:
    return "evidence" if args.command == "evidence" else args.command


def _tolerant_streams() -> None:
    """A terminal or pipe that cannot show a character (ASCII, Latin-1) gets a replacement, never a crash."""
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None and getattr(stream, "errors", "replace") == "strict":
            try:
                reconfigure(errors="replace")
            except (ValueError, OSError):  # a stream already closed or detached: leave it
                pass


def _os_error_line(exc: OSError) -> str:
    """One line for an error of the system (disk full, read-only, permission), naming the file."""
    import errno

    from .caseio import shown_path

    where = f"{shown_path(exc.filename)}: " if exc.filename else ""
    reason = {
        errno.ENOSPC: "no space left on the device",
        errno.EDQUOT: "the disk quota is used up",
        errno.EROFS: "read-only file system",
        errno.EACCES: "permission denied",
        errno.EPERM: "operation not permitted",
    }.get(exc.errno or 0, exc.strerror or type(exc).__name__)
    hint = (
        "; free some space or choose another place, then run the command again (nothing half-written was kept)"
        if exc.errno in (errno.ENOSPC, errno.EDQUOT)
        else "; nothing half-written was kept"
    )
    return f"claimgen: error: {where}{reason}{hint}"


def _one_line(text: str) -> str:
    """One problem, one line: a newline or other control character (from a file name) is shown escaped."""
    return "".join(c if c.isprintable() or c == "\t" else repr(c)[1:-1] for c in text)


def main(argv: list[str] | None = None) -> int:
    # pydantic hands every model it validates to any installed plugin (an entry point that any
    # other package may declare). Case files hold medical and immigration facts: the command
    # line loads no plugin, and skips the scan of every installed package that finds them.
    os.environ["PYDANTIC_DISABLE_PLUGINS"] = "__all__"
    _tolerant_streams()
    parser = build_parser()
    args = parser.parse_args(argv)
    from .errors import CaseError, UsageError

    try:
        module = importlib.import_module(f"claimgen.commands.{_command_module(args)}")
        return int(module.run(args) or 0)
    except CaseError as exc:
        for line in exc.lines():
            print(_one_line(line), file=sys.stderr)
        return 2
    except UsageError as exc:
        print(_one_line(f"claimgen: error: {exc}"), file=sys.stderr)
        return 2
    except BrokenPipeError:
        return 0
    except OSError as exc:  # the system, not a bug: disk full, read-only, a file vanished or locked
        print(_os_error_line(exc), file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("\nclaimgen: stopped; nothing was lost that had been saved.", file=sys.stderr)
        return 130
    except Exception as exc:  # a bug: one line, with a way to see more
        if os.environ.get("CLAIMGEN_DEBUG"):
            raise
        # The message of an unexpected exception may quote the case (a narrative, a name):
        # print only its type and where it happened; CLAIMGEN_DEBUG=1 shows everything.
        print(
            f"claimgen: internal error: {type(exc).__name__} at {_where(exc)} "
            "(details hidden because they may quote the case; set CLAIMGEN_DEBUG=1 to see them)",
            file=sys.stderr,
        )
        return 3


def _where(exc: BaseException) -> str:
    """file:line of the innermost claimgen frame of ``exc`` (no values, no user text)."""
    import traceback

    frames = traceback.extract_tb(exc.__traceback__)
    ours = [f for f in frames if f"{os.sep}claimgen{os.sep}" in f.filename] or frames
    if not ours:
        return "an unknown place"
    last = ours[-1]
    return f"{os.path.basename(last.filename)}:{last.lineno}"


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
