"""Who speaks where: statements with their speaker, attribution mode and the text they cover.

A statement covers a stretch of text and names its speaker. Frames found, in the genre's usual forms:
- leading reported speech: `X said (that) …`, `X told Trend that …`, `X accuses Y of …`;
- trailing and parenthetical: `…, X said.`, `…, said X, <role>.`, `In addition, the ministry said, …`;
- `according to X` (and `according to him`, `…, according to which …`), `…, X says, citing Y` (Y is the
  origin, X the relay), nominal frames (`the authorities' statement that …`), and agentless reporting
  (`It is emphasized that …`, `According to the information, …`: the source being relayed);
- direct quotes, attributed before or after, or inheriting the speaker of the quote before them;
- collective statements (`The statement reads:` + signatories): the issuing body speaks;
- transcripts (`QUESTION (Atlas Wire): …`, `COLONEL DRAGAN: …`): the labelled speaker;
- the document's own voice for everything else.
`AttributionResult.speaker_at(offset)` gives the innermost statement covering an offset.
"""

from __future__ import annotations

import bisect
import re
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache

from audiatur.domain import Actor, ActorType, Attribution
from audiatur.extract.layout import Layout, Token, tokenize
from audiatur.extract.lexicon import Lexicon, OrgEntry, norm
from audiatur.extract.mentions import ActorBook, Mention, actor_from_phrase, country_refs
from audiatur.extract.phrases import PhraseIndex
from audiatur.extract.quotes import Quote, find_quotes
from audiatur.extract.speakers import Phrase, phrase_after, phrase_before, resolve

__all__ = ["AttributionResult", "StatementSpan", "TokensFor", "attribute"]

TokensFor = Callable[[int], list[Token]]  # a sentence's tokens, by sentence index


@dataclass(frozen=True, slots=True)
class StatementSpan:
    """A speaker's words: the text they cover, who says them and how the text says so."""

    start: int
    end: int
    speaker: Actor | None
    mention: str
    attribution: Attribution
    cue_start: int
    cue_end: int
    verb: str | None = None  # the reporting verb's lemma ("deny", "accuse", …)
    relay: Actor | None = None
    signatories: tuple[Actor, ...] = ()


@dataclass
class AttributionResult:
    """Every statement of a document, and the book of actors named in it."""

    statements: list[StatementSpan]
    book: ActorBook
    document_voice: StatementSpan | None = None

    def speaker_at(self, offset: int) -> StatementSpan | None:
        """The innermost statement covering `offset` (the document's voice if none does)."""
        best: StatementSpan | None = None
        for st in self.statements:
            if st.start <= offset < st.end and (best is None or st.end - st.start < best.end - best.start):
                best = st
        return best or self.document_voice

    def speaker_for(self, offset: int) -> StatementSpan | None:
        """The innermost statement whose words or whose attribution ("X urged …", "X called … biased") cover
        `offset` (the document's voice if none does): for acts of speech such as demands and characterisations,
        whose trigger is the reporting verb itself."""
        best: StatementSpan | None = None
        for st in self.statements:
            lo, hi = min(st.start, st.cue_start), max(st.end, st.cue_end)
            if lo <= offset < hi and (
                best is None or hi - lo < max(best.end, best.cue_end) - min(best.start, best.cue_start)
            ):
                best = st
        return best or self.document_voice

    def statements_over(self, start: int, end: int) -> list[StatementSpan]:
        """Statements whose span overlaps [start, end)."""
        return [s for s in self.statements if s.start < end and start < s.end]


_SUBORDINATORS = frozenset(
    """as while adding saying noting stressing but and after before following in citing quoting when
    whereas although though amid since because urging calling warning despite""".split()
)
_WHOLE_SENTENCE = frozenset({"though", "although", "but", "adding", "and", "despite"})
_ADVERBIAL_HEADS = frozenset(
    {
        "on",
        "in",
        "at",
        "during",
        "via",
        "through",
        "to",
        "this",
        "last",
        "late",
        "early",
        "earlier",
        "later",
        "yesterday",
        "today",
        "tonight",
        "following",
        "after",
        "before",
        "from",
        "for",
        "with",
        "also",
        "further",
        "again",
        "once",
        "quoted",
        "when",
        "while",
        "speaking",
    }
)
_ORIGIN_CUES = ("citing", "quoting", "referring to", "with reference to")
_TOLL_WORDS = frozenset({"toll", "tally", "number", "figure", "count", "deaths", "dead", "casualties"})
_STATEMENT_NOUNS = (
    "statement",
    "claim",
    "assertion",
    "allegation",
    "announcement",
    "report",
    "account",
    "accusation",
    "insistence",
    "finding",
)
_ISSUE = re.compile(
    r"\b(?:issued|released|published|adopted|made|signed|sent|circulated|disseminated|addressed|put out)\s+"
    r"(?:a|an|the|their|its)?\s*(?:joint\s+|open\s+|special\s+)?(?:statement|letter|appeal|declaration|"
    r"communiqu[eé]|report|press release|address)",
    re.IGNORECASE,
)
_ADDRESSEE = re.compile(
    r"\b(?:in protest (?:at|against) the (?:statement|report|appeal|position) of|addressed to|an? (?:open )?"
    r"letter to|appeal(?:ed)? to|in response to the (?:statement|report) (?:of|by))\s+(?P<x>[A-Z][\w’'-]*"
    r"(?:\s+(?:of\s+|for\s+|the\s+)?[A-Z][\w’'-]*)*)",
)
_LABEL = re.compile(r"(?P<label>(?:[A-Z][A-Za-z.’'-]*\s?){1,4}?)\s*(?:\((?P<org>[^)]{2,60})\))?\s*:\s+\S")
_WORDS = re.compile(r"[A-Za-z]+")


