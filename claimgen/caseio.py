"""Reading and writing case files (YAML, UTF-8).

Loading uses PyYAML's *safe* loader only, with three tightenings: money-like
floats are read as exact ``Decimal`` strings, duplicate keys and aliases are
refused, and an impossible date (``2025-02-30``) becomes a validation message
instead of a crash. Every problem is collected and reported at once.

Saving goes through ruamel.yaml's round-trip mode so a user's key order and
comments survive ``evidence add`` and the interview, and is atomic and 0600.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any, Callable

import yaml
from pydantic import ValidationError

from .errors import CaseError, Problem, format_path
from .fsutil import atomic_write_text

MAX_CASE_BYTES = 10 * 1024 * 1024  # a case file is facts, not documents; documents are evidence files
MAX_DEPTH = 40


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
            key = self.construct_object(key_node, deep=deep)
            try:
                hash(key)
            except TypeError:
                raise yaml.constructor.ConstructorError(
                    None, None, "a mapping key must be a plain value", key_node.start_mark
                ) from None
            if key in seen:
                raise yaml.constructor.ConstructorError(
                    None, None, f"duplicate key {key!r}", key_node.start_mark
                )
            seen[key] = True
        return super().construct_mapping(node, deep=deep)


def _construct_decimal(loader: yaml.SafeLoader, node: yaml.ScalarNode) -> Any:
    text = loader.construct_scalar(node)
    cleaned = str(text).replace("_", "")
    try:
        value = Decimal(cleaned)
    except Exception:
        return loader.construct_yaml_float(node)  # .inf, .nan and friends
    return value


def _construct_timestamp(loader: yaml.SafeLoader, node: yaml.ScalarNode) -> Any:
    try:
        return loader.construct_yaml_timestamp(node)
    except ValueError:
        return loader.construct_scalar(node)  # "2025-02-30": let validation say what is wrong


def _construct_int(loader: yaml.SafeLoader, node: yaml.ScalarNode) -> Any:
    text = str(loader.construct_scalar(node))
    if ":" in text:  # YAML 1.1 sexagesimal, e.g. 6:10 -> keep the text
        return text
    return loader.construct_yaml_int(node)


class _CaseLoader(_CaseChecks, yaml.SafeLoader):
    """SafeLoader with exact decimals, no duplicate keys, no aliases, bounded depth (pure Python)."""

    def __init__(self, stream: Any) -> None:
        super().__init__(stream)
        self._depth = 0


_FastCaseLoader: Any = None
if getattr(yaml, "__with_libyaml__", False):

    class _FastCaseLoader(  # type: ignore[no-redef]
        _CaseChecks, yaml.composer.Composer, yaml.cyaml.CParser, yaml.constructor.SafeConstructor, yaml.resolver.Resolver
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
        raise CaseError(file, [Problem("", f"line {line}: YAML error: character {char} is not allowed in a case file; remove it")]) from None
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
    """Read a case file as UTF-8 text, refusing what is not one."""
    file = str(path)
    try:
        size = path.stat().st_size
    except FileNotFoundError:
        raise CaseError(file, [Problem("", "no such file")]) from None
    except OSError as exc:
        raise CaseError(file, [Problem("", f"cannot read: {exc.strerror}")]) from None
    if path.is_dir():
        raise CaseError(file, [Problem("", "is a folder, not a case file")])
    if size > MAX_CASE_BYTES:
        raise CaseError(
            file,
            [
                Problem(
                    "",
                    f"the case file is {size / 1048576:.1f} MB; the limit is {MAX_CASE_BYTES // 1048576} MB "
                    "(keep long documents as evidence files and summarize them in the narrative)",
                )
            ],
        )
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise CaseError(file, [Problem("", f"cannot read: {exc.strerror}")]) from None
    if b"\x00" in raw:
        raise CaseError(file, [Problem("", "is not a text file (it contains NUL bytes)")])
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise CaseError(file, [Problem("", f"is not UTF-8 text (bad byte at offset {exc.start})")]) from None
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
    if kind == "date_from_datetime_inexact" or (kind == "date_type" and isinstance(err.get("input"), (int, float))):
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
    return parse_yaml(read_text(path), str(path))


def parse_case(raw: Any, file: str):
    """Validate plain data into a :class:`~claimgen.model.Case` or raise CaseError listing every problem."""
    from .model import Case

    if not isinstance(raw, dict):
        shape = {list: "a list", str: "plain text", int: "a number", float: "a number", bool: "a yes/no value"}
        kind = "empty" if raw is None else f"{shape.get(type(raw), 'a single value')}, not a mapping of keys"
        raise CaseError(file, [Problem("", f"the case file is {kind}; the README's section 'The case file' lists its keys, "
                                           "or start one with `claimgen interview`")])
    try:
        return Case.model_validate(raw)
    except ValidationError as exc:
        raise CaseError(file, problems_from_validation(exc, raw)) from None
    except RecursionError:
        raise CaseError(file, [Problem("", "nesting is too deep")]) from None


def load_case(path: Path):
    """Read, parse and schema-validate a case file (business rules are in checks.validate)."""
    path = Path(path)
    raw = load_raw(path)
    return parse_case(raw, str(path))


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
    return y


_PLAIN_RESOLVER = yaml.resolver.Resolver()  # how the safe loader types a plain scalar


def round_trip_tree(text: str) -> Any:
    """A case file's round-trip tree (comments, key order, quoting kept), to change and :func:`save_raw`.

    Only for text that has already passed :func:`parse_yaml` (the safe gate): no unsafe tag
    may reach the round-trip loader.
    """
    return _ruamel().load(text)


def dump_yaml(data: Any) -> str:
    """Serialize plain or round-trip data as YAML text (UTF-8, key order kept)."""
    buf = io.StringIO()
    _ruamel().dump(data, buf)
    return buf.getvalue()


def save_raw(path: Path, data: Any) -> None:
    """Write case data atomically as 0600 (the folder becomes 0700 if we create it)."""
    atomic_write_text(Path(path), dump_yaml(data))


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
    text = read_text(path)
    parse_yaml(text, str(path))  # the safe gate: no unsafe tag ever reaches the round-trip loader
    tree = round_trip_tree(text)
    _keep_plain(tree)
    return Draft(text, tree)


def update_case(path: Path, change: Callable[[Any], None], draft: Draft | None = None) -> None:
    """Apply ``change`` to the case file's round-trip tree and save it atomically.

    The file must already have passed :func:`load_raw` (safe parsing) before its
    text is handed to the round-trip loader, so no unsafe tag ever reaches it.
    Comments, key order and quoting are kept where ruamel.yaml allows. A ``draft``
    from :func:`load_for_update` is used only if the file still holds exactly its text;
    otherwise the file is parsed again, so a change made meanwhile is never overwritten.
    """
    path = Path(path)
    if draft is None or read_text(path) != draft.text:
        draft = load_for_update(path)
    change(draft.tree)
    save_raw(path, draft.tree)


def field_error_message(err: dict) -> str:
    """One pydantic error (from ``ValidationError.errors()``) in the plain words ``validate`` uses."""
    return _message(err)
