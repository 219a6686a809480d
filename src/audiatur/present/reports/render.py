"""Rendering a brief: one self-contained HTML file (inline CSS and SVG, nothing to fetch), and PDF from it.

The template autoescapes everything; ledger text (names, titles, the sources' own words) is data, never
markup. Words a sentence quotes from a source are marked `class="quote"`, so a reader (and the tests) can tell
the sources' words from the brief's own wording. A Content-Security-Policy forbids loading anything, so even
a link in a source's text cannot make the file reach the network when opened.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlparse

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape
from markupsafe import Markup, escape

from audiatur import __version__
from audiatur.errors import ConfigError
from audiatur.present.reports.brief import Brief

__all__ = ["render_html", "write_pdf"]

_QUOTED = re.compile(r"“[^”]*”?")


def quoted(sentence: str) -> Markup:
    """The sentence escaped, with the words it quotes from a source (“…”) marked as quotes."""
    out: list[str] = []
    last = 0
    for m in _QUOTED.finditer(sentence):
        out.append(str(escape(sentence[last : m.start()])))
        out.append(f'<span class="quote">{escape(m.group())}</span>')
        last = m.end()
    out.append(str(escape(sentence[last:])))
    return Markup("".join(out))


def web_url(value: str | None) -> str | None:
    """The value if it is an http(s) URL (fit for a link), else None (a path, or a scheme not to follow)."""
    return value if value and urlparse(value).scheme in ("http", "https") else None


def _environment() -> Environment:
    env = Environment(
        loader=PackageLoader("audiatur.present.reports", "templates"),
        autoescape=select_autoescape(["html"], default=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["quoted"] = quoted
    env.filters["web_url"] = web_url
    return env


def render_html(brief: Brief) -> str:
    """The brief as one HTML document."""
    template = _environment().get_template("brief.html")
    return template.render(brief=brief, version=__version__)


def _refuse(url: str) -> dict[str, object]:
    """WeasyPrint's URL fetcher: a brief is self-contained, so nothing is ever fetched."""
    raise ValueError(f"a brief fetches nothing ({url[:60]})")


def write_pdf(html: str, path: Path) -> None:
    """Render the brief's HTML to a PDF file (WeasyPrint, the `pdf` extra, imported only here)."""
    try:
        import weasyprint  # an optional extra with system libraries: imported when used
    except ImportError as exc:
        raise ConfigError("PDF needs WeasyPrint: pip install 'audiatur[pdf]'") from exc
    except OSError as exc:  # the Pango/HarfBuzz system libraries are missing
        reason = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        raise ConfigError(f"PDF needs WeasyPrint's system libraries (Pango): {reason}") from exc
    tmp = path.with_name(path.name + ".part")
    try:
        with _quiet("weasyprint", "fontTools"):
            weasyprint.HTML(string=html, base_url=None, url_fetcher=_refuse).write_pdf(tmp)
        tmp.replace(path)
    finally:
        tmp.unlink(missing_ok=True)


@contextmanager
def _quiet(*names: str) -> Iterator[None]:
    """Keep these loggers to errors: WeasyPrint reads an inline SVG's style attributes as HTML CSS too and
    warns about every SVG property, although its SVG renderer then draws them."""
    loggers = [logging.getLogger(n) for n in names]
    levels = [lg.level for lg in loggers]
    for lg in loggers:
        lg.setLevel(logging.ERROR)
    try:
        yield
    finally:
        for lg, level in zip(loggers, levels, strict=True):
            lg.setLevel(level)