def _token_start(tok: Token) -> int:
    return tok.start


@dataclass
class _Context:
    text: str
    layout: Layout
    tokens_for: TokensFor
    lex: Lexicon
    book: ActorBook
    quotes: list[Quote]
    person_spans: frozenset[tuple[int, int]] = frozenset()
    full_spans: list[tuple[int, int]] = field(default_factory=list)
    enclosing: list[StatementSpan] = field(default_factory=list)  # transcript turns, collective statements
    _dominant: str | None = None
    _dominant_done: bool = False
    _party_cache: dict[tuple[int, int], str | None] = field(default_factory=dict)
    _resolve_cache: dict[tuple[int, int, str], Mention | None] = field(default_factory=dict)

    def tokens_between(self, start: int, end: int) -> list[Token]:
        """Tokens of the sentence holding `start`, cut to [start, end)."""
        toks = self.tokens_for(self.layout.sentence_index_at(start))
        if not toks or (start <= toks[0].start and toks[-1].start < end):
            return toks[:]
        lo = bisect.bisect_left(toks, start, key=_token_start)
        hi = bisect.bisect_left(toks, end, lo, key=_token_start)
        return toks[lo:hi]

    def in_full_quote(self, pos: int) -> bool:
        """Whether `pos` lies inside a quote that is a whole statement."""
        i = bisect.bisect_right(self.full_spans, (pos, 1 << 62)) - 1
        return i >= 0 and self.full_spans[i][0] <= pos < self.full_spans[i][1]

    def enclosing_speaker(self, pos: int) -> Actor | None:
        """The speaker of the transcript turn or collective statement around `pos`."""
        for st in self.enclosing:
            if st.start <= pos < st.end:
                return st.speaker
        return None

    def context_party(self, toks: Sequence[Token]) -> str | None:
        """The party a sentence is about ("On the Tarvonian side, the authorities said …"), else the document's."""
        key = (toks[0].start, toks[-1].end) if toks else (-1, -1)
        if key not in self._party_cache:
            refs = [r for r in country_refs(toks, self.lex) if not _names_a_perpetrator(toks, r[1], self.lex)]
            self._party_cache[key] = refs[0][2].name if refs else self._document_party()
        return self._party_cache[key]

    def _document_party(self) -> str | None:
        if self.book.default_party:
            return self.book.default_party
        if not self._dominant_done:
            self._dominant_done = True
            counts: Counter[str] = Counter()
            for k in range(len(self.layout.sentences)):
                toks = self.tokens_for(k)
                for _, ref_end, entry in country_refs(toks, self.lex):
                    if not _names_a_perpetrator(
                        toks, ref_end, self.lex
                    ):  # "Velsarian shelling": the attacker's
                        counts[entry.name] += 1
            top = counts.most_common(2)
            if top and (len(top) == 1 or top[0][1] >= 2 * top[1][1]):
                self._dominant = top[0][0]
        return self._dominant

    def resolve(self, toks: Sequence[Token], phrase: Phrase) -> Mention | None:
        """The speaker a phrase names (cached: the same phrase is often tried twice)."""
        if phrase.start >= len(toks):
            return None
        key = (
            toks[phrase.start].start,
            toks[phrase.end - 1].end if phrase.end > phrase.start else 0,
            phrase.apposition,
        )
        if key not in self._resolve_cache:
            first = toks[0].start

            def around() -> str | None:
                # the countries named before the mention: "the Syrian news agency SANA, a Foreign Ministry
                # spokesman"; not after it ("Defence Ministry rejects Tarvonian claim …")
                return self.context_party(self.tokens_between(first, toks[phrase.start].start))

            self._resolve_cache[key] = resolve(
                self.text,
                toks,
                phrase,
                self.lex,
                self.book,
                person_spans=self.person_spans,
                context_party=around,
                enclosing=self.enclosing_speaker(toks[phrase.start].start),
            )
        return self._resolve_cache[key]


# force nouns that are also a country's speaking bodies ("On the Kestrian side, the authorities said …")
_BODY_WORDS = frozenset({"side", "government", "authorities", "regime", "command", "high", "police", "navy"})


@lru_cache(maxsize=8)
def _act_phrases(lex: Lexicon) -> PhraseIndex[bool]:
    """The acts, weapons and armed forces a country word before them names the side of."""
    phrases = [
        *(p for p, cls in lex.event_nouns.items() if cls != "involvement"),  # not "any part in"
        *lex.event_verbs,
        *(f for f in lex.force_nouns if f.split()[0] not in _BODY_WORDS),
        *lex.weapons,
    ]
    return PhraseIndex((p, True) for p in phrases)


def _names_a_perpetrator(toks: Sequence[Token], end: int, lex: Lexicon) -> bool:
    """Whether the country word ending at `end` names the side of an act or a force ("Velsarian shelling",
    "Velsarian heavy shelling", "Velsarian forces"), which says nothing of whose body speaks."""
    index = _act_phrases(lex)
    return any(k < len(toks) and index.match(toks, k) is not None for k in (end, end + 1))


