"""Reading and writing answers in the case file's round-trip tree (ruamel.yaml).

Paths are tuples of keys, list indexes and :class:`Nth` selectors (the k-th
damages line of one category). New keys are placed in the order the case model
declares its fields, so a case written by the interview reads like one written
by hand; multi-line text is written as a YAML literal block.
"""

from __future__ import annotations

import datetime as dt
import re
import typing
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from pydantic import BaseModel

from ..model import Case

_AMBIGUOUS = re.compile(r"^([-+0-9.:_eE]+|y|n|yes|no|on|off|true|false|null|~)$", re.IGNORECASE)


@dataclass(frozen=True)
class Nth:
    """The k-th mapping of a list whose ``category`` is ``category`` (damages lines)."""

    category: str
    k: int


def _model_of(annotation: Any) -> type[BaseModel] | None:
    """The pydantic model inside ``X``, ``X | None``, ``list[X]``, ``Annotated[X, ...]``."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in typing.get_args(annotation):
        found = _model_of(arg)
        if found is not None:
            return found
    return None


def child_model(model: type[BaseModel] | None, key: Any) -> type[BaseModel] | None:
    if model is None or not isinstance(key, str) or key not in model.model_fields:
        return None
    return _model_of(model.model_fields[key].annotation)


def _new_map():
    from ruamel.yaml.comments import CommentedMap

    return CommentedMap()


def _new_seq(flow: bool = False):
    from ruamel.yaml.comments import CommentedSeq

    seq = CommentedSeq()
    if flow:
        seq.fa.set_flow_style()
    return seq


def to_yaml_value(value: Any) -> Any:
    """Python answer -> what goes in the tree (literal blocks for long text, flow lists)."""
    from ruamel.yaml.scalarstring import DoubleQuotedScalarString, LiteralScalarString

    if isinstance(value, str) and "\n" in value:
        return LiteralScalarString(value if value.endswith("\n") else value + "\n")
    if isinstance(value, str) and _AMBIGUOUS.match(value):
        return DoubleQuotedScalarString(value)  # "06:10" must stay text for YAML 1.1 readers too
    if isinstance(value, list):
        seq = _new_seq(flow=all(isinstance(v, (str, int, Decimal, dt.date)) for v in value))
        seq.extend(to_yaml_value(v) for v in value)
        return seq
    return value


def from_yaml_value(value: Any) -> Any:
    """Tree value -> plain Python (ruamel string subclasses to str, floats to Decimal)."""
    if isinstance(value, bool) or value is None:
        return value
    if isinstance(value, str):
        text = str(value)
        return text[:-1] if text.endswith("\n") and "\n" in text[:-1] else text
    if isinstance(value, float):
        return Decimal(repr(value)).quantize(Decimal("0.01"))
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    if isinstance(value, list):
        return [from_yaml_value(v) for v in value]
    return value


def _insert(mapping: Any, key: str, value: Any, model: type[BaseModel] | None) -> None:
    """Add ``key`` where the model's field order puts it (at the end when unknown)."""
    if key in mapping:
        mapping[key] = value
        return
    order = list(model.model_fields) if model is not None else []
    if key not in order:
        mapping[key] = value
        return
    rank = order.index(key)
    pos = len(mapping)
    for i, existing in enumerate(mapping):
        if existing in order and order.index(existing) > rank:
            pos = i
            break
    mapping.insert(pos, key, value)


def _nth_index(seq: list, sel: Nth) -> int | None:
    seen = 0
    for i, item in enumerate(seq):
        if isinstance(item, dict) and item.get("category") == sel.category:
            if seen == sel.k:
                return i
            seen += 1
    return None


def get(tree: Any, path: tuple) -> Any:
    node = tree
    for key in path:
        if isinstance(key, Nth):
            if not isinstance(node, list):
                return None
            idx = _nth_index(node, key)
            if idx is None:
                return None
            node = node[idx]
        elif isinstance(key, int):
            if not isinstance(node, list) or key >= len(node):
                return None
            node = node[key]
        else:
            if not isinstance(node, dict) or key not in node:
                return None
            node = node[key]
    return node


def set_value(tree: Any, path: tuple, value: Any, model: type[BaseModel] | None = Case) -> None:
    """Set ``path`` to ``value``, creating the maps and list entries on the way."""
    node = tree
    for n, key in enumerate(path):
        last = n == len(path) - 1
        if isinstance(key, (int, Nth)):
            if isinstance(key, Nth):
                idx = _nth_index(node, key)
                if idx is None:  # a new line of this category goes after the category's last line
                    item = _new_map()
                    item["category"] = key.category
                    after = [i for i, x in enumerate(node) if isinstance(x, dict) and x.get("category") == key.category]
                    idx = after[-1] + 1 if after else len(node)
                    node.insert(idx, item)
            else:
                idx = key
                while len(node) <= idx:
                    node.append(_new_map())
            if last:
                node[idx] = to_yaml_value(value)
                return
            node = node[idx]
            continue
        child = child_model(model, key)
        if last:
            _insert(node, key, to_yaml_value(value), model)
            return
        nxt = path[n + 1]
        if key not in node or not isinstance(node[key], (dict, list)):
            _insert(node, key, _new_seq() if isinstance(nxt, (int, Nth)) else _new_map(), model)
        node = node[key]
        model = child


def delete(tree: Any, path: tuple) -> None:
    parent = get(tree, path[:-1])
    key = path[-1]
    if isinstance(parent, dict) and isinstance(key, str) and key in parent:
        del parent[key]


def truncate(
    tree: Any, path: tuple, n: int, where: tuple[str, Any] | None = None, drop_empty_key: bool = False
) -> None:
    """Keep the first ``n`` entries of the list at ``path`` (of those matching ``where``)."""
    seq = get(tree, path)
    if not isinstance(seq, list):
        return
    if where is None:
        del seq[n:]
    else:
        field, wanted = where
        matching = [i for i, x in enumerate(seq) if isinstance(x, dict) and x.get(field) == wanted]
        for i in reversed(matching[n:]):
            del seq[i]
    if drop_empty_key and not seq:
        delete(tree, path)
