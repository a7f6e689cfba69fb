"""Reading and writing case files (YAML, UTF-8).

Loading uses PyYAML's *safe* loader only, with these tightenings: a number is
kept as the digits written (YAML 1.1 octal ``0100``, hex, binary, exponents,
underscores and sexagesimal ``6:10`` stay text — :class:`NumberText` — and only
plain decimals become numbers), duplicate keys, merge keys and aliases are
refused, and an impossible date (``2025-02-30``) becomes a validation message
instead of a crash. Every problem is collected and reported at once.

Saving goes through ruamel.yaml's round-trip mode so a user's key order and
comments survive ``evidence add`` and the interview, and is atomic and 0600.
Every writer holds the case file's lock (:func:`locked_case`); see
``docs/reliability.md`` for the guarantees.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import io
import os
import re
import shlex
import sys
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from .errors import CaseError, Problem, format_path
from .fsutil import FileTooLarge, NotRegularFile, atomic_write_text, ensure_private_dir, read_capped

MAX_CASE_BYTES = 10 * 1024 * 1024  # a case file is facts, not documents; documents are evidence files
MAX_DEPTH = 40
MAX_NUMBER_DIGITS = 100  # no fact of a case is a longer number (Python refuses int() of 4,301+ digits)
EARLIEST_YEAR, LATEST_YEAR = 1800, 2200  # dates outside are typos; deadline arithmetic near 9999 overflows
LOCK_WAIT = 5.0  # seconds a second writer waits for the case file's lock before saying who holds it


class NumberText(str):
    """An unquoted scalar that YAML 1.1 would read as a number but that is not a plain decimal:
    ``0100`` (octal 64), ``0x3E8``, ``0b1111101000``, ``1e3``, ``1_000``, ``6:10`` (sexagesimal 370),
    ``.inf``. Kept as the text written: a time, phone or badge number reads it as text, and
    an amount refuses it (see :func:`claimgen.model.parse_money`)."""


class WrittenInt(int):
    """A plain decimal integer from the file, with the text as written (``+5``, ``6125550140``)."""

    written: str

    def __new__(cls, text: str) -> WrittenInt:
        obj = super().__new__(cls, int(text))
        obj.written = text
        return obj


class WrittenDecimal(Decimal):
    """A plain decimal fraction from the file (``1850.50``), exact, with the text as written."""

    written: str

    def __new__(cls, text: str) -> WrittenDecimal:
        obj = super().__new__(cls, text)
        obj.written = text
        return obj


def written_text(value: Any) -> str | None:
    """The text a number was written with in the file, or None for anything else."""
    if isinstance(value, bool):
        return None
    if isinstance(value, NumberText):
        return str(value)
    return getattr(value, "written", None)


_PLAIN_INT = re.compile(r"[-+]?(0|[1-9][0-9]*)")
_PLAIN_DECIMAL = re.compile(r"[-+]?([0-9]+\.[0-9]*|\.[0-9]+)")


class _CaseChecks:
    """No duplicate keys, no aliases, bounded depth: mixed into both loaders below."""

    _depth = 0

    def compose_node(self, parent: Any, index: Any) -> Any:  # noqa: D401 - PyYAML hook
        if self.check_event(yaml.AliasEvent):
            event = self.peek_event()
            raise yaml.composer.ComposerError(
                None, None, "anchors and aliases (*name) are not allowed in a case file", event.start_mark
            )
        self._depth += 1
        try:
            if self._depth > MAX_DEPTH:
                event = self.peek_event()
                raise yaml.composer.ComposerError(
                    None, None, f"nesting deeper than {MAX_DEPTH} levels", event.start_mark
                )
            return super().compose_node(parent, index)
        finally:
            self._depth -= 1

    def construct_mapping(self, node: Any, deep: bool = False) -> Any:
        seen: dict[Any, Any] = {}
        for key_node, _ in node.value:
            if key_node.tag == "tag:yaml.org,2002:merge":
                raise yaml.constructor.ConstructorError(
                    None,
                    None,
                    "the merge key `<<` is not allowed in a case file; write each key out in full",
                    key_node.start_mark,
                )
            key = self.construct_object(key_node, deep=deep)
            try:
                hash(key)
            except TypeError:
                raise yaml.constructor.ConstructorError(
                    None, None, "a mapping key must be a plain value", key_node.start_mark
                ) from None
            if key in seen:
                raise yaml.constructor.ConstructorError(None, None, f"duplicate key {key!r}", key_node.start_mark)
            seen[key] = True
        return super().construct_mapping(node, deep=deep)


def _number_text(loader: yaml.SafeLoader, node: yaml.ScalarNode) -> str:
    text = str(loader.construct_scalar(node))
    digits = sum(c.isdigit() for c in text)
    if digits > MAX_NUMBER_DIGITS:
        raise yaml.constructor.ConstructorError(
            None,
            None,
            f"a number of {digits} digits is too long to be a fact of a case; check this value",
            node.start_mark,
        )
    return text


def _construct_decimal(loader: yaml.SafeLoader, node: yaml.ScalarNode) -> Any:
    """A plain decimal (``1850.50``) is an exact Decimal; ``1e3``, ``.inf``, ``1:30.5`` stay text."""
    text = _number_text(loader, node)
    if _PLAIN_DECIMAL.fullmatch(text):
        return WrittenDecimal(text)
    return NumberText(text)


def _construct_timestamp(loader: yaml.SafeLoader, node: yaml.ScalarNode) -> Any:
    try:
        return loader.construct_yaml_timestamp(node)
    except ValueError:
        return loader.construct_scalar(node)  # "2025-02-30": let validation say what is wrong


def _construct_int(loader: yaml.SafeLoader, node: yaml.ScalarNode) -> Any:
    """A plain decimal integer is an int; YAML 1.1's octal ``0100``, ``0x``, ``0b``, ``1_000`` and
    sexagesimal ``6:10`` are kept as the text written (:class:`NumberText`), never converted."""
    text = _number_text(loader, node)
    if _PLAIN_INT.fullmatch(text):
        # a plain int where its digits are the text (1000); WrittenInt only keeps a "+5" or "-0"
        return int(text) if str(int(text)) == text else WrittenInt(text)
    return NumberText(text)


def _construct_text(loader: yaml.SafeLoader, node: yaml.ScalarNode) -> Any:
    """Every scalar as the text written (answers files: the keyboard's checks read the text)."""
    if node.tag == "tag:yaml.org,2002:null":
        return None
    return _number_text(loader, node)


class _CaseLoader(_CaseChecks, yaml.SafeLoader):
    """SafeLoader with exact decimals, no duplicate keys, no aliases, bounded depth (pure Python)."""

    def __init__(self, stream: Any) -> None:
        super().__init__(stream)
        self._depth = 0


_FastCaseLoader: Any = None
if getattr(yaml, "__with_libyaml__", False):

    class _FastCaseLoader(  # type: ignore[no-redef]
        _CaseChecks,
        yaml.composer.Composer,
        yaml.cyaml.CParser,
        yaml.constructor.SafeConstructor,
        yaml.resolver.Resolver,
    ):
        """The same loader on libyaml's C scanner and parser (about 4x faster on big cases).

        Only the events come from C: composing (where aliases and depth are refused)
        and constructing stay in Python, so the checks are exactly those above.
        """

        def __init__(self, stream: Any) -> None:
            yaml.cyaml.CParser.__init__(self, stream)
            yaml.composer.Composer.__init__(self)
            yaml.constructor.SafeConstructor.__init__(self)
            yaml.resolver.Resolver.__init__(self)
            self._depth = 0


_ComposedCaseLoader: Any = None
if getattr(yaml, "__with_libyaml__", False):

    class _ComposedCaseLoader(  # type: ignore[no-redef]
        _CaseChecks, yaml.cyaml.CParser, yaml.constructor.SafeConstructor, yaml.resolver.Resolver
    ):
        """Events *and* the node tree from libyaml's C code; constructing (duplicate keys, the
        exact-decimal, date and time rules) stays in Python. Used by :func:`parse_yaml_fast` only
        after the alias and depth checks have been made on the composed tree."""

        def __init__(self, stream: Any) -> None:
            yaml.cyaml.CParser.__init__(self, stream)
            yaml.constructor.SafeConstructor.__init__(self)
            yaml.resolver.Resolver.__init__(self)
            self._depth = 0

        def resolve(self, kind: Any, value: Any, implicit: Any) -> Any:
            # The tag of a short plain scalar depends only on its text (no path resolvers are set):
            # case files repeat their keys and small values hundreds of times, so remember them.
            if kind is yaml.ScalarNode and len(value) < 64 and not self.yaml_path_resolvers:
                key = (value, implicit)
                tag = _RESOLVED.get(key)
                if tag is None:
                    tag = super().resolve(kind, value, implicit)
                    if len(_RESOLVED) < 50_000:
                        _RESOLVED[key] = tag
                return tag
            return super().resolve(kind, value, implicit)


_RESOLVED: dict[Any, str] = {}

for _loader in (_CaseLoader, _FastCaseLoader, _ComposedCaseLoader):
    if _loader is not None:
        _loader.add_constructor("tag:yaml.org,2002:float", _construct_decimal)
        _loader.add_constructor("tag:yaml.org,2002:timestamp", _construct_timestamp)
        _loader.add_constructor("tag:yaml.org,2002:int", _construct_int)


class _TextLoader(_CaseChecks, yaml.SafeLoader):
    """The case loader's checks, with every scalar kept as its text (see :func:`load_text_values`)."""

    def __init__(self, stream: Any) -> None:
        super().__init__(stream)
        self._depth = 0


for _tag in ("int", "float", "bool", "timestamp", "str", "null"):
    _TextLoader.add_constructor(f"tag:yaml.org,2002:{_tag}", _construct_text)


def parse_yaml(text: str, file: str, loader: Any = None) -> Any:
    """Parse YAML text safely; raise :class:`CaseError` with line and column on failure."""
    loader = loader or _FastCaseLoader or _CaseLoader
    try:
        return yaml.load(text, Loader=loader)  # noqa: S506 - both loaders are safe loaders
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        where = f"line {mark.line + 1}, column {mark.column + 1}: " if mark else ""
        problem = exc.problem or exc.context or "invalid YAML"
        if "could not determine a constructor" in problem:
            problem = "this YAML tag is not allowed (only plain data is accepted)"
        return_problem = Problem("", f"{where}YAML error: {problem}")
        raise CaseError(file, [return_problem]) from None
    except yaml.reader.ReaderError as exc:  # a raw control character: name its line, one line only
        before = text.encode("utf-8")[: exc.position] if loader is _FastCaseLoader else text[: exc.position]
        line = before.count(b"\n" if isinstance(before, bytes) else "\n") + 1
        char = f"U+{exc.character:04X}" if isinstance(exc.character, int) else repr(exc.character)
        raise CaseError(
            file, [Problem("", f"line {line}: YAML error: character {char} is not allowed in a case file; remove it")]
        ) from None
    except yaml.YAMLError as exc:
        raise CaseError(file, [Problem("", "YAML error: " + " ".join(str(exc).split()))]) from None
    except RecursionError:
        raise CaseError(file, [Problem("", "YAML error: nesting is too deep")]) from None


# libyaml composes recursively in C; a tree it may build safely has at most this many indicators
# that can open a nesting level (a bound on its depth, so its C stack stays small).
_C_COMPOSE_MAX_OPENERS = 4000


class _NotPlain(Exception):
    """A tag, a merge key or a duplicate key: left to the project's loader to refuse or read."""


_MAP, _SEQ = "tag:yaml.org,2002:map", "tag:yaml.org,2002:seq"
_PLAIN_STR = yaml.constructor.SafeConstructor.construct_yaml_str
_SCALAR_TAGS = frozenset("tag:yaml.org,2002:" + t for t in ("str", "int", "float", "bool", "null", "timestamp"))


def _build(loader: Any, node: Any, seen: set[int], depth: int = 1) -> Any:
    """Plain data from a composed tree; every scalar through the loader's own constructor for its tag.

    What ``compose_node`` refuses is refused here too: a node reached twice (an alias) and
    nesting deeper than MAX_DEPTH.
    """
    if depth > MAX_DEPTH or id(node) in seen:
        raise _NotPlain
    seen.add(id(node))
    if isinstance(node, yaml.ScalarNode):
        if node.tag not in _SCALAR_TAGS:
            raise _NotPlain
        construct = loader.yaml_constructors[node.tag]
        if construct is _PLAIN_STR:  # the safe loader's own: the text as written (most scalars)
            return node.value
        return construct(loader, node)
    if isinstance(node, yaml.SequenceNode):
        if node.tag != _SEQ:
            raise _NotPlain
        return [_build(loader, item, seen, depth + 1) for item in node.value]
    if node.tag != _MAP:
        raise _NotPlain
    out: dict[Any, Any] = {}
    for key_node, value_node in node.value:
        key = _build(loader, key_node, seen, depth + 1)
        if key in out or isinstance(key, (list, dict)):  # duplicate or unhashable: the loader's words
            raise _NotPlain
        out[key] = _build(loader, value_node, seen, depth + 1)
    return out


def parse_yaml_fast(text: str, file: str) -> Any:
    """:func:`parse_yaml` with the node tree composed in C where that is safe (``docket`` reads
    hundreds of files): same values, same refusals. A text that might nest deeply, a tree with
    an alias (a node reached twice) or a tag, merge key or duplicate key, and any error, go
    through :func:`parse_yaml` itself, which reads or refuses them in its own words."""
    if _ComposedCaseLoader is None:
        return parse_yaml(text, file)
    openers = text.count("[") + text.count("{") + text.count("-") + text.count(":") + text.count("?")
    if openers > _C_COMPOSE_MAX_OPENERS:
        return parse_yaml(text, file)
    loader = _ComposedCaseLoader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return None
        return _build(loader, node, set())
    except (yaml.YAMLError, RecursionError, ValueError, TypeError, _NotPlain):
        return parse_yaml(text, file)  # the project's loader says what is wrong, in its words
    finally:
        loader.dispose()


def read_text(path: Path) -> str:
    """Read a case file as UTF-8 text, refusing what is not one.

    Only a regular file is read (a FIFO is opened without blocking, a device is refused), and at
    most :data:`MAX_CASE_BYTES` of it: ``/dev/zero`` reports size 0 and would never end.
    """
    file = shown_path(path)
    try:
        raw = read_capped(path, MAX_CASE_BYTES)
    except FileNotFoundError:
        raise CaseError(file, [Problem("", "no such file")]) from None
    except IsADirectoryError:
        raise CaseError(file, [Problem("", "is a folder, not a case file")]) from None
    except NotRegularFile as exc:
        what = (
            "is a folder, not a case file" if "folder" in exc.strerror else f"{exc.strerror}; give the case file itself"
        )
        raise CaseError(file, [Problem("", what)]) from None
    except FileTooLarge:
        raise CaseError(
            file,
            [
                Problem(
                    "",
                    f"the case file is more than {MAX_CASE_BYTES // 1048576} MB; the limit is {MAX_CASE_BYTES // 1048576} MB "
                    "(keep long documents as evidence files and summarize them in the narrative)",
                )
            ],
        ) from None
    except (OSError, ValueError) as exc:
        raise CaseError(file, [Problem("", f"cannot read: {getattr(exc, 'strerror', None) or exc}")]) from None
    return decode_text(raw, file)


def decode_text(raw: bytes, file: str) -> str:
    """UTF-8 (with or without a byte-order mark) or a CaseError that says what the file is instead."""
    if raw[:2] in (b"\xff\xfe", b"\xfe\xff") or (
        len(raw) >= 4 and (raw[0::2][:2] == b"\0\0" or raw[1::2][:2] == b"\0\0")
    ):
        raise CaseError(
            file,
            [
                Problem(
                    "",
                    "is not a text file claimgen reads: this is UTF-16; save it as UTF-8 (in Notepad: Save as, Encoding: UTF-8)",
                )
            ],
        )
    if b"\x00" in raw:
        raise CaseError(file, [Problem("", "is not a text file (it contains NUL bytes)")])
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise CaseError(file, [Problem("", f"is not UTF-8 text (bad byte at offset {exc.start})")]) from None


def shown_path(path: Any) -> str:
    """A path as messages show it: a newline or other control character is escaped, not printed raw."""
    text = os.fsdecode(path) if isinstance(path, (bytes, os.PathLike)) else str(path)
    if any(ord(c) < 32 or ord(c) == 127 or 0xD800 <= ord(c) <= 0xDFFF for c in text):
        return repr(text)[1:-1] if "'" not in text else repr(text)
    return text


def _clean_loc(loc: tuple, raw: Any) -> tuple:
    """Drop pydantic's union/validator tags from an error location, keeping real keys."""
    out: list[Any] = []
    node = raw
    for part in loc:
        if isinstance(node, dict) and part in node:
            out.append(part)
            node = node[part]
        elif isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node):
            out.append(part)
            node = node[part]
        elif isinstance(part, str) and (node is None or isinstance(node, (dict, list))) and "[" not in part:
            # a missing key: name it, stop walking
            if isinstance(node, dict) or node is None:
                out.append(part)
                node = None
        # otherwise: an internal tag such as 'function-after[...]'; skip it
    return tuple(out)


