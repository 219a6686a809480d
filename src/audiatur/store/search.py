"""Full-text search: one small query language, run by SQLite FTS5 or PostgreSQL tsvector.

A query is words (all must occur), `"quoted phrases"`, `prefix*` and `-excluded` words. Neither backend
stems words ('simple' configuration / unicode61 tokenizer), because the ledger holds many languages.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Float, Integer, Select, Text, column, func, literal_column, select, table
from sqlalchemy.sql.elements import ColumnElement

from .records import HIGHLIGHT_END, HIGHLIGHT_START, InvalidData
from .tables import ClaimRow, DocumentRow

__all__ = ["Term", "claim_match", "document_hits_query", "document_match", "parse_query"]

_TOKEN = re.compile(r'(-?)"([^"]*)"?|(\S+)')
_WORDLIKE = re.compile(r"\w", re.UNICODE)

# The FTS5 tables (created by migrations, outside the models): rowid = the `seq` of the indexed row.
_CLAIMS_FTS = table("claims_fts", column("rowid", Integer))
_DOCUMENTS_FTS = table("documents_fts", column("rowid", Integer))
# PostgreSQL: literal SQL, not bound parameters, so the expressions match the GIN expression indexes.
_SIMPLE: ColumnElement[Any] = literal_column("'simple'::regconfig")
_DOCUMENT_TEXT = (
    func.coalesce(DocumentRow.title, literal_column("''"))
    .op("||")(literal_column("' '"))
    .op("||")(DocumentRow.text)
)


@dataclass(frozen=True, slots=True)
class Term:
    """One part of a search query."""

    text: str
    phrase: bool = False
    prefix: bool = False
    negated: bool = False


def parse_query(q: str) -> list[Term]:
    """The terms of a query; InvalidData if nothing in it can be searched for."""
    terms: list[Term] = []
    for match in _TOKEN.finditer(q.replace("\x00", "")):
        negated, quoted, bare = match.group(1), match.group(2), match.group(3)
        if quoted is not None:
            if _WORDLIKE.search(quoted):
                terms.append(Term(" ".join(quoted.split()), phrase=True, negated=bool(negated)))
            continue
        word = bare
        is_negated = word.startswith("-") and len(word) > 1
        word = word.lstrip("-") if is_negated else word
        is_prefix = word.endswith("*")
        word = word.rstrip("*")
        if _WORDLIKE.search(word):
            terms.append(Term(word, prefix=is_prefix, negated=is_negated))
    if not any(not t.negated for t in terms):
        raise InvalidData(f"search {q!r} has no word to look for")
    return terms


def _fts5_term(term: Term) -> str:
    quoted = '"' + term.text.replace('"', '""') + '"'
    return quoted + "*" if term.prefix else quoted


def fts5_expression(terms: list[Term]) -> str:
    """The FTS5 MATCH string of parsed terms (every term quoted, so user text is never FTS syntax)."""
    positive = " AND ".join(_fts5_term(t) for t in terms if not t.negated)
    negative = "".join(f" NOT {_fts5_term(t)}" for t in terms if t.negated)
    return positive + negative


def _pg_term(term: Term) -> ColumnElement[str]:
    if term.phrase:
        return func.phraseto_tsquery(_SIMPLE, term.text)
    if term.prefix:
        # quote_literal makes the word one quoted lexeme; ':*' asks for the prefix.
        return func.to_tsquery(_SIMPLE, func.quote_literal(term.text).op("||")(":*"))
    return func.plainto_tsquery(_SIMPLE, term.text)


def pg_tsquery(terms: list[Term]) -> ColumnElement[str]:
    """The PostgreSQL tsquery of parsed terms."""
    query: ColumnElement[str] | None = None
    for term in terms:
        part = _pg_term(term)
        if term.negated:
            part = func.tsquery_not(part)
        query = part if query is None else func.tsquery_and(query, part)
    assert query is not None  # parse_query guarantees a positive term
    return query


def claim_match(dialect: str, q: str, window: tuple[int, int] | None = None) -> ColumnElement[bool]:
    """A condition on `claims`: the evidence text matches the query (optionally only seq in `window`)."""
    terms = parse_query(q)
    if dialect == "postgresql":
        vector = func.to_tsvector(_SIMPLE, ClaimRow.evidence_text)
        return vector.bool_op("@@")(pg_tsquery(terms))
    hits = select(_CLAIMS_FTS.c.rowid).where(
        literal_column("claims_fts").bool_op("MATCH")(fts5_expression(terms))
    )
    if window is not None:
        # FTS5 narrows by rowid itself, so a sample does not collect every match first.
        hits = hits.where(_CLAIMS_FTS.c.rowid >= window[0], _CLAIMS_FTS.c.rowid < window[1])
    return ClaimRow.seq.in_(hits)


def document_match(dialect: str, q: str) -> ColumnElement[bool]:
    """A condition on `documents`: the title or text matches the query."""
    terms = parse_query(q)
    if dialect == "postgresql":
        return func.to_tsvector(_SIMPLE, _DOCUMENT_TEXT).bool_op("@@")(pg_tsquery(terms))
    hits = select(_DOCUMENTS_FTS.c.rowid).where(
        literal_column("documents_fts").bool_op("MATCH")(fts5_expression(terms))
    )
    return DocumentRow.seq.in_(hits)


def document_hits_query(dialect: str, q: str, limit: int) -> Select[str, str | None, str, float]:
    """Best-matching documents first: (id, title, snippet, rank) rows."""
    terms = parse_query(q)
    if dialect == "postgresql":
        tsq = pg_tsquery(terms)
        vector = func.to_tsvector(_SIMPLE, _DOCUMENT_TEXT)
        options = (
            f"StartSel={HIGHLIGHT_START}, StopSel={HIGHLIGHT_END}, MaxWords=35, MinWords=12, MaxFragments=2"
        )
        rank = func.ts_rank(vector, tsq, type_=Float)
        return (
            select(
                DocumentRow.id,
                DocumentRow.title,
                func.ts_headline(_SIMPLE, DocumentRow.text, tsq, options, type_=Text),
                rank,
            )
            .where(vector.bool_op("@@")(tsq))
            .order_by(rank.desc(), DocumentRow.seq)
            .limit(limit)
        )
    fts: ColumnElement[Any] = literal_column("documents_fts")
    bm25 = func.bm25(fts, type_=Float)
    snippet = func.snippet(fts, -1, HIGHLIGHT_START, HIGHLIGHT_END, "…", 24, type_=Text)
    return (
        select(DocumentRow.id, DocumentRow.title, snippet, -bm25)
        .select_from(_DOCUMENTS_FTS.join(DocumentRow, DocumentRow.seq == _DOCUMENTS_FTS.c.rowid))
        .where(fts.bool_op("MATCH")(fts5_expression(terms)))
        .order_by(bm25, DocumentRow.seq)
        .limit(limit)
    )
