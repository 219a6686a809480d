"""A brief on a document whose title, author and text carry markup: shown as text, never as markup."""

from __future__ import annotations

from pathlib import Path

import lxml.html
from typer.testing import CliRunner

from audiatur.present.cli.app import app

HOSTILE = """<html><head><title>Harvik toll &lt;script&gt;alert(1)&lt;/script&gt;</title>
<meta name="author" content="&lt;img src=x onerror=alert(3)&gt;"></head>
<body><article><h1>Harvik toll &lt;script&gt;alert(1)&lt;/script&gt;</h1>
<p>HARVIK, May 3, 2027 — The Velsarian Ministry of Health said on Saturday that 12 civilians were killed in
Harvik &lt;img src=x onerror=alert(4)&gt; when shells hit the market.</p>
<p>The Kestrian defence ministry said 3 civilians were killed &lt;/q&gt;&lt;script&gt;alert(5)&lt;/script&gt;.</p>
</article></body></html>
"""


def test_brief_shows_markup_in_sources_as_text(tmp_path: Path) -> None:
    page = tmp_path / "hostile.html"
    page.write_text(HOSTILE, encoding="utf-8")
    db, out = str(tmp_path / "ledger.db"), tmp_path / "brief.html"
    runner = CliRunner()
    ingested = runner.invoke(app, ["--db", db, "ingest", str(page)])
    assert ingested.exit_code == 0, ingested.output
    result = runner.invoke(app, ["--db", db, "report", "-o", str(out)])
    assert result.exit_code == 0, result.output
    doc = lxml.html.fromstring(out.read_text(encoding="utf-8"))
    assert not doc.xpath("//script | //img | //*[@onerror]")
    titles = [
        " ".join(t.text_content().split())
        for t in doc.xpath("//*[@id='sources']//*[contains(@class, 'title')]")
    ]
    assert titles == ["Harvik toll <script>alert(1)</script>"]
    assert doc.xpath("//li[contains(@class, 'line')]"), "the claims are in the brief"