_MESSAGE_REWRITES = {
    "Field required": "is required",
    "Input should be a valid date or datetime, input is too short": "must be a date YYYY-MM-DD",
}


def _message(err: dict) -> str:
    msg = err.get("msg", "is not valid")
    if msg.startswith("Value error, "):
        msg = msg[len("Value error, ") :]
    if msg.startswith("Assertion failed, "):
        msg = msg[len("Assertion failed, ") :]
    msg = _MESSAGE_REWRITES.get(msg, msg)
    kind = err.get("type", "")
    if kind.startswith("date") and isinstance(err.get("input"), dt.datetime):
        msg = "must be a date, without a time: write it YYYY-MM-DD, like 2025-06-14"
    elif kind == "date_from_datetime_inexact" or (kind == "date_type" and isinstance(err.get("input"), (int, float))):
        msg = "must be a date written YYYY-MM-DD, like 2025-06-14 (a plain number is not a date)"
    elif kind.startswith("date_") or kind == "date_type":
        msg = f"must be a real date YYYY-MM-DD ({msg[0].lower() + msg[1:]})"
    elif kind in ("model_type", "dict_type", "model_attributes_type"):
        # pydantic names the Python class ("instance of Witness"): say what the file needs instead
        msg = "must be a group of keys (lines like `name: ...` indented under it), not a single value"
    elif kind == "list_type":
        msg = "must be a list: one `- ...` line per entry, or [a, b] on one line"
    elif kind == "literal_error":
        msg = msg.replace("Input should be", "must be")
    elif kind.endswith("_type") and msg.startswith("Input should be"):
        msg = msg.replace("Input should be", "must be")
    elif kind == "extra_forbidden":
        msg = "is not a known key"
    elif kind == "string_too_short":
        msg = "must not be empty"
    elif kind == "too_short":
        msg = "must have at least one entry"
    elif kind in ("greater_than_equal", "greater_than", "less_than_equal", "less_than"):
        msg = msg.replace("Input should be", "must be")
    elif kind == "missing":
        msg = "is required"
    elif msg.startswith("Input should be"):
        msg = msg.replace("Input should be", "must be", 1)
    return msg


