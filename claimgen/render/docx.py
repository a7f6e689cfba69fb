"""DOCX rendering with docxtpl, made safe and reproducible.

Every template is rendered in a *sandboxed* Jinja environment with
``autoescape=True`` (without it ``&`` and ``<`` in user text silently corrupt
the document — see docs/maintainers.md, library pitfalls) and
``StrictUndefined`` (a missing value is a bug, not a blank). The result is
re-zipped with fixed timestamps so the same inputs give the same bytes, and
every XML part is parsed strictly before the file is accepted.

Templates are ordinary Word files in ``claimgen/templates/`` (the repository's
``templates/`` folder): a non-programmer can edit them in Word. Multi-paragraph
user text goes through ``{%p for para in x %}{{ para }}{%p endfor %}``.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from importlib import resources
from pathlib import Path
from typing import Any

from lxml import etree

from .. import formatting as T


def template_path(name: str, override_dir: str | Path | None = None) -> Path:
    """``<name>.docx`` from ``override_dir`` when it has one, else from the package."""
    if override_dir:
        candidate = Path(override_dir) / f"{name}.docx"
        if candidate.is_file():
            return candidate
    ref = resources.files("claimgen").joinpath("templates", f"{name}.docx")
    with resources.as_file(ref) as p:
        return Path(p)


def jinja_env():
    from jinja2 import StrictUndefined
    from jinja2.sandbox import SandboxedEnvironment

    env = SandboxedEnvironment(autoescape=True, undefined=StrictUndefined)
    env.filters["money"] = T.money
    env.filters["long_date"] = T.long_date
    env.filters["weekday_date"] = T.weekday_date
    env.filters["us_date"] = T.us_date
    env.filters["paragraphs"] = T.paragraphs
    env.filters["clean"] = T.clean
    return env


def _zip_datetime(epoch: int) -> tuple[int, int, int, int, int, int]:
    # A zip (DOS) date holds only 1980-2107; an --as-of outside that is clamped, not a crash.
    t = dt.datetime.fromtimestamp(min(max(epoch, 315532800), 4354819198), dt.timezone.utc)
    return (t.year, t.month, t.day, t.hour, t.minute, t.second - t.second % 2)


def normalize_zip(data: bytes, epoch: int) -> bytes:
    """Rewrite a DOCX (zip) with every entry stamped ``epoch``, in the original order."""
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    stamp = _zip_datetime(epoch)
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            new = zipfile.ZipInfo(info.filename, date_time=stamp)
            new.compress_type = zipfile.ZIP_DEFLATED
            new.external_attr = 0o600 << 16
            new.create_system = 3
            dst.writestr(new, src.read(info.filename))
    return out.getvalue()


_STRAY = etree.XPath("//*[namespace-uri() = '']")


# The parts docxtpl renders (where user text lands) and the properties claimgen stamps.
_RENDERED = re.compile(r"word/(document|header\d*|footer\d*|footnotes|endnotes)\.xml|docProps/core\.xml")


def xml_problems(data: bytes, must_contain: tuple[str, ...] = (), rendered_only: bool = False) -> list[str]:
    """Strictly parse every XML part; report stray non-namespaced elements and missing text.

    ``rendered_only``: only the parts that user text can reach (the build's own check after
    every render; the template's styles and theme, ~0.8 MB per document, come through
    unchanged). The tests check every part.
    """
    problems: list[str] = []
    parser = etree.XMLParser(recover=False, resolve_entities=False, no_network=True, huge_tree=True)
    texts: list[str] = []
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        for name in z.namelist():
            if not (name.endswith(".xml") or name.endswith(".rels")):
                continue
            if rendered_only and not _RENDERED.fullmatch(name):
                continue
            try:
                root = etree.fromstring(z.read(name), parser)
            except etree.XMLSyntaxError as exc:
                problems.append(f"{name}: {exc}")
                continue
            if name.startswith("word/"):
                # An element without a namespace is user text that became markup (docxtpl without
                # autoescape); XPath finds it in C, without walking every element in Python.
                for el in _STRAY(root):
                    problems.append(f"{name}: stray element <{el.tag}>")
                if must_contain and (name == "word/document.xml" or "header" in name or "footer" in name):
                    texts.append("".join(root.itertext()))
    alltext = "\n".join(texts)
    problems += [f"missing text {t!r}" for t in must_contain if t not in alltext]
    return problems


def render_docx(template: str, context: dict[str, Any], epoch: int, override_dir: str | Path | None = None,
                template_class: Any = None, properties: dict[str, str] | None = None) -> bytes:
    """Render ``template`` with ``context``; return reproducible, strictly valid DOCX bytes.

    ``template_class`` may name a DocxTemplate subclass (the evidence log uses one that
    skips docxtpl's costs that grow with very long tables; the output is the same).
    ``properties``: the document's title, subject and author (File > Properties); the
    template's own (python-docx writes "python-docx" as the author) never get through."""
    from docxtpl import DocxTemplate

    tpl = (template_class or DocxTemplate)(str(template_path(template, override_dir)))
    tpl.render(context, jinja_env=jinja_env(), autoescape=True)
    # The template's own created/modified dates (python-docx stamps 2013) would be false
    # metadata in a filed document: stamp them with the build's fixed time instead.
    stamp = dt.datetime.fromtimestamp(epoch, dt.timezone.utc).replace(tzinfo=None)
    props = tpl.docx.core_properties
    props.created = props.modified = stamp
    given = properties or {}
    props.title = given.get("title", "")
    props.subject = given.get("subject", "")
    props.author = props.last_modified_by = given.get("author", "")
    props.comments = props.keywords = props.category = ""
    buf = io.BytesIO()
    tpl.save(buf)
    data = normalize_zip(buf.getvalue(), epoch)
    problems = xml_problems(data, rendered_only=True)
    if problems:
        raise RuntimeError(f"template {template}.docx rendered an invalid document: {problems[0]}")
    return data
