"""Reports escape everything people and files wrote: Markdown and HTML alike."""

from __future__ import annotations

from qa_tui.reports.render import environment, md_escape

NASTY = "Mum said <script>alert(1)</script> | *not* [safe](x) & #1"


def test_markdown_prints_what_was_typed_and_keeps_a_table_whole() -> None:
    row = environment("md").from_string("| {{ a }} | {{ b }} |").render(a=NASTY, b="two\nlines")
    assert row.count(" | ") == 1  # only the template's own cell divider
    assert "<script>" not in row
    assert r"\<script\>" in row and r"\*not\*" in row and r"\[safe\]" in row
    assert "two lines" in row


def test_markdown_escape_is_reversible_by_a_reader() -> None:
    assert md_escape("a_b") == r"a\_b"
    assert md_escape(None) == ""
    assert md_escape("AT&T") == "AT&amp;T"


def test_html_escapes_every_value_and_keeps_paragraphs() -> None:
    page = (
        environment("html")
        .from_string("{{ a }}{{ b | paragraphs }}")
        .render(a=NASTY, b="first <b>\n\nsecond")
    )
    assert "<script>" not in page and "&lt;script&gt;" in page
    assert "<p>first &lt;b&gt;</p><p>second</p>" in page