def problems_from_validation(exc: ValidationError, raw: Any) -> list[Problem]:
    problems: list[Problem] = []
    seen: set[tuple[str, str]] = set()
    for err in exc.errors(include_url=False):
        path = format_path(_clean_loc(tuple(err["loc"]), raw))
        msg = _message(err)
        if (path, msg) in seen:
            continue
        seen.add((path, msg))
        problems.append(Problem(path, msg))
    return problems


def load_raw(path: Path) -> Any:
    """The case file as plain Python data (dicts, lists, Decimals, dates)."""
    path = Path(path)
    return parse_yaml(read_text(path), shown_path(path))


def load_text_values(path: Path) -> Any:
    """A YAML file (an ``--answers`` file) with every scalar kept as the text written.

    ``0610`` stays "0610", ``06:10`` stays "06:10", ``yes`` stays "yes", ``2025-06-14`` stays
    "2025-06-14": the reader then applies exactly the checks typed text gets. Mappings and
    lists stay mappings and lists; null is None. The case file's safety checks apply.
    """
    path = Path(path)
    return parse_yaml(read_text(path), shown_path(path), loader=_TextLoader)


def _any_implausible_date(node: Any) -> bool:
    """Whether :func:`implausible_dates` would find anything: one pass without building key paths."""
    todo = [node]
    while todo:
        item = todo.pop()
        if isinstance(item, dict):
            todo.extend(item.values())
        elif isinstance(item, list):
            todo.extend(item)
        elif isinstance(item, dt.date) and not EARLIEST_YEAR <= item.year <= LATEST_YEAR:
            return True
    return False