def _skip_adverbials(toks: Sequence[Token], k: int, hi: int, lex: Lexicon) -> int:
    """Index after time/place/medium adverbials following a verb (and the hearer of `told …`)."""
    i = k + 1
    if (
        i < hi
        and toks[i].lower in ("on", "upon", "for")
        and lex.reporting_verbs.get(toks[k].lower) in ("call", "appeal", "urge", "demand", "ask")
    ):
        return i  # "called on Kestria to …": the addressee, not an adverbial
    if toks[k].lower in lex.relay_verbs:
        b = i
        while (
            b < hi
            and toks[b].text not in (",", ".", ";", ":")
            and toks[b].lower not in ("that", "on", "in", "by")
        ):
            b += 1  # "told Trend", "told a briefing for foreign diplomats and journalists"
        if b > i:
            i = b
    while i < hi:
        low = toks[i].lower
        if low == "at" and i + 1 < hi and toks[i + 1].lower in ("least", "most"):
            break  # "counted at least 20 bodies": a bound, not a place
        if low in _ADVERBIAL_HEADS and low not in ("that", "after", "before", "when", "while", "following"):
            j = i + 1
            while (
                j < hi
                and toks[j].text not in (",", ".", ":", ";", '"', "“", "”")
                and toks[j].lower != "that"
                and j - i < 8
            ):
                j += 1
            if (j < hi and toks[j].lower == "that") or j >= hi or toks[j].text in (",", ".", ":", ";"):
                i = j
                continue
        break
    return i


def _is_end(toks: Sequence[Token], i: int, hi: int) -> bool:
    return all(t.text in '.!?"”’)]…' for t in toks[i:hi])


def _evaluates(toks: Sequence[Token], i: int, hi: int, lex: Lexicon) -> bool:
    """Whether an evaluative word ("biased", "a mouthpiece") follows in the clause from `i`."""
    evaluations = _evaluation_index(lex)
    j = i
    while j < hi and toks[j].text not in (";", ".") and toks[j].lower not in ("which", "who", "that"):
        if evaluations.match(toks, j):
            return True
        j += 1
    return False


@lru_cache(maxsize=8)
def _evaluation_index(lex: Lexicon) -> PhraseIndex[str]:
    return PhraseIndex(lex.evaluations.items())


def _clause_has(toks: Sequence[Token], i: int, hi: int, words: frozenset[str] | set[str]) -> bool:
    j = i
    while j < hi and toks[j].text not in (",", ";") and toks[j].lower not in ("which", "who", "that"):
        if toks[j].lower in words or toks[j].text[:1].isdigit():
            return True
        j += 1
    return False


def _next_is_frame(toks: Sequence[Token], i: int, hi: int, lex: Lexicon) -> bool:
    """Whether a trailing attribution (`Wafa reported.`) starts at `i`."""
    j = i
    while j < hi and j - i < 6 and (toks[j].is_title or toks[j].lower in ("the", "'s")):
        j += 1
    return (
        j > i
        and j < hi
        and toks[j].lower in lex.reporting_verbs
        and (
            _is_end(toks, j + 1, hi)
            or (j + 1 < hi and toks[j + 1].lower in ("on", "in", "at", "this", "late", "earlier"))
        )
    )


def _complement_ok(lemma: str, toks: Sequence[Token], after: int, hi: int, lex: Lexicon) -> bool:
    """Whether a verb that needs a complement has one ("accused X of", "put the toll at", "called on X to")."""
    if after < hi and (toks[after].lower in ("that", ":") or toks[after].text in ('"', "“", "«")):
        return True
    if lemma in ("accuse", "blame", "charge"):
        return _clause_has(toks, after, hi, {"of", "for"})
    if lemma in ("deny", "reject", "refute", "dismiss", "slam", "condemn", "criticize"):
        return after < hi and not _is_end(toks, after, hi)
    if lemma in (
        "put_toll",
        "estimate",
        "record",
        "document",
        "report",
        "confirm",
        "publish",
        "count",
        "verify",
    ):
        # "put the toll at 21"; or trailing: "…, Meridian reported, citing the ministry." / "…, monitors counted."
        return _clause_has(toks, after, hi, _TOLL_WORDS) or (
            lemma != "put_toll"
            and (
                _is_end(toks, after, hi)
                or (
                    after < hi
                    and toks[after].text == ","
                    and after + 1 < hi
                    and toks[after + 1].lower in ("citing", "quoting", "according")
                )
            )
        )
    addressed = after < hi and toks[after].lower in ("on", "upon", "for", "to")
    if lemma in ("call", "urge", "demand", "appeal", "ask") and (
        addressed or _clause_has(toks, after, hi, {"to"})
    ):
        return True
    if lemma in ("call", "describe", "brand", "praise"):
        # "called the report biased", "described Kestpress as a reliable source", "praised X as impartial"
        return _clause_has(toks, after, hi, {"as"}) or _evaluates(toks, after, hi, lex)
    if lemma in ("urge", "demand", "appeal", "ask"):
        return False
    return (
        lemma not in lex.needs_complement
        or after >= hi
        or _is_end(toks, after, hi)
        or toks[after].text == ","
    )


