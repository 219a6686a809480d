"""Visible text of HTML by a plain tokenizer: the safe fallback, and the source's own block sequence.

Python's `html.parser` is a tokenizer, not a tree builder, so it has no nesting limit (libxml2, under
lxml and trafilatura, stops at 256 levels and drops whatever lies deeper). Text inside `<script>`,
`<style>`, `<noscript>`, `<template>` and other non-rendered elements never reaches the output.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from html.parser import HTMLParser

__all__ = ["Markup", "read_markup"]

log = logging.getLogger(__name__)

# Elements whose content is never shown as text.
_HIDDEN = frozenset(
    {
        "script",
        "style",
        "noscript",
        "template",
        "svg",
        "math",
        "iframe",
        "object",
        "embed",
        "canvas",
        "select",
        "textarea",
        "button",
    }
)
# Elements that start a new block of text (a paragraph, a heading, a cell, a list item, a line break).
_BLOCKS = frozenset(
    {
        "address",
        "article",
        "aside",
        "blockquote",
        "br",
        "caption",
        "dd",
        "details",
        "dialog",
        "div",
        "dl",
        "dt",
        "fieldset",
        "figcaption",
        "figure",
        "footer",
        "form",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "header",
        "hr",
        "li",
        "main",
        "nav",
        "ol",
        "p",
        "pre",
        "section",
        "summary",
        "table",
        "tbody",
        "td",
        "tfoot",
        "th",
        "thead",
        "tr",
        "ul",
        "legend",
        "center",
        "body",
        "html",
    }
)
# Void elements have no end tag, so they never open a hidden region.
_VOID = frozenset(
    {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
)


@dataclass(frozen=True, slots=True)
class Markup:
    """What a page shows as text: its `<title>` and its blocks in document order."""

    title: str | None
    blocks: tuple[str, ...]

    @property
    def text(self) -> str:
        """The blocks, one a line."""
        return "\n".join(self.blocks)


class _Collector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.blocks: list[str] = []
        self.title_parts: list[str] = []
        self._parts: list[str] = []
        self._hidden: dict[str, int] = {}
        self._in_title = False
        self._pre = 0

    def _flush(self) -> None:
        if not self._parts:
            return
        joined = "".join(self._parts)
        self._parts.clear()
        if self._pre:
            lines = [line.rstrip() for line in joined.strip("\n").split("\n")]
            self.blocks.extend(line for line in lines if line.strip())
            return
        block = " ".join(joined.split())
        if block:
            self.blocks.append(block)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "title":
            self._in_title = True
        if tag in _HIDDEN and tag not in _VOID:
            self._hidden[tag] = self._hidden.get(tag, 0) + 1
        if tag in _BLOCKS:
            self._flush()
        if tag == "pre":
            self._pre += 1

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _BLOCKS:
            self._flush()

    def handle_endtag(self, tag: str) -> None:
        if tag == "title":
            self._in_title = False
        if self._hidden.get(tag):
            self._hidden[tag] -= 1
        if tag in _BLOCKS:
            self._flush()
        if tag == "pre" and self._pre:
            self._pre -= 1

    def handle_data(self, data: str) -> None:
        if self._in_title:
            self.title_parts.append(data)
            return
        if any(self._hidden.values()):
            return
        self._parts.append(data)

    def close(self) -> None:
        super().close()
        self._flush()


def read_markup(html: str) -> Markup:
    """The title and visible text blocks of an HTML document or fragment (never script or style text)."""
    collector = _Collector()
    collector.feed(html)
    collector.close()
    title = " ".join("".join(collector.title_parts).split()) or None
    return Markup(title=title, blocks=tuple(collector.blocks))