def implausible_dates(node: Any, path: tuple = ()) -> list[Problem]:
    """Dates before 1800 or after 2200: typos that would overflow the deadline arithmetic (9999-12-31 + 2 years)."""
    if not path and not _any_implausible_date(node):  # the usual answer, found without the paths (docket)
        return []
    out: list[Problem] = []
    if isinstance(node, dict):
        for k, v in node.items():
            out += implausible_dates(v, path + (k,))
    elif isinstance(node, list):
        for i, v in enumerate(node):
            out += implausible_dates(v, path + (i,))
    elif isinstance(node, dt.date) and not EARLIEST_YEAR <= node.year <= LATEST_YEAR:
        out.append(Problem(format_path(path), f"the year {node.year} is not plausible; check the date"))
    return out


def parse_case(raw: Any, file: str):
    """Validate plain data into a :class:`~claimgen.model.Case` or raise CaseError listing every problem."""
    from .model import Case

    if not isinstance(raw, dict):
        shape = {list: "a list", str: "plain text", int: "a number", float: "a number", bool: "a yes/no value"}
        kind = "empty" if raw is None else f"{shape.get(type(raw), 'a single value')}, not a mapping of keys"
        raise CaseError(
            file,
            [
                Problem(
                    "",
                    f"the case file is {kind}; the README's section 'The case file' lists its keys, "
                    "or start one with `claimgen interview`",
                )
            ],
        )
    try:
        case = Case.model_validate(raw)
    except ValidationError as exc:
        raise CaseError(file, problems_from_validation(exc, raw)) from None
    except RecursionError:
        raise CaseError(file, [Problem("", "nesting is too deep")]) from None
    implausible = implausible_dates(raw)
    if implausible:
        raise CaseError(file, implausible)
    return case