def _according_to(
    ctx: _Context, toks: list[Token], k: int, sent_start: int, sent_end: int
) -> tuple[StatementSpan | None, int]:
    """`according to X` at the start or end of a sentence; `…, according to which …`."""
    lex, book, _text = ctx.lex, ctx.book, ctx.text
    hi = len(toks)
    tok = toks[k]
    b = k + 2
    while b < hi and toks[b].text not in (",", ".", ";", "!", "?") and b - k < 14:
        b += 1
    np_toks = toks[k + 2 : b]
    np_text = norm(" ".join(t.text for t in np_toks)).replace(" 's", "'s")
    mention: Mention | None = None
    if k + 2 < hi and toks[k + 2].lower in ("which", "whom") and k >= 2 and toks[k - 1].text == ",":
        # "… figures from the Prosecutor General's Office, according to which 14 civilians …"
        j = k - 2
        a = j
        while (
            a > 0
            and toks[a - 1].lower not in ("from", "by", "of", "cited", "to", ",")
            and (toks[a - 1].is_title or toks[a - 1].lower in ("the", "'s", "of", "general's"))
        ):
            a -= 1
        mention = ctx.resolve(toks, Phrase(a, j + 1)) if a <= j else None
        if mention is not None:
            mention = book.remember(mention, speaker=True)
            return StatementSpan(
                toks[b].end if b < hi else tok.end,
                sent_end,
                mention.actor,
                mention.text,
                Attribution.ACCORDING_TO,
                tok.start,
                toks[b - 1].end,
            ), b
        return None, b
    if np_text in lex.agentless_sources or np_text.replace("the ", "") in lex.agentless_sources:
        if any(w in np_text for w in ("statement", "report", "release", "update")):
            actor = book.resolve_anaphor("the statement", tok.start)
        else:
            actor = book.current_source(tok.start)
        if actor is not None:
            mention = Mention(actor, np_text, tok.start, np_toks[-1].end if np_toks else tok.end)
    elif np_toks:
        mention = ctx.resolve(np_toks, Phrase(0, len(np_toks)))
    if mention is None:
        return None, b
    mention = book.remember(mention, speaker=True)
    cue_end = np_toks[-1].end if np_toks else tok.end
    if k == 0 or all(
        t.text in ",;" or t.lower in ("in", "on", "addition", "also", "however", "meanwhile")
        for t in toks[:k]
    ):
        start, end = (toks[b + 1].start if b + 1 < hi else cue_end), sent_end
    else:
        start, end = sent_start, tok.start
    return StatementSpan(
        start, end, mention.actor, mention.text, Attribution.ACCORDING_TO, tok.start, cue_end
    ), b


_PASSIVE_AUX = frozenset({"is", "are", "was", "were", "been", "being", "be"})
_ACCUSING = frozenset({"accuse", "blame", "charge", "criticize", "criticise", "condemn"})


def _nominal_frames(ctx: _Context, toks: list[Token], sent_end: int) -> list[StatementSpan]:
    """`the authorities' statement that …`, `Armenia's claim that …`: the owner of the statement speaks."""
    out: list[StatementSpan] = []
    for k in range(2, len(toks) - 1):
        if toks[k].lower not in _STATEMENT_NOUNS or toks[k + 1].lower != "that":
            continue
        if toks[k - 1].lower != "'s" and toks[k - 1].text not in ("'", "’"):
            continue  # "Armenia's claim that", "the authorities' statement that"
        owner_end = k - 1
        a = owner_end - 1
        while a > 0 and (toks[a - 1].is_title or toks[a - 1].lower in ("the", "of")):
            a -= 1
        mention = ctx.resolve(toks, Phrase(a, owner_end)) if a < owner_end else None
        if mention is not None:
            mention = ctx.book.remember(mention, speaker=True)
            out.append(
                StatementSpan(
                    toks[k + 2].start if k + 2 < len(toks) else sent_end,
                    sent_end,
                    mention.actor,
                    mention.text,
                    Attribution.INDIRECT,
                    toks[a].start,
                    toks[k].end,
                    "state",
                )
            )
    return out


