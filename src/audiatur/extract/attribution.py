"""Who speaks where: statements with their speaker, attribution mode and the text they cover.

A statement covers a stretch of text and names its speaker. Frames found, in the genre's usual forms:
- leading reported speech: `X said (that) …`, `X told Trend that …`, `X accuses Y of …`;
- trailing and parenthetical: `…, X said.`, `…, said X, <role>.`, `In addition, the ministry said, …`;
- `according to X`, `…, X says, citing Y` (Y is the origin, X the relay), and agentless reporting
  (`It is emphasized that …`, `According to the information, …`: the source being relayed);
- direct quotes, attributed before or after, or inheriting the speaker of the quote before them;
- collective statements (`The statement reads:` + signatories): the issuing body speaks;
- the document's own voice for everything else.
`Attribution.speaker_at(offset)` gives the innermost statement covering an offset.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache

from audiatur.domain import Actor, ActorType, Attribution
from audiatur.extract.layout import Layout, Token, tokenize
from audiatur.extract.lexicon import Lexicon, norm
from audiatur.extract.mentions import ActorBook, Mention, actor_from_phrase, country_refs, is_np_token
from audiatur.extract.quotes import Quote, find_quotes

__all__ = ["AttributionResult", "StatementSpan", "attribute"]


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
    _sorted: list[StatementSpan] = field(default_factory=list)

    def speaker_at(self, offset: int) -> StatementSpan | None:
        """The innermost statement covering `offset` (the document's voice if none does)."""
        best: StatementSpan | None = None
        for st in self.statements:
            if st.start <= offset < st.end and (best is None or st.end - st.start < best.end - best.start):
                best = st
        return best or self.document_voice

    def statements_over(self, start: int, end: int) -> list[StatementSpan]:
        """Statements whose span overlaps [start, end)."""
        return [s for s in self.statements if s.start < end and start < s.end]


_AUX = frozenset(
    """has have had is was were are be been being also further later earlier previously then again once
    reportedly allegedly repeatedly has also had also would will may might could can should shall
    officially publicly separately recently yesterday today""".split()
)
_STOP_CAPS = frozenset(
    """on in at after before during meanwhile however also moreover earlier later yesterday today tonight thus
    therefore so but and while when since as although though because if then now here there this that such
    what why how where who which whose in addition furthermore besides nevertheless still yet unfortunately
    monday tuesday wednesday thursday friday saturday sunday january february march april may june july
    august september october november december according speaking last next""".split()
)
_SUBORDINATORS = frozenset(
    """as while adding saying noting stressing but and after before following in citing quoting when
    whereas although though amid since because urging calling warning""".split()
)
_ADVERBIAL_HEADS = frozenset({"on", "in", "at", "during", "via", "through", "to", "this", "last", "late",
                              "early", "earlier", "later", "yesterday", "today", "tonight", "following", "after",
                              "before", "from", "for", "with", "also", "further", "again", "once", "quoted",
                              "when", "while", "speaking"})
_ORIGIN_CUES = ("citing", "quoting", "referring to", "with reference to")
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
_WORDS = re.compile(r"[A-Za-z]+")
_SENTENCE_END = re.compile(r"[\s.!?\"”’)\]]*$")


TokensFor = Callable[[int], list[Token]]  # a sentence's tokens, by sentence index


@dataclass
class _Context:
    text: str
    layout: Layout
    tokens_for: TokensFor
    lex: Lexicon
    book: ActorBook
    quotes: list[Quote]
    statements: list[StatementSpan] = field(default_factory=list)
    person_spans: frozenset[tuple[int, int]] = frozenset()  # PERSON entities of a statistical pipeline

    full_spans: list[tuple[int, int]] = field(default_factory=list)

    def tokens_between(self, start: int, end: int) -> list[Token]:
        """Tokens of the sentence holding `start`, cut to [start, end)."""
        index = self.layout.sentence_index_at(start)
        return [t for t in self.tokens_for(index) if start <= t.start < end]

    def in_full_quote(self, pos: int, full: set[int] | None = None) -> bool:
        """Whether `pos` lies inside a quote that is a whole statement."""
        i = bisect.bisect_right(self.full_spans, (pos, 1 << 62)) - 1
        return i >= 0 and self.full_spans[i][0] <= pos < self.full_spans[i][1]


def _walk_left(toks: Sequence[Token], j: int, lo: int, lex: Lexicon) -> int:
    """First index of the noun phrase ending at `j` (inclusive)."""
    if j >= lo and toks[j].lower in ("he", "she", "they", "it", "we", "you", "i"):
        return j
    a = j + 1
    while a - 1 >= lo:
        t = toks[a - 1]
        low = t.lower
        if low in _STOP_CAPS and not (low in ("in", "and", "on") and a - 2 >= lo and toks[a - 2].is_title
                                      and a < len(toks) and toks[a].is_title):
            break
        if low in ("he", "she", "they", "it", "we", "you", "i", "that", "which", "who"):
            break
        if not is_np_token(t, lex):
            break
        a -= 1
    # keep glue words only between name parts
    while a <= j and toks[a].lower in ("of", "for", "to", "at", "and", "-", "–", "—", "'s", "on", "in"):
        a += 1
    return a


def _speaker_np_left(toks: Sequence[Token], k: int, lo: int, lex: Lexicon) -> tuple[int, int, str] | None:
    """(start, end) of the speaker noun phrase before the verb at `k`, and any apposition text."""
    j = k - 1
    while j >= lo and toks[j].lower in _AUX:
        j -= 1
    if j < lo:
        return None
    if toks[j].text == ",":
        c2 = j
        c1 = c2 - 1
        while c1 >= lo and toks[c1].text not in (",", "(", "—", "–", '"', "“", "”") and is_np_token(toks[c1], lex):
            c1 -= 1
        if c1 >= lo and toks[c1].text == "," and c2 - c1 > 1:
            appos = " ".join(t.text for t in toks[c1 + 1 : c2])
            appos_low = {t.lower for t in toks[c1 + 1 : c2]}
            a = _walk_left(toks, c1 - 1, lo, lex)
            if a < c1 and (appos_low & lex.roles or appos_low & lex.title_words) and toks[a].is_title:
                return a, c1, appos
        return None
    a = _walk_left(toks, j, lo, lex)
    if a > j:
        return None
    # "Nagorno-Karabakh leader, Arayik Harutyunyan stated …": a role before a comma names the person
    appos = ""
    if a - 1 > lo and toks[a - 1].text == ",":
        r = _walk_left(toks, a - 2, lo, lex)
        role_low = {t.lower for t in toks[r : a - 1]}
        if r <= a - 2 and (r == lo or toks[r - 1].text in (",", ":")) and role_low & lex.roles:
            appos = " ".join(t.text for t in toks[r : a - 1])
    return a, j + 1, appos


def _speaker_np_right(toks: Sequence[Token], k: int, hi: int, lex: Lexicon) -> tuple[int, int, str] | None:
    """Speaker noun phrase after an inverted verb (`…, said Marie Struthers, Amnesty's director.`)."""
    a = k + 1
    while a < hi and toks[a].lower in _AUX:
        a += 1
    b = a
    while b < hi and is_np_token(toks[b], lex) and toks[b].text not in (",", ".") and toks[b].lower not in _STOP_CAPS:
        b += 1
    if b == a:
        return None
    appos = ""
    if b < hi and toks[b].text == ",":
        c = b + 1
        while c < hi and toks[c].text not in (".", "!", "?", ";") and (
            is_np_token(toks[c], lex) or toks[c].lower in ("'s",)
        ):
            c += 1
        appos = " ".join(t.text for t in toks[b + 1 : c])
    return a, b, appos


def _skip_adverbials(toks: Sequence[Token], k: int, hi: int, lex: Lexicon) -> tuple[int, Actor | None]:
    """Index after time/place/medium adverbials following a verb; also the outlet of `told <outlet>`."""
    i = k + 1
    relay: Actor | None = None
    if toks[k].lower in lex.relay_verbs and i < hi and toks[i].is_title:
        b = i
        while b < hi and (toks[b].is_title or toks[b].lower in ("'s", "-")):
            b += 1
        relay = actor_from_phrase("", [], lex) if False else None
        i = b
    while i < hi:
        low = toks[i].lower
        if low in ("reporters", "journalists", "the", "a", "an") and i == k + 1:
            i += 1
            continue
        if low in _ADVERBIAL_HEADS and low not in ("that", "after", "before", "when", "while", "following"):
            j = i + 1
            while j < hi and toks[j].text not in (",", ".", ":", ";", '"', "“", "”") and toks[j].lower not in (
                "that",
            ) and j - i < 8:
                j += 1
            if j < hi and toks[j].lower == "that" or j >= hi or toks[j].text in (",", ".", ":", ";"):
                i = j
                continue
        break
    return i, relay


def _is_sentence_end(toks: Sequence[Token], i: int, hi: int) -> bool:
    return all(t.text in ".!?\"”’)]…" for t in toks[i:hi])


def _clause_has(toks: Sequence[Token], i: int, hi: int, words: frozenset[str] | set[str]) -> bool:
    j = i
    while j < hi and toks[j].text not in (",", ";") and toks[j].lower not in ("which", "who", "that"):
        if toks[j].lower in words or toks[j].text[:1].isdigit():
            return True
        j += 1
    return False


_TOLL_WORDS = frozenset({"toll", "tally", "number", "figure", "count", "deaths", "dead", "casualties"})


def _resolve(ctx: _Context, toks: Sequence[Token], a: int, b: int, appos: str) -> Mention | None:
    """The speaker named by toks[a:b] (with an apposition), resolved against the document so far."""
    text = ctx.text
    span = toks[a:b]
    if not span:
        return None
    surface = text[span[0].start : span[-1].end]
    low = norm(surface)
    lex, book = ctx.lex, ctx.book
    actor: Actor | None = None
    if low in lex.person_anaphors or low in lex.org_anaphors or low in ("he", "she", "they", "it", "we", "you"):
        actor = book.resolve_anaphor(surface, span[0].start)
        if actor is None and low in lex.person_anaphors:
            head = low.split()[-1]
            for m in reversed(book.speakers):
                if head in norm(m.text):
                    actor = m.actor
                    break
    elif len(span) == 1 and span[0].is_title and (p := book.person_by_surname(span[0].text, span[0].start)):
        actor = p.actor
    else:
        words = [t.lower for t in span if t.lower not in ("the", "a", "an")]
        if len(words) == 1 and words[0] in lex.org_anaphors | {w.split()[-1] for w in lex.org_anaphors}:
            actor = book.resolve_anaphor("the " + words[0], span[0].start)
        if actor is None:
            actor = actor_from_phrase(text, span, lex)
            if appos:
                actor = _with_apposition(actor, appos, lex)
    if actor is None or (actor.type != ActorType.PERSON and ctx.person_spans):
        # a statistical pipeline's PERSON entity inside the phrase names the speaker
        for ps, pe in ctx.person_spans:
            if span[0].start <= ps and pe <= span[-1].end and (actor is None or actor.type == ActorType.ORGANIZATION):
                name = text[ps:pe]
                rest = _clean_role(text[span[0].start : ps] + " " + text[pe : span[-1].end])
                actor = Actor(id=Actor.make_id(name), name=name, type=ActorType.PERSON, role=rest or None,
                              party=actor.party if actor else None)
                break
    if actor is None:
        actor = _unnamed(span, lex)
    if (
        actor is not None
        and book.publisher is not None
        and actor.type == ActorType.GOVERNMENT
        and actor.party is None
        and norm(actor.name) in norm(book.publisher.name)
    ):
        actor = book.publisher  # "the Human Rights Ombudsman" in the Ombudsman's own report
    if actor is None:
        return None
    return Mention(actor, surface, span[0].start, span[-1].end)


def _clean_role(text: str) -> str:
    return " ".join(text.split()).strip(" ,;:-–—'’s")


def _unnamed(span: Sequence[Token], lex: Lexicon) -> Actor | None:
    """An unnamed speaker known only by role ("the regional governor", "a police source")."""
    words = [t for t in span if t.lower not in ("the", "a", "an")]
    if not words or words[-1].lower not in lex.roles | lex.collective_speakers:
        return None
    name = " ".join(t.text for t in words)
    refs = country_refs(words, lex)
    kind = ActorType.PERSON if words[-1].lower in lex.roles else ActorType.GROUP
    return Actor(id=Actor.make_id(name), name=name, type=kind, role=name if kind == ActorType.PERSON else None,
                 party=refs[0][2].name if refs else None)


def _with_apposition(actor: Actor | None, appos: str, lex: Lexicon) -> Actor | None:
    """A person named next to an apposition ("Anna Naghdalyan, spokeswoman for …"): role, affiliation, party."""
    appos_toks = tokenize(appos)
    if actor is None or actor.type != ActorType.PERSON:
        whole = actor_from_phrase(appos, appos_toks, lex)
        return actor or whole
    org = actor_from_phrase(appos, appos_toks, lex)
    refs = country_refs(appos_toks, lex)
    affiliation = actor.affiliation
    party = actor.party
    if org is not None and org.type != ActorType.PERSON:
        affiliation = affiliation or org.name
        party = party or org.party
    elif org is not None and org.affiliation:
        affiliation = affiliation or org.affiliation
        party = party or org.party
    if party is None and refs:
        party = refs[0][2].name
    return Actor(id=actor.id, name=actor.name, type=actor.type, aliases=actor.aliases,
                 role=actor.role or appos.strip(" ,"), affiliation=affiliation, party=party)


def _frames(ctx: _Context, sent_start: int, sent_end: int, full: set[int]) -> list[StatementSpan]:
    text, lex, book = ctx.text, ctx.lex, ctx.book
    toks = ctx.tokens_between(sent_start, sent_end)
    hi = len(toks)
    found: list[StatementSpan] = []
    cues = lex.reporting_cues
    positions = [k for k, t in enumerate(toks) if t.lower in cues]
    if not positions and not (toks and toks[0].lower in lex.agentless_first):
        return found
    low_sentence = norm(text[sent_start : min(sent_end, sent_start + 60)]) if toks and toks[0].lower in (
        lex.agentless_first) else ""

    # agentless reporting at the start ("It is emphasized that …", "According to the information, …")
    for phrase in lex.agentless if low_sentence else ():
        if low_sentence.startswith(phrase + " ") or low_sentence.startswith(phrase + ","):
            source = book.current_source(sent_start)
            if source is not None:
                found.append(
                    StatementSpan(sent_start, sent_end, source, phrase, Attribution.INDIRECT, sent_start,
                                  sent_start + len(phrase))
                )
            break

    skip_until = 0
    for k in positions:
        if k < skip_until:
            continue
        tok = toks[k]
        if ctx.in_full_quote(tok.start, full):
            continue
        # according to X
        if tok.lower == "according" and k + 1 < hi and toks[k + 1].lower == "to":
            b = k + 2
            while b < hi and toks[b].text not in (",", ".", ";", "!", "?") and b - k < 14:
                b += 1
            np_toks = toks[k + 2 : b]
            phrase = norm(" ".join(t.text for t in np_toks)).replace(" 's", "'s")
            mention: Mention | None = None
            if phrase in lex.agentless_sources or phrase.replace("the ", "") in lex.agentless_sources:
                if any(w in phrase for w in ("statement", "report", "release", "update")):
                    actor = book.resolve_anaphor("the statement", tok.start)
                else:
                    actor = book.current_source(tok.start)
                if actor is not None:
                    mention = Mention(actor, phrase, tok.start, np_toks[-1].end if np_toks else tok.end)
            elif np_toks:
                mention = _resolve(ctx, np_toks, 0, len(np_toks), "")
            if mention is not None:
                mention = book.remember(mention, speaker=True)
                cue_end = np_toks[-1].end if np_toks else tok.end
                if k == 0 or all(t.text in ",;" or t.lower in _STOP_CAPS for t in toks[:k]):
                    start, end = (toks[b + 1].start if b + 1 < hi else cue_end), sent_end
                else:
                    start, end = sent_start, tok.start
                found.append(StatementSpan(start, end, mention.actor, mention.text, Attribution.ACCORDING_TO,
                                           tok.start, cue_end))
            skip_until = b
            continue
        lemma = lex.reporting_verbs.get(tok.lower)
        width = 1
        if lemma is None and k + 1 < hi:
            two = f"{tok.lower} {toks[k + 1].lower}"
            three = f"{two} {toks[k + 2].lower}" if k + 2 < hi else ""
            if three in lex.reporting_verbs:
                lemma, width = lex.reporting_verbs[three], 3
            elif two in lex.reporting_verbs:
                lemma, width = lex.reporting_verbs[two], 2
        if lemma is None:
            continue
        prev = toks[k - 1].lower if k > 0 else ""
        nxt = toks[k + width].lower if k + width < hi else ""
        if prev in ("the", "a", "an", "this", "its", "their", "so-", "so") or (
            tok.lower.endswith("ed") and prev in ("the", "a", "an")
        ):
            continue  # "the alleged attack", "a reported strike"
        vk = k + width - 1
        after, relay = _skip_adverbials(toks, vk, hi, lex)
        complement = after < hi and (toks[after].lower in ("that", ":") or toks[after].text in ('"', "“", "«"))
        if lemma in lex.needs_complement and not complement:
            ok = False
            if lemma in ("accuse", "blame", "charge"):
                ok = _clause_has(toks, after, hi, {"of", "for"})
            elif lemma in ("deny", "reject", "refute", "dismiss", "slam", "condemn", "criticize"):
                ok = after < hi and not _is_sentence_end(toks, after, hi)
            elif lemma in ("put_toll", "estimate", "record", "document", "report", "confirm", "publish"):
                ok = _clause_has(toks, after, hi, _TOLL_WORDS)
            elif lemma in ("call", "urge", "demand", "appeal", "ask"):
                ok = after < hi and toks[after].lower in ("on", "upon", "for", "to") or _clause_has(
                    toks, after, hi, {"to"}
                )
            if not ok and not (after >= hi or _is_sentence_end(toks, after, hi) or toks[after].text == ","):
                continue
        left = _speaker_np_left(toks, k, 0, lex)
        inverted = False
        if left is None and k > 0 and toks[k - 1].text in (",", '"', "”", "’", "—", "–"):
            left = _speaker_np_right(toks, vk, hi, lex)
            inverted = left is not None
        if left is None:
            # ", adding that …": the speaker of the clause before
            if tok.lower.endswith("ing") and prev == "," and found:
                last = found[-1]
                found.append(StatementSpan(toks[after].start if after < hi else tok.end, sent_end, last.speaker,
                                           last.mention, last.attribution, tok.start, tok.end, lemma))
            continue
        a, b, appos = left
        mention = _resolve(ctx, toks, a, b, appos)
        if mention is None:
            continue
        # ", citing Y": Y is where the words come from; the subject only relays them
        tail = norm(text[toks[after].start : sent_end]) if after < hi else ""
        tail = tail.lstrip(", ")
        origin_cue = next((c for c in _ORIGIN_CUES if tail.startswith(c + " ")), None)
        if origin_cue:
            o_start = toks[after].start + text[toks[after].start : sent_end].lower().find(origin_cue) + len(origin_cue)
            o_toks = [t for t in toks if t.start >= o_start and t.text not in (".", "!", "?")]
            cut = next((i for i, t in enumerate(o_toks) if t.text == ","), len(o_toks))
            origin = _resolve(ctx, o_toks, 0, cut, "") if o_toks[:cut] else None
            if origin is not None:
                relay = mention.actor
                mention = origin
        right_after = norm(text[tok.end : sent_end])
        mention = book.remember(mention, speaker=True, issuer=bool(re.search(
            r"^(?:\S+\s+){0,4}?in (?:a|an|its|the|their) (?:\w+ )?(?:statement|report|update|press release|"
            r"communiqu|bulletin|briefing)", right_after)))
        cue_start = toks[a].start if not inverted else tok.start
        cue_end = toks[b - 1].end if not inverted else toks[b - 1].end
        trailing = inverted or (
            (a > 0 and toks[a - 1].text in (",", '"', "”", "’", "—", "–"))
            and (
                after >= hi
                or _is_sentence_end(toks, after, hi)
                or (toks[after].text == "," and after + 1 < hi and (
                    toks[after + 1].lower in _SUBORDINATORS
                    or toks[after + 1].lower in _ORIGIN_CUES[0:2]
                    or _next_is_frame(toks, after + 1, hi, lex)))
                or origin_cue is not None
            )
        )
        mode = Attribution.INDIRECT
        if trailing:
            start, end = sent_start, (toks[a - 1].start if not inverted else toks[k - 1].start)
            parenthetical = (
                after < hi
                and toks[after].text == ","
                and after + 1 < hi
                and toks[after + 1].lower not in _SUBORDINATORS
                and not _next_is_frame(toks, after + 1, hi, lex)
            )
            if parenthetical:
                start, end = sent_start, sent_end
        else:
            skip = after + (1 if after < hi and toks[after].lower in ("that", ":") else 0)
            start, end = (toks[skip].start if skip < hi else sent_end), sent_end
        found.append(StatementSpan(start, end, mention.actor, mention.text, mode, cue_start, cue_end, lemma, relay))
        skip_until = max(k + width, after if not trailing else k + width)
    # a leading frame's words stop where the next speaker in the sentence starts
    found.sort(key=lambda s: s.cue_start)
    out: list[StatementSpan] = []
    for i, st in enumerate(found):
        end = st.end
        for nxt_st in found[i + 1 :]:
            if st.start <= nxt_st.cue_start < end and nxt_st.start >= nxt_st.cue_start:
                end = nxt_st.cue_start
                break
        out.append(StatementSpan(st.start, end, st.speaker, st.mention, st.attribution, st.cue_start,
                                 st.cue_end, st.verb, st.relay, st.signatories) if end != st.end else st)
    return out


def _next_is_frame(toks: Sequence[Token], i: int, hi: int, lex: Lexicon) -> bool:
    """Whether a trailing attribution (`Wafa reported.`) starts at `i`."""
    j = i
    while j < hi and j - i < 6 and is_np_token(toks[j], lex):
        j += 1
    return j < hi and j > i and toks[j].lower in lex.reporting_verbs and _is_sentence_end(toks, j + 1, hi) or (
        j < hi and j > i and toks[j].lower in lex.reporting_verbs and j + 1 < hi and toks[j + 1].lower in (
            "on", "in", "at", "this", "late", "earlier")
    )


@lru_cache(maxsize=8)
def _openers(lex: Lexicon) -> re.Pattern[str]:
    alternatives = "|".join(re.escape(p).replace(r"\ ", r"\s+") for p in sorted(lex.statement_openers, key=len, reverse=True))
    return re.compile(rf"\b(?:{alternatives})\b\s*[:.]?", re.IGNORECASE)


def _collective(ctx: _Context) -> StatementSpan | None:
    """A collective statement (`The statement reads:` …) with its issuer and signatories."""
    text, lex, book = ctx.text, ctx.lex, ctx.book
    low = text.lower()
    if not any(w in low for w in ("statement", "letter", "declaration", "communiq", "appeal", "resolution",
                                  "reads", "follows", "text of")):
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
        if any(para == s or para.startswith(s + ":") or para.startswith(s + " ") and len(para) < 40
               for s in lex.signatory_openers):
            body_end = ps
            for qs, qe in ctx.layout.paragraphs[pi + 1 :]:
                line = text[qs:qe].strip().rstrip(";.")
                parts = re.split(r"\s+[–—-]\s+|\s*[–—]\s*", line, maxsplit=1)
                name_toks = tokenize(parts[0])
                person = actor_from_phrase(parts[0], name_toks, lex)
                if person is None or person.type != ActorType.PERSON:
                    break
                if len(parts) > 1:
                    org = parts[1].strip(" “”\"")
                    entry = lex.organisation(org)
                    refs = country_refs(tokenize(org), lex)
                    person = Actor(id=person.id, name=person.name, type=person.type, role=person.role,
                                   affiliation=entry.name if entry else org,
                                   party=(entry.party if entry else None) or (refs[0][2].name if refs else None))
                signatories.append(person)
            break
        if para.startswith(("more about", "read more", "related", "you might also like", "tags:")):
            body_end = ps
            break
    # the issuer: subject of "issued a statement" before the opener, else the document's publisher
    issuer: Mention | None = None
    for m in _ISSUE.finditer(text, 0, opener_at):
        sent = ctx.layout.sentences[ctx.layout.sentence_index_at(m.start())]
        toks = ctx.tokens_between(sent.start, m.start())
        aux = [i for i, t in enumerate(toks) if t.lower in ("has", "have", "had", "was", "were")]
        cut = aux[-1] if aux else len(toks)
        head = toks[:cut]
        if head:
            issuer = _resolve(ctx, head, 0, len(head), "")
    if issuer is None and book.publisher is not None:
        issuer = Mention(book.publisher, book.publisher.name, 0, 0)
    if issuer is None:
        return None
    issuer = book.remember(issuer, speaker=True, issuer=True)
    return StatementSpan(body_start, body_end, issuer.actor, issuer.text, Attribution.DIRECT_QUOTE, opener_at,
                         opener_at + len(opener), "state", None, tuple(signatories))


def _quote_statements(ctx: _Context, frames: list[StatementSpan], full: set[int]) -> list[StatementSpan]:
    """A statement for every full quote, with the speaker attributed before, after or inherited."""
    out: list[StatementSpan] = []
    by_index: dict[int, StatementSpan] = {}
    for qi in sorted(full):
        q = ctx.quotes[qi]
        speaker: StatementSpan | None = None
        after = ctx.text[q.end : q.end + 4]
        for f in frames:
            near_after = q.end <= f.cue_start <= q.end + len(after) + 2 and f.start <= q.start + 1
            near_after = near_after or (q.end <= f.cue_start <= q.end + 6 and f.end <= q.end + 2)
            near_before = f.cue_end <= q.start and abs(f.start - q.start) <= 2
            if near_after or near_before:
                speaker = f
                break
        if speaker is None:
            for pj in sorted(by_index, reverse=True):
                prev_q = ctx.quotes[pj]
                if prev_q.paragraph == q.paragraph or (q.continues and prev_q.paragraph == q.paragraph - 1) or (
                    prev_q.paragraph == q.paragraph - 1 and q.start == ctx.layout.paragraphs[q.paragraph][0]
                ):
                    speaker = by_index[pj]
                break
        if speaker is None or speaker.speaker is None:
            continue
        st = StatementSpan(q.inner_start, q.inner_end, speaker.speaker, speaker.mention, Attribution.DIRECT_QUOTE,
                           speaker.cue_start, speaker.cue_end, speaker.verb, speaker.relay)
        by_index[qi] = st
        out.append(st)
    # open quotes with no attribution yet take the speaker of the next attributed quote in the chain
    return out


def _full_quotes(ctx: _Context) -> set[int]:
    """Indices of quotes that are whole statements (not a few words quoted inside a sentence)."""
    full: set[int] = set()
    for i, q in enumerate(ctx.quotes):
        words = q.word_count(ctx.text)
        if words < 4:
            continue
        sent = ctx.layout.sentences[ctx.layout.sentence_index_at(q.start)]
        before = ctx.text[sent.start : q.start].strip()
        starts_sentence = not before or before[-1:] in (":",) or re.search(
            r"\b(?:said|says|added|stated|stressed|told|wrote|declared|noted|emphasi[sz]ed)\s*(?:that)?\s*[:,]?$",
            before,
        )
        tail = ctx.text[q.end : min(len(ctx.text), q.end + 120)]
        attributed_after = re.match(r"\s*[,—–-]?\s*(?:[\w’'.-]+\s+){0,8}?[\w’'.-]*\s*[.!?]", tail) and re.search(
            r"\b(?:said|says|added|asked|stressed|noted|stated|told|wrote|concluded|explained|insisted|warned|"
            r"claimed|tweeted|declared|emphasi[sz]ed|underlined|quoted as saying|reported)\b",
            tail.split(".")[0],
        )
        if starts_sentence or attributed_after or q.continues or q.open_ended:
            full.add(i)
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
    book = ActorBook(lex, publisher=publisher, default_party=default_party)
    m = _ADDRESSEE.search(text)
    if m:
        addressee = actor_from_phrase(m.group("x"), tokenize(m.group("x")), lex)
        book.addressee = addressee
    ctx = _Context(text, layout, tokens_for, lex, book, find_quotes(text, layout),
                   person_spans=person_spans or frozenset())
    full = _full_quotes(ctx)
    ctx.full_spans = sorted((ctx.quotes[i].inner_start, ctx.quotes[i].inner_end) for i in full)
    collective = _collective(ctx)
    frames: list[StatementSpan] = []
    by_paragraph: dict[int, StatementSpan] = {}
    cues = lex.reporting_cues | lex.agentless_first
    for sent in layout.sentences:
        has_cue = not cues.isdisjoint(w.lower() for w in _WORDS.findall(text, sent.start, sent.end))
        found = _frames(ctx, sent.start, sent.end, full) if has_cue else []
        if not found:
            # a source named with "according to" or "X said" carries on through its paragraph
            carried = by_paragraph.get(sent.paragraph)
            if carried is not None and not ctx.in_full_quote(sent.start, full):
                frames.append(StatementSpan(sent.start, sent.end, carried.speaker, carried.mention,
                                            carried.attribution, carried.cue_start, carried.cue_end,
                                            carried.verb, carried.relay))
            continue
        frames.extend(found)
        last = found[-1]
        covers = last.start <= sent.start + 1 and (last.end >= sent.end - 2 or last.cue_end >= sent.end - 2)
        if last.attribution == Attribution.ACCORDING_TO and covers:
            by_paragraph[sent.paragraph] = last
        elif sent.paragraph in by_paragraph:
            del by_paragraph[sent.paragraph]
    statements = [*frames, *_quote_statements(ctx, frames, full)]
    if collective is not None:
        statements.append(collective)
    voice = None
    if publisher is not None or text:
        mode = Attribution.DOCUMENT_AUTHOR if publisher_is_author else Attribution.UNATTRIBUTED
        voice = StatementSpan(0, len(text), publisher, publisher.name if publisher else "", mode, 0, 0)
    return AttributionResult(statements, book, voice)