def load_case(path: Path):
    """Read, parse and schema-validate a case file (business rules are in checks.validate)."""
    path = Path(path)
    raw = load_raw(path)
    return parse_case(raw, shown_path(path))


# ---------------------------------------------------------------- saving


def _ruamel():
    from ruamel.yaml import YAML
    from ruamel.yaml.representer import RoundTripRepresenter

    y = YAML(typ="rt")
    y.allow_unicode = True
    y.width = 1 << 16  # never re-wrap the user's long lines when a command saves their file
    y.indent(mapping=2, sequence=4, offset=2)
    y.preserve_quotes = True

    def repr_decimal(representer: RoundTripRepresenter, value: Decimal) -> Any:
        text = format(value, "f")
        if value == value.to_integral_value():
            return representer.represent_scalar("tag:yaml.org,2002:int", str(int(value)))
        return representer.represent_scalar("tag:yaml.org,2002:float", text)

    def repr_str(representer: RoundTripRepresenter, value: str) -> Any:
        # ruamel writes YAML 1.2, where `no`, `on`, `Yes` are plain strings; the safe loader reads
        # YAML 1.1, where they are booleans. Quote any new string that loader would not read back as
        # a string. (Strings kept from the user's file are ScalarString types and keep their style.)
        if "\x85" in value:  # NEL: YAML reads it raw as a line break; only an escape keeps it
            return representer.represent_scalar("tag:yaml.org,2002:str", value, style='"')
        if _PLAIN_RESOLVER.resolve(yaml.nodes.ScalarNode, value, (True, False)) != "tag:yaml.org,2002:str":
            return representer.represent_scalar("tag:yaml.org,2002:str", value, style="'")
        return representer.represent_str(value)

    y.representer.add_representer(Decimal, repr_decimal)
    y.representer.add_representer(str, repr_str)
    # Values from the safe loader keep the text they were written with.
    y.representer.add_representer(NumberText, lambda r, v: repr_str(r, str(v)))
    y.representer.add_representer(WrittenInt, lambda r, v: r.represent_scalar("tag:yaml.org,2002:int", v.written))
    y.representer.add_representer(WrittenDecimal, lambda r, v: r.represent_scalar("tag:yaml.org,2002:float", v.written))
    return y