def _frames(ctx: _Context, sent_start: int, sent_end: int) -> list[StatementSpan]:
    text, lex, book = ctx.text, ctx.lex, ctx.book
    toks = ctx.tokens_between(sent_start, sent_end)
    hi = len(toks)
    found: list[StatementSpan] = []
    cues = lex.reporting_cues
    positions = [k for k, t in enumerate(toks) if t.lower in cues]
    agentless_first = bool(toks) and toks[0].lower in lex.agentless_first
    if not positions and not agentless_first and not any(t.lower in _STATEMENT_NOUNS for t in toks):
        return found
    if agentless_first:
        low_sentence = norm(text[sent_start : min(sent_end, sent_start + 60)])
        for np_text in lex.agentless:
            if low_sentence.startswith((np_text + " ", np_text + ",")):
                source = book.current_source(sent_start) or (
                    book.publisher if book.publisher_is_author else None
                )
                if source is not None:
                    found.append(
                        StatementSpan(
                            sent_start,
                            sent_end,
                            source,
                            np_text,
                            Attribution.INDIRECT,
                            sent_start,
                            sent_start + len(np_text),
                        )
                    )
                break
    found.extend(_nominal_frames(ctx, toks, sent_end))

    skip_until = 0
    for k in positions:
        if k < skip_until or ctx.in_full_quote(toks[k].start):
            continue
        tok = toks[k]
        if tok.lower == "according" and k + 1 < hi and toks[k + 1].lower == "to":
            st, skip_until = _according_to(ctx, toks, k, sent_start, sent_end)
            if st is not None:
                found.append(st)
            continue
        lemma = lex.reporting_verbs.get(tok.lower)
        width = 1
        if k + 1 < hi:
            two = f"{tok.lower} {toks[k + 1].lower}"
            three = f"{two} {toks[k + 2].lower}" if k + 2 < hi else ""
            if three in lex.reporting_verbs:
                lemma, width = lex.reporting_verbs[three], 3
            elif two in lex.reporting_verbs:
                lemma, width = lex.reporting_verbs[two], 2
        if lemma is None:
            continue
        prev = toks[k - 1].lower if k > 0 else ""
        if prev in ("the", "a", "an", "this", "its", "their") or (
            tok.lower.endswith("ed") and prev in ("the", "a", "an")
        ):
            continue  # "the alleged attack", "a reported strike"
        if prev in _PASSIVE_AUX and tok.lower.endswith("ed") and lemma in _ACCUSING:
            continue  # "Velsarian forces were accused of …": the accused, not a speaker
        vk = k + width - 1
        after = _skip_adverbials(toks, vk, hi, lex)
        if not _complement_ok(lemma, toks, after, hi, lex):
            continue

        def valid(p: Phrase) -> bool:
            return ctx.resolve(toks, p) is not None

        phrase = phrase_before(toks, k, 0, lex, valid)
        inverted = False
        if phrase is None and k > 0 and toks[k - 1].text in (",", '"', "”", "’", "—", "–"):
            phrase = phrase_after(toks, vk, hi, lex)
            inverted = phrase is not None
        if phrase is None:
            if tok.lower.endswith("ing") and prev == "," and found:  # ", adding that …": the same speaker
                last = found[-1]
                found.append(
                    StatementSpan(
                        toks[after].start if after < hi else tok.end,
                        sent_end,
                        last.speaker,
                        last.mention,
                        last.attribution,
                        tok.start,
                        tok.end,
                        lemma,
                    )
                )
            continue
        mention = ctx.resolve(toks, phrase)
        if mention is None:
            continue
        relay: Actor | None = None
        tail = norm(text[toks[after].start : sent_end]).lstrip(", ") if after < hi else ""
        origin_cue = next((c for c in _ORIGIN_CUES if tail.startswith(c + " ")), None)
        if origin_cue:  # ", citing Y": Y is where the words come from
            o_start = (
                toks[after].start
                + text[toks[after].start : sent_end].lower().find(origin_cue)
                + len(origin_cue)
            )
            o_toks = [t for t in toks if t.start >= o_start and t.text not in (".", "!", "?")]
            cut = next((i for i, t in enumerate(o_toks) if t.text == ","), len(o_toks))
            origin = ctx.resolve(o_toks, Phrase(0, cut)) if cut else None
            if origin is not None:
                relay, mention = mention.actor, origin
        right_after = norm(text[tok.end : sent_end])
        issuer = (
            re.search(
                r"^(?:\S+\s+){0,4}?in (?:a|an|its|the|their) (?:\w+ )?(?:statement|report|update|"
                r"press release|communiqu|bulletin|briefing)",
                right_after,
            )
            is not None
        )
        mention = book.remember(mention, speaker=True, issuer=issuer)
        a, b = phrase.start, phrase.end
        cue_start = toks[a].start if not inverted else tok.start
        cue_end = toks[b - 1].end
        before_phrase = toks[a - 1] if a > 0 else None
        separated = before_phrase is not None and before_phrase.text in (",", '"', "”", "’", "—", "–")
        if not separated and not inverted and _is_end(toks, after, hi):
            # "…, aid workers and local officials said on Sunday.": a comma a few words before the phrase
            comma = next((i for i in range(a - 1, max(-1, a - 4), -1) if toks[i].text == ","), None)
            if comma is not None and all(t.text.isalpha() for t in toks[comma + 1 : a]):
                separated, a = True, comma + 1
        conj = toks[after + 1].lower if after + 1 < hi and toks[after].text == "," else ""
        trailing = inverted or (
            separated
            and (
                after >= hi
                or _is_end(toks, after, hi)
                or conj in _SUBORDINATORS
                or conj in ("citing", "quoting")
                or (conj and _next_is_frame(toks, after + 1, hi, lex))
                or origin_cue is not None
            )
        )
        if trailing:
            start, end = sent_start, (toks[a - 1].start if not inverted else toks[k - 1].start)
            if conj in _WHOLE_SENTENCE or (
                after < hi
                and toks[after].text == ","
                and conj
                and conj not in _SUBORDINATORS
                and not _next_is_frame(toks, after + 1, hi, lex)
            ):
                end = sent_end  # "…, it said, though 5 have been hurt" / "In addition, the ministry said, …"
        else:
            skip = after + (1 if after < hi and toks[after].lower in ("that", ":") else 0)
            start, end = (toks[skip].start if skip < hi else sent_end), sent_end
            if before_phrase is not None and before_phrase.lower in ("which", "that", "who"):
                # "The blast, which witnesses said was heard 5 km away, destroyed …": only the relative clause
                end = next((t.start for t in toks[skip:] if t.text == ","), sent_end)
        semicolon = next((t.start for t in toks if start < t.start < end and t.text == ";"), None)
        if semicolon is not None and not trailing:
            end = semicolon
        found.append(
            StatementSpan(
                start,
                end,
                mention.actor,
                mention.text,
                Attribution.INDIRECT,
                cue_start,
                cue_end,
                lemma,
                relay,
            )
        )
        skip_until = max(k + width, after if not trailing else k + width)
    # a leading frame's words stop where the next speaker in the sentence starts
    found.sort(key=lambda s: s.cue_start)
    out: list[StatementSpan] = []
    for i, st in enumerate(found):
        end = st.end
        for nxt in found[i + 1 :]:
            if st.start <= nxt.cue_start < end and nxt.start >= nxt.cue_start:
                end = nxt.cue_start
                break
        out.append(
            st
            if end == st.end
            else StatementSpan(
                st.start,
                end,
                st.speaker,
                st.mention,
                st.attribution,
                st.cue_start,
                st.cue_end,
                st.verb,
                st.relay,
            )
        )
    return out


