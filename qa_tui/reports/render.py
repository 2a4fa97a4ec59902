"""One place that turns a report's data into Markdown or HTML, escaping every value.

Text in a report comes from people (evidence, a worker's reasons, a theme) and from
files (rubric wording): it is data, never markup. HTML is rendered with Jinja2's
autoescape; Markdown with an environment whose `finalize` escapes every `{{ value }}`
as Markdown, so a `|`, `*` or `<script>` in someone's evidence prints as typed and
cannot break a table or inject a tag. Templates live in `qa_tui/reports/templates`:
`NAME.md.j2` and `NAME.html.j2`, the HTML ones extending `base.html.j2` (its print
stylesheet is inline, so a saved report is one file that prints well).
"""

from __future__ import annotations

import re
from functools import cache
from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined
from markupsafe import Markup

REPORT_FORMATS = ("md", "html")
# Markdown's inline specials, and the two that start a block at a line's start.
_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()<>#+!|~])")


def md_escape(value: Any) -> str:
    """A value as Markdown text that shows what was typed: specials backslashed, lines
    joined (a newline would end a table row), `&` kept from forming an entity."""
    if value is None:
        return ""
    if isinstance(value, Markup):  # a template's own, deliberately raw, text
        return str(value)
    text = str(value).replace("\r\n", "\n").replace("\r", "\n")
    text = " ".join(part.strip() for part in text.split("\n") if part.strip())
    text = text.replace("&", "&amp;")
    return _MD_SPECIAL.sub(r"\\\1", text)


def _md_block(value: Any) -> Markup:
    """A multi-line value (evidence, a reflection) as Markdown paragraphs, escaped."""
    if value is None:
        return Markup("")
    paragraphs = [p for p in re.split(r"\n\s*\n", str(value).strip()) if p.strip()]
    return Markup("\n\n".join(md_escape(p) for p in paragraphs))


def _percent(share: float | None) -> str:
    return "–" if share is None else f"{share * 100:.0f}%"


def _common(env: Environment) -> Environment:
    env.filters["percent"] = _percent
    env.trim_blocks = True
    env.lstrip_blocks = True
    env.keep_trailing_newline = True
    return env


@cache
def environment(fmt: str) -> Environment:
    """The template environment for `md` or `html` (made once per process)."""
    if fmt not in REPORT_FORMATS:
        raise ValueError(f"reports come as {', '.join(REPORT_FORMATS)}, not {fmt!r}")
    loader = PackageLoader("qa_tui.reports", "templates")
    if fmt == "html":
        env = Environment(loader=loader, autoescape=True, undefined=StrictUndefined)
        env.filters["paragraphs"] = _html_paragraphs
    else:
        env = Environment(
            loader=loader, autoescape=False, undefined=StrictUndefined, finalize=md_escape
        )
        env.filters["paragraphs"] = _md_block
    return _common(env)


def _html_paragraphs(value: Any) -> Markup:
    """A multi-line value as escaped <p> paragraphs, line breaks kept."""
    if value is None:
        return Markup("")
    paragraphs = [p for p in re.split(r"\n\s*\n", str(value).strip()) if p.strip()]
    return Markup("").join(
        Markup("<p>{}</p>").format(Markup("<br>").join(p.strip().splitlines())) for p in paragraphs
    )


def render(name: str, fmt: str, **data: Any) -> str:
    """Render the report template `name` (e.g. "audit") as `fmt` ("md" or "html")."""
    return environment(fmt).get_template(f"{name}.{fmt}.j2").render(**data)