_PLAIN_RESOLVER = yaml.resolver.Resolver()  # how the safe loader types a plain scalar


# The last few round-trip parses, by the file's text, kept pickled. The round-trip loader is pure
# Python and slow (tens of milliseconds for an example case), and the web interview reads the same
# text several times per page; unpickling a kept tree (in memory only, never from disk) is about
# fifty times cheaper, gives a tree of the caller's own, and dumps to the same bytes.
_TREES: dict[str, bytes] = {}
_TREES_KEPT = 4
_TREES_LARGEST = 1 << 20  # characters: a larger file is parsed each time rather than held in memory
_TREES_LOCK = threading.Lock()


def round_trip_tree(text: str) -> Any:
    """A case file's round-trip tree (comments, key order, quoting kept), to change and :func:`save_raw`.

    Only for text that has already passed :func:`parse_yaml` (the safe gate): no unsafe tag
    may reach the round-trip loader. Each call returns a tree of its own, free to change.
    """
    import pickle

    with _TREES_LOCK:
        kept = _TREES.get(text)
    if kept is None:
        tree = _ruamel().load(text)
        if len(text) > _TREES_LARGEST:
            return tree
        kept = pickle.dumps(tree, protocol=pickle.HIGHEST_PROTOCOL)
        with _TREES_LOCK:
            _TREES[text] = kept
            while len(_TREES) > _TREES_KEPT:
                del _TREES[next(iter(_TREES))]
        return tree
    return pickle.loads(kept)


def dump_yaml(data: Any) -> str:
    """Serialize plain or round-trip data as YAML text (UTF-8, key order kept)."""
    buf = io.StringIO()
    _ruamel().dump(data, buf)
    return buf.getvalue()


def save_raw(path: Path, data: Any) -> None:
    """Write case data atomically as 0600 under the case file's lock (the folder becomes 0700 if we create it).

    Prefer :func:`update_case` (re-reads under the lock) or :func:`save_case` (refuses to
    overwrite a change made meanwhile); this one replaces whatever the file holds.
    """
    with locked_case(path) as target:
        _write(target, dump_yaml(data), _newline_of(target))