@lru_cache(maxsize=8)
def _openers(lex: Lexicon) -> re.Pattern[str]:
    alternatives = "|".join(
        re.escape(p).replace(r"\ ", r"\s+") for p in sorted(lex.statement_openers, key=len, reverse=True)
    )
    return re.compile(rf"\b(?:{alternatives})\b\s*[:.]?", re.IGNORECASE)


def _collective(ctx: _Context) -> StatementSpan | None:
    """A collective statement (`The statement reads:` …) with its issuer and signatories."""
    text, lex, book = ctx.text, ctx.lex, ctx.book
    low = text.lower()
    if not any(
        w in low
        for w in (
            "statement",
            "letter",
            "declaration",
            "communiq",
            "appeal",
            "resolution",
            "reads",
            "follows",
            "text of",
        )
    ):
        return None
    m = _openers(lex).search(text)
    if m is None:
        return None
    opener_at, opener = m.start(), m.group(0)
    body_start = opener_at + len(opener)
    while body_start < len(text) and text[body_start].isspace():
        body_start += 1
    body_end = len(text)
    signatories: list[Actor] = []
    for pi, (ps, pe) in enumerate(ctx.layout.paragraphs):
        if ps < body_start:
            continue
        para = norm(text[ps:pe]).rstrip(":")
        if any(
            para == s or para.startswith(s + ":") or (para.startswith(s + " ") and len(para) < 40)
            for s in lex.signatory_openers
        ):
            body_end = ps
            signatories = _signatories(ctx, pi + 1)
            break
        if para.startswith(("more about", "read more", "related", "you might also like", "tags:")):
            body_end = ps
            break
    issuer: Mention | None = None
    for im in _ISSUE.finditer(text, 0, opener_at):
        sent = ctx.layout.sentences[ctx.layout.sentence_index_at(im.start())]
        toks = ctx.tokens_between(sent.start, im.start())
        aux = [i for i, t in enumerate(toks) if t.lower in ("has", "have", "had", "was", "were")]
        head = toks[: aux[-1] if aux else len(toks)]
        if head:
            issuer = ctx.resolve(head, Phrase(0, len(head)))
    if issuer is None and book.publisher is not None:
        issuer = Mention(book.publisher, book.publisher.name, 0, 0)
    if issuer is None:
        return None
    issuer = book.remember(issuer, speaker=True, issuer=True)
    return StatementSpan(
        body_start,
        body_end,
        issuer.actor,
        issuer.text,
        Attribution.DIRECT_QUOTE,
        opener_at,
        opener_at + len(opener),
        "state",
        None,
        tuple(signatories),
    )


def _signatories(ctx: _Context, first_paragraph: int) -> list[Actor]:
    """`Name – Organisation` lines after "Signed by:"."""
    text, lex = ctx.text, ctx.lex
    out: list[Actor] = []
    for qs, qe in ctx.layout.paragraphs[first_paragraph:]:
        line = text[qs:qe].strip().rstrip(";.")
        parts = re.split(r"\s+[–—-]\s+|\s*[–—]\s*", line, maxsplit=1)
        person = actor_from_phrase(parts[0], tokenize(parts[0]), lex)
        if person is None or person.type != ActorType.PERSON:
            break
        if len(parts) > 1:
            org = parts[1].strip(' “”"')
            entry = lex.organisation(org)
            refs = country_refs(tokenize(org), lex)
            person = Actor(
                id=person.id,
                name=person.name,
                type=person.type,
                role=person.role,
                affiliation=entry.name if entry else org,
                party=(entry.party if entry else None) or (refs[0][2].name if refs else None),
            )
        out.append(person)
    return out