def _keep_plain(node: Any) -> None:
    """Mark the file's own unquoted strings so saving writes them back exactly as they were.

    Only strings that ``change`` adds are then plain ``str``, which ``repr_str`` quotes where
    the safe loader would misread them.
    """
    from ruamel.yaml.scalarstring import PlainScalarString

    if isinstance(node, dict):
        for key, value in node.items():
            if type(value) is str:
                node[key] = PlainScalarString(value)
            else:
                _keep_plain(value)
    elif isinstance(node, list):
        for i, value in enumerate(node):
            if type(value) is str:
                node[i] = PlainScalarString(value)
            else:
                _keep_plain(value)


# ---------------------------------------------------------------- the writer's lock


@dataclass
class _Held:
    """This process's hold on one case file: a thread lock (threads of ``serve``) and the file lock."""

    thread_lock: threading.RLock
    fd: int | None = None
    depth: int = 0


_held: dict[str, _Held] = {}
_held_guard = threading.Lock()


def lock_file_of(target: Path) -> Path:
    """The lock file beside a case file: ``.NAME.lock`` (hidden, 0600, left in place; it holds no facts)."""
    target = Path(target)
    return target.with_name(f".{target.name}.lock")


@contextlib.contextmanager
def locked_case(path: Path | str, wait: float | None = None) -> Iterator[Path]:
    """Hold the exclusive write lock of a case file; yield the real file to read and replace.

    Every writer of a case file goes through this, so two writers never interleave
    (``evidence add`` twice at once, the interview beside ``evidence log``, two browser
    tabs of ``serve``)::

        with locked_case("case.yaml") as target:
            text = read_text(target)        # read again: another writer may have saved
            ...                             # change it
            save_case(target, tree)         # atomic; the lock is re-entrant

    A symlink is resolved once: the lock is taken beside the link's target and the target is
    what is read and replaced (the link stays a link). Re-entrant within a thread. A second
    writer waits up to ``wait`` seconds (default :data:`LOCK_WAIT`), then gets a CaseError
    (exit 2) naming the process that holds the lock.
    """
    wait = LOCK_WAIT if wait is None else wait
    target = Path(os.path.realpath(path))
    with _held_guard:
        held = _held.setdefault(str(target), _Held(threading.RLock()))
    deadline = time.monotonic() + wait
    if not held.thread_lock.acquire(timeout=max(wait, 0)):
        raise _busy(path, "another task of this same program")
    try:
        if held.depth == 0:
            held.fd = _take_file_lock(path, target, deadline)
        held.depth += 1
        try:
            yield target
        finally:
            held.depth -= 1
            if held.depth == 0 and held.fd is not None:
                fd, held.fd = held.fd, None
                _release_file_lock(target, fd)
    finally:
        held.thread_lock.release()


def _take_file_lock(path: Path | str, target: Path, deadline: float) -> int:
    """flock the lock file beside ``target``, record who holds it, return its descriptor.

    The holder removes the lock file when it is done (no litter beside the case); a waiter
    that then gets the lock on the removed file sees that its inode is no longer the one
    at the path and starts again, so two writers never both hold "the" lock.
    """
    import fcntl
    import stat

    lock = lock_file_of(target)
    flags = (
        os.O_RDWR
        | os.O_CREAT
        | getattr(os, "O_CLOEXEC", 0)
        | getattr(os, "O_NOFOLLOW", 0)
        | getattr(os, "O_NONBLOCK", 0)
    )
    while True:
        try:
            fd = os.open(lock, flags, 0o600)
        except FileNotFoundError:  # a new case in a new folder (the interview): make it 0700, as a save would
            ensure_private_dir(lock.parent)
            fd = os.open(lock, flags, 0o600)
        try:
            if not stat.S_ISREG(os.fstat(fd).st_mode):
                raise CaseError(
                    shown_path(path),
                    [Problem("", f"{lock.name} beside the case file is not a regular file; remove it")],
                )
            while True:
                try:
                    fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                    break
                except BlockingIOError:
                    if time.monotonic() >= deadline:
                        raise _busy(path, _holder(fd)) from None
                    time.sleep(0.02)
            mine = os.fstat(fd)
            try:
                there = os.stat(lock, follow_symlinks=False)
                same = (there.st_dev, there.st_ino) == (mine.st_dev, mine.st_ino)
            except FileNotFoundError:
                same = False
            if not same:  # the previous holder removed this lock file as we waited: take the new one
                os.close(fd)
                continue
            info = f"pid {os.getpid()} since {dt.datetime.now().strftime('%H:%M:%S')}: {_command()}\n"
            with contextlib.suppress(OSError):
                os.ftruncate(fd, 0)
                os.pwrite(fd, info.encode("utf-8", "replace"), 0)
            return fd
        except BaseException:
            with contextlib.suppress(OSError):
                os.close(fd)
            raise


def _release_file_lock(target: Path, fd: int) -> None:
    """Remove the lock file while still holding it, then close (which releases the flock)."""
    with contextlib.suppress(OSError):
        os.unlink(lock_file_of(target))
    os.close(fd)


def _command() -> str:
    args = ["claimgen", *sys.argv[1:]] if sys.argv and "claimgen" in os.path.basename(sys.argv[0]) else sys.argv[:]
    text = shlex.join(str(a) for a in args) if args else "python"
    return shown_path(text[:200])


def _holder(fd: int) -> str:
    with contextlib.suppress(OSError):
        text = os.pread(fd, 400, 0).decode("utf-8", "replace").strip()
        if text:
            return shown_path(text)
    return "another program"


def _busy(path: Path | str, holder: str) -> CaseError:
    return CaseError(
        shown_path(path),
        [Problem("", f"is being changed by {holder}; waited {LOCK_WAIT:g} seconds — try again when it has finished")],
    )


def _newline_of(target: Path) -> str:
    """ "\r\n" when the file on disk uses Windows line endings, so a save keeps one line ending."""
    try:
        head = read_capped(target, MAX_CASE_BYTES)
    except OSError:
        return "\n"
    return "\r\n" if head.count(b"\r\n") * 2 > head.count(b"\n") else "\n"


def _write(target: Path, text: str, newline: str) -> None:
    text = text.replace("\r\n", "\n")
    if newline != "\n":
        text = text.replace("\n", newline)
    atomic_write_text(target, text)


@dataclass
class Draft:
    """A case file's text and its round-trip tree, parsed ahead of a change (see :func:`update_case`)."""

    text: str
    tree: Any


def load_for_update(path: Path) -> Draft:
    """Parse the case file for a later :func:`update_case`: safe gate first, then the round-trip tree.

    ``evidence add`` calls this while the hashing thread reads a large file, so the
    slow round-trip parse overlaps the read instead of following it.
    """
    path = Path(path)
    return _draft(read_text(path), path)


def update_case(path: Path, change: Callable[[Any], None], draft: Draft | None = None) -> None:
    """Apply ``change`` to the case file's round-trip tree and save it atomically, under the lock.

    The file is read again once the lock is held, so a change another writer saved
    meanwhile is kept, never overwritten. ``draft`` (from :func:`load_for_update`) saves
    a parse when the file still holds exactly its text. A symlinked case file is written
    through to its target. Comments, key order, quoting and line endings are kept where
    ruamel.yaml allows. ``change`` may raise CaseError to write nothing.
    """
    with locked_case(path) as target:
        text = read_text(target)
        if draft is None or text != draft.text:
            draft = _draft(text, target)
        change(draft.tree)
        _write(target, dump_yaml(draft.tree), "\r\n" if _crlf(text) else "\n")


def save_case(path: Path, tree: Any, base: str | None = None) -> str:
    """Replace the case file with ``tree`` under the lock; return the text now on disk.

    For editors that hold a tree for a long time (the interview at the terminal and on the
    web): ``base`` is the text the tree was read from ("" for a file that did not exist).
    If the file now holds something else, another writer saved meanwhile: nothing is
    written and a CaseError (exit 2) says so, instead of silently undoing their change.
    """
    with locked_case(path) as target:
        if base is not None:
            current = read_text(target) if os.path.lexists(target) else ""
            if current != base:
                raise CaseError(
                    shown_path(path),
                    [
                        Problem(
                            "",
                            "was changed by another program while it was open here; nothing was written — "
                            "start again to continue from what is saved",
                        )
                    ],
                )
        newline = "\r\n" if base is not None and _crlf(base) else _newline_of(target)
        text = dump_yaml(tree)
        _write(target, text, newline)
        return text.replace("\r\n", "\n").replace("\n", newline)


def _crlf(text: str) -> bool:
    return text.count("\r\n") * 2 > text.count("\n") > 0


def _draft(text: str, target: Path) -> Draft:
    parse_yaml(text, shown_path(target))  # the safe gate: no unsafe tag ever reaches the round-trip loader
    tree = round_trip_tree(text)
    _keep_plain(tree)
    return Draft(text, tree)


def field_error_message(err: dict) -> str:
    """One pydantic error (from ``ValidationError.errors()``) in the plain words ``validate`` uses."""
    return _message(err)