def _transcript(ctx: _Context) -> list[StatementSpan]:
    """Turns of a transcript: paragraphs opening with a speaker label (`QUESTION (Atlas Wire):`, `DRAGAN:`).

    A transcript has turns: a label that recurs, or three labelled paragraphs. Page furniture ("Views: 1,204")
    and a headline's "Source: what they say" are not turns.
    """
    out: list[StatementSpan] = []
    text = ctx.text
    labelled = [
        (ps, pe, m)
        for ps, pe in ctx.layout.paragraphs
        if (m := _LABEL.match(text, ps, pe)) and len(text[m.end() - 1 : pe].split()) >= 4
    ]
    labels = Counter(norm(m.group("label")) for _, _, m in labelled)
    if len(labelled) < 3 and not any(n > 1 for n in labels.values()):
        return out
    for ps, pe, m in labelled:
        label = m.group("label").strip()
        org = m.group("org")
        who = (
            org if org and label.lower().rstrip(".") in ("question", "q", "reporter", "journalist") else label
        )
        actor = _label_actor(ctx, who, ps)
        if actor is None:
            continue
        mention = ctx.book.remember(Mention(actor, who, ps, ps + len(m.group("label"))), speaker=True)
        out.append(
            StatementSpan(m.end() - 1, pe, mention.actor, who, Attribution.DIRECT_QUOTE, ps, m.end() - 1)
        )
    return out


def _label_actor(ctx: _Context, who: str, at: int) -> Actor | None:
    """The speaker a transcript label names: a known actor, a person named earlier or in the data by surname
    (`COLONEL DREVNIK:` is Colonel Vasil Drevnik), else the label itself as a person (upper-case labels)."""
    lex = ctx.lex
    actor = actor_from_phrase(who, tokenize(who), lex)
    if not who.isupper() or (actor is not None and actor.type != ActorType.PERSON):
        return actor
    titled = who.title()
    actor = actor_from_phrase(titled, tokenize(titled), lex)
    if actor is not None and actor.type == ActorType.PERSON and actor.name == titled:
        actor = None  # only a capitalised phrase read as a name: look for the person it refers to first
    surname = titled.split()[-1]
    earlier = ctx.book.person_by_surname(surname, at)
    if earlier is not None:
        return earlier.actor
    known = _data_persons(lex).get(surname.lower(), ())
    if len(known) == 1:
        entry = known[0]
        return Actor(
            id=Actor.make_id(entry.name),
            name=entry.name,
            type=ActorType.PERSON,
            aliases=entry.aliases,
            role=entry.role,
            affiliation=entry.affiliation,
            party=entry.party,
        )
    return (
        actor
        or ctx.book.resolve_anaphor("the " + surname.lower(), at)
        or Actor(id=Actor.make_id(titled), name=titled, type=ActorType.PERSON)
    )


@lru_cache(maxsize=8)
def _data_persons(lex: Lexicon) -> dict[str, tuple[OrgEntry, ...]]:
    """People in the world data by surname (lower case)."""
    found: dict[str, dict[str, OrgEntry]] = {}
    for entry in lex.organisations.values():
        if entry.type == ActorType.PERSON and entry.name.split():
            found.setdefault(entry.name.split()[-1].lower(), {})[entry.name] = entry
    return {k: tuple(v.values()) for k, v in found.items()}


_HEADLINE_TAIL = re.compile(r"\s[–—-]\s+(?P<who>[^–—-]{3,60})$")
_HEADLINE_HEAD = re.compile(r"^(?P<who>[^:]{3,60}):\s+\S")


def _headline(ctx: _Context) -> StatementSpan | None:
    """A headline's speaker: "… once again it is pro-Armenian organization – Azerbaijani official" or
    "Foreign Ministry: Dravon inflates casualty figures"."""
    if not ctx.layout.paragraphs:
        return None
    ps, pe = ctx.layout.paragraphs[0]
    line = ctx.text[ps:pe]
    if len(line) > 200 or line.rstrip()[-1:] in '.!?"”':
        return None  # a first sentence, not a headline
    for pattern, head in ((_HEADLINE_TAIL, False), (_HEADLINE_HEAD, True)):
        m = pattern.search(line)
        if m is None:
            continue
        who_start = ps + m.start("who")
        toks = ctx.tokens_between(who_start, ps + m.end("who"))
        if not toks or len(toks) > 7:
            continue
        who = m.group("who")
        if who.isupper():
            continue  # "MASSACRE AT THE BREAD LINE: …" is a kicker, not a speaker
        mention = ctx.resolve(toks, Phrase(0, len(toks)))
        actor = mention.actor if mention else None
        if actor is None or not (
            actor.party or ctx.lex.organisation(actor.name) or actor.type == ActorType.PERSON
        ):
            continue
        mention = ctx.book.remember(mention, speaker=True)  # type: ignore[arg-type]
        start, end = (ps + m.end("who") + 1, pe) if head else (ps, ps + m.start())
        return StatementSpan(
            start, end, mention.actor, mention.text, Attribution.INDIRECT, who_start, ps + m.end("who")
        )
    return None


def _quote_statements(ctx: _Context, frames: list[StatementSpan], full: list[int]) -> list[StatementSpan]:
    """A statement for every full quote, with the speaker attributed before, after or inherited."""
    out: list[StatementSpan] = []
    by_index: dict[int, StatementSpan] = {}
    for qi in full:
        q = ctx.quotes[qi]
        speaker: StatementSpan | None = None
        for f in frames:
            near_after = (q.end <= f.cue_start <= q.end + 6 and f.start <= q.start + 1) or (
                q.end <= f.cue_start <= q.end + 6 and f.end <= q.end + 2
            )
            near_before = f.cue_end <= q.start and abs(f.start - q.start) <= 2
            if near_after or near_before:
                speaker = f
                break
        if speaker is None:
            for pj in sorted(by_index, reverse=True):
                prev_q = ctx.quotes[pj]
                if (
                    prev_q.paragraph == q.paragraph
                    or (q.continues and prev_q.paragraph == q.paragraph - 1)
                    or (
                        prev_q.paragraph == q.paragraph - 1
                        and q.start == ctx.layout.paragraphs[q.paragraph][0]
                    )
                ):
                    speaker = by_index[pj]
                break
        if speaker is None or speaker.speaker is None:
            continue
        st = StatementSpan(
            q.inner_start,
            q.inner_end,
            speaker.speaker,
            speaker.mention,
            Attribution.DIRECT_QUOTE,
            speaker.cue_start,
            speaker.cue_end,
            speaker.verb,
            speaker.relay,
        )
        by_index[qi] = st
        out.append(st)
    return out


_SAID_BEFORE = re.compile(
    r"\b(?:said|says|added|stated|stressed|told|wrote|declared|noted|emphasi[sz]ed|insisted|warned)\s*(?:that)?\s*[:,]?$"
)
_SAID_AFTER = re.compile(
    r"\b(?:said|says|added|asked|stressed|noted|stated|told|wrote|concluded|explained|insisted|warned|"
    r"claimed|tweeted|declared|emphasi[sz]ed|underlined|quoted as saying|reported)\b"
)


def _full_quotes(ctx: _Context) -> list[int]:
    """Indices of quotes that are whole statements (not a few words quoted inside a sentence)."""
    full: list[int] = []
    for i, q in enumerate(ctx.quotes):
        if q.word_count(ctx.text) < 4:
            continue
        sent = ctx.layout.sentences[ctx.layout.sentence_index_at(q.start)]
        before = ctx.text[sent.start : q.start].strip()
        starts_sentence = not before or before[-1:] == ":" or _SAID_BEFORE.search(before) is not None
        tail = ctx.text[q.end : min(len(ctx.text), q.end + 120)]
        attributed_after = re.match(
            r"\s*[,—–-]?\s*(?:[\w’'.-]+\s+){0,8}?[\w’'.-]*\s*[.!?]", tail
        ) is not None and (_SAID_AFTER.search(tail.split(".")[0]) is not None)
        if starts_sentence or attributed_after or q.continues or q.open_ended:
            full.append(i)
    return full


def attribute(
    text: str,
    layout: Layout,
    tokens_for: TokensFor,
    lex: Lexicon,
    *,
    publisher: Actor | None = None,
    default_party: str | None = None,
    publisher_is_author: bool = False,
    person_spans: frozenset[tuple[int, int]] | None = None,
) -> AttributionResult:
    """Find every statement in a document."""
    book = ActorBook(
        lex, publisher=publisher, default_party=default_party, publisher_is_author=publisher_is_author
    )
    m = _ADDRESSEE.search(text)
    if m:
        book.addressee = actor_from_phrase(m.group("x"), tokenize(m.group("x")), lex)
    ctx = _Context(
        text,
        layout,
        tokens_for,
        lex,
        book,
        find_quotes(text, layout),
        person_spans=person_spans or frozenset(),
    )

    def body_party(at: int) -> str | None:
        """The country named before `at` in its sentence, else the document's (for "the Foreign Ministry")."""
        return ctx.context_party(ctx.tokens_between(layout.sentences[layout.sentence_index_at(at)].start, at))

    book.body_party = body_party
    full = _full_quotes(ctx)
    ctx.full_spans = sorted((ctx.quotes[i].inner_start, ctx.quotes[i].inner_end) for i in full)
    enclosing = _transcript(ctx)
    collective = _collective(ctx)
    ctx.enclosing = enclosing + ([collective] if collective else [])
    frames: list[StatementSpan] = []
    carried_in: dict[int, StatementSpan] = {}
    cues = lex.reporting_cues | lex.agentless_first | {"statement", "claim", "assertion", "allegation"}
    for sent in layout.sentences:
        has_cue = not cues.isdisjoint(w.lower() for w in _WORDS.findall(text, sent.start, sent.end))
        found = _frames(ctx, sent.start, sent.end) if has_cue else []
        if not found:
            # a source named with "according to" carries on through its paragraph
            carried = carried_in.get(sent.paragraph)
            if carried is not None and not ctx.in_full_quote(sent.start):
                frames.append(
                    StatementSpan(
                        sent.start,
                        sent.end,
                        carried.speaker,
                        carried.mention,
                        carried.attribution,
                        carried.cue_start,
                        carried.cue_end,
                        carried.verb,
                        carried.relay,
                    )
                )
            continue
        frames.extend(found)
        last = found[-1]
        covers = last.start <= sent.start + 1 and (last.end >= sent.end - 2 or last.cue_end >= sent.end - 2)
        if last.attribution == Attribution.ACCORDING_TO and covers:
            carried_in[sent.paragraph] = last
        else:
            carried_in.pop(sent.paragraph, None)
    headline = _headline(ctx)
    statements = [
        *frames,
        *_quote_statements(ctx, frames, full),
        *enclosing,
        *([headline] if headline else []),
    ]
    if collective is not None:
        statements.append(collective)
    mode = Attribution.DOCUMENT_AUTHOR if publisher_is_author else Attribution.UNATTRIBUTED
    voice = StatementSpan(0, len(text), publisher, publisher.name if publisher else "", mode, 0, 0)
    return AttributionResult(statements, book, voice)
