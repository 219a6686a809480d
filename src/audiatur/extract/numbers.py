"""Quantities in text: digits, words, ranges and vague amounts, with the bound the text puts on them.

`find_quantities` returns every stated amount that could be a count, and leaves out the numbers conflict
reporting is full of that are not counts: dates, years, ages, times, durations, percentages, money,
distances, ordinal sessions, labels ("Resolution 2334", "Read: 750") and model names ("BM-21").
Whether a quantity is a *figure* (a count of people harmed or objects destroyed) is decided later.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

import yaml

from audiatur.domain import Bound
from audiatur.errors import DataFileError
from audiatur.extract.lexicon import Lexicon, norm

__all__ = ["Quantity", "find_quantities", "parse_number_words"]


@dataclass(frozen=True, slots=True)
class Quantity:
    """A stated amount: its span (bound words included), its reading and the words as written."""

    start: int
    end: int
    value: int | None
    low: int | None
    high: int | None
    bound: Bound
    text: str
    number_start: int  # where the number itself starts (after any bound words)

    @property
    def is_vague(self) -> bool:
        """True for "dozens", "hundreds", "several": no value, only a conservative low reading."""
        return self.bound == Bound.VAGUE


_DIGITS = (
    r"(?<![\w$€£#№/.,:])(?<![A-Za-z]-)"
    r"(?P<d>\d{1,3}(?:,\d{3})+|\d{1,3}(?:[\u00a0\u202f]\d{3})+|\d+)(?P<dec>\.\d+)?"
    r"(?:(?P<abbr>mn|bn|m|k)\b|\s(?P<scale>million|billion|thousand|hundred)\b)?"
    r"(?!\d|[.,]\d|:\d|/\d|%|\s?(?:st|nd|rd|th)\b|-(?:st|nd|rd|th)\b|[A-Za-z])"
)
_RANGE_SEP = re.compile(r"\s*(?:-|–|—|to|or|and)\s*", re.IGNORECASE)
_DATE_RANGE_TAIL = re.compile(r"\s*(?:and|to|or|-|–|—)\s*[0-3]?\d(?:st|nd|rd|th)?\s+([A-Za-z]+\.?)")
_AGE_LIST = re.compile(
    r"\b(?:aged|ages|age)(?:\s+of)?(?:\s+(?:between|from))?\s+"
    r"(?:\d{1,3}(?:\s*(?:,|and|or|to|-|–)\s*\d{1,3})*\s*(?:,|and|or|to|-|–)\s*)?$",
    re.IGNORECASE,
)
# what may stand between two labels of one list ("822, 853 and 884", "822 (1993), 853 (1993)", "6-8")
_LIST_GAP = re.compile(r"(?:\s*\([^()]{0,8}\))*\s*(?:,\s*(?:and|or)?|and|or|&|-|–|—|to)\s*", re.IGNORECASE)
# what may stand between the two days of a date range ("October 3-4", "3 and 4 May")
_DATE_GAP = re.compile(r"\s*(?:-|–|—|to|and|or|until|through)\s*", re.IGNORECASE)
# a run of digit groups: a telephone number ("555 1234", "+41 22 917 1234", "0800-123-456")
_DIGIT_RUN = re.compile(r"(?<![\w.,])(?:\+\s?)?\(?\d{1,8}\)?(?:[ .\-]\(?\d{1,8}\)?)+(?![\w%])")
_SPACED_THOUSANDS = re.compile(r"\d{1,3}(?: \d{3})+")
_YEARISH = re.compile(r"^(1[89]\d\d|20\d\d)$")
_WORD = re.compile(r"[\w'’.$€£#№%+-]+")
_TWO_WORDS = re.compile(r"[\s\u00a0-]*([^\W\d_]+)\.?\s+([^\W\d_]+)")


@dataclass(frozen=True, slots=True)
class _Patterns:
    digits: re.Pattern[str]
    firsts: frozenset[str]  # first words of number words and vague quantities
    phrases: tuple[tuple[tuple[str, ...], str], ...]  # multi-word number/vague phrases, longest first
    bounds: dict[str, tuple[tuple[str, Bound], ...]]  # by last character, longest first
    trailing: dict[str, tuple[tuple[str, Bound], ...]]  # by first character, longest first
    hint: re.Pattern[str]  # matches wherever a number in words may start (no match: no word atoms)


_WORD_RUN = re.compile(r"[A-Za-z]+(?:-[A-Za-z]+)*")


@lru_cache(maxsize=8)
def _patterns(lex: Lexicon) -> _Patterns:
    words = {*lex.number_words, *lex.scale_words, *lex.vague}
    phrases = tuple(sorted(((tuple(w.split()), w) for w in words if " " in w), key=lambda p: -len(p[0])))
    firsts = frozenset(w.split()[0] for w in words)
    bounds = _by_char(lex.bounds, -1)
    trailing = _by_char(lex.trailing_bounds, 0)
    return _Patterns(re.compile(_DIGITS), firsts, phrases, bounds, trailing, _hint(lex, firsts))


def _hint(lex: Lexicon, firsts: frozenset[str]) -> re.Pattern[str]:
    """A pattern that matches at least wherever `_word_atoms` finds an atom: a number or vague word alone,
    a known multi-word phrase, or another first word ("a", "half") before a scale word ("a hundred")."""
    singles = {w for w in (*lex.number_words, *lex.vague) if " " not in w}
    phrases = {r"\s+".join(map(re.escape, w.split())) for w in (*lex.number_words, *lex.vague) if " " in w}
    scales = "|".join(map(re.escape, sorted(lex.scale_words, key=len, reverse=True))) or "(?!)"
    others = {rf"{re.escape(f)}(?:\s+|-)(?:{scales})" for f in firsts - singles - set(lex.scale_words)}
    alternatives = sorted({*map(re.escape, singles), *phrases, *others}, key=len, reverse=True)
    return re.compile(rf"(?<![A-Za-z])(?:{'|'.join(alternatives) or '(?!)'})(?![A-Za-z])", re.IGNORECASE)


def _by_char(phrases: Mapping[str, Bound], at: int) -> dict[str, tuple[tuple[str, Bound], ...]]:
    """Phrases grouped by their character at `at` (first or last), each group longest first."""
    groups: dict[str, list[tuple[str, Bound]]] = {}
    for phrase, bound in phrases.items():
        if phrase:
            groups.setdefault(phrase[at], []).append((phrase, bound))
    return {c: tuple(sorted(g, key=lambda kv: len(kv[0]), reverse=True)) for c, g in groups.items()}


def _word_atoms(
    text: str, start: int, end: int, lex: Lexicon, pats: _Patterns
) -> list[tuple[int, int, int | None, bool]]:
    """Numbers in words ("twenty-seven", "two hundred and fifty", "a dozen") and vague amounts ("dozens")."""
    if pats.hint.search(text, start, end) is None:
        return []
    runs = [(m.start(), m.end(), m.group(0).lower()) for m in _WORD_RUN.finditer(text, start, end)]
    out: list[tuple[int, int, int | None, bool]] = []
    i = 0
    n = len(runs)
    while i < n:
        s, e, w = runs[i]
        if w.split("-")[0] not in pats.firsts or (s > 0 and text[s - 1] in "-'’") or w in lex.scale_words:
            i += 1
            continue
        # the longest known multi-word phrase here ("tens of thousands", "a dozen", "half a dozen")
        matched = None
        for words, phrase in pats.phrases:
            k = len(words)
            if (
                i + k <= n
                and all(runs[i + j][2] == words[j] for j in range(k))
                and all(text[runs[i + j][1] : runs[i + j + 1][0]].isspace() for j in range(k - 1))
            ):
                matched = (k, phrase)
                break
        if matched is not None and matched[1] in lex.vague:
            k, phrase = matched
            out.append((s, runs[i + k - 1][1], lex.vague[phrase], True))
            i += k
            continue
        if matched is None and w in lex.vague:
            if e < len(text) and text[e] == "-":
                i += 1
                continue
            out.append((s, e, lex.vague[w], True))
            i += 1
            continue
        # a number in words, possibly over several words joined by spaces, hyphens or "and"
        j = i + (matched[0] if matched else 1)
        last_end = runs[j - 1][1]
        while j < n:
            gap = text[last_end : runs[j][0]]
            nxt = runs[j][2]
            if (
                gap.isspace()
                and nxt == "and"
                and j + 1 < n
                and runs[j + 1][2].split("-")[0] in lex.number_words
                and (runs[j - 1][2] in lex.scale_words)
            ):
                j += 2  # "two hundred and fifty": "and" and the number after it
                last_end = runs[j - 1][1]
                continue
            if gap.isspace() and (
                nxt in lex.scale_words or (nxt in lex.number_words and runs[j - 1][2] in lex.scale_words)
            ):
                j += 1
                last_end = runs[j - 1][1]
                continue
            break
        if e < len(text) and text[last_end : last_end + 1] == "-" and j == i + 1:
            pass  # "six-week-long": the word run already includes hyphenated parts
        phrase_text = text[s:last_end]
        value = parse_number_words(phrase_text, lex)
        if value is not None and not (last_end < len(text) and text[last_end] == "-"):
            out.append((s, last_end, value, False))
        i = j
    return out


def parse_number_words(words: str, lex: Lexicon) -> int | None:
    """The value of "twenty-seven", "two hundred and fifty", "a dozen" (None if not a number)."""
    text = norm(words).replace("-", " ")
    if text in lex.number_words:
        return lex.number_words[text]
    total = current = 0
    seen = False
    tokens = text.split()
    i = 0
    while i < len(tokens):
        tok = tokens[i]
        two = f"{tok} {tokens[i + 1]}" if i + 1 < len(tokens) else ""
        if two in lex.number_words:
            current += lex.number_words[two]
            seen = True
            i += 2
            continue
        if tok == "and":
            i += 1
            continue
        if tok in lex.number_words:
            current += lex.number_words[tok]
            seen = True
        elif tok in lex.scale_words:
            scale = lex.scale_words[tok]
            current = max(current, 1) * scale
            seen = True
            if scale >= 1000:
                total += current
                current = 0
        elif tok == "a":
            current += 0  # "a hundred", "a thousand": the scale word supplies the value
        else:
            return None
        i += 1
    return total + current if seen else None


def _atom_value(m: re.Match[str], lex: Lexicon) -> tuple[int | None, bool]:
    """(value, is_vague) of one number written in digits."""
    if m.group("d"):
        raw = re.sub(r"[,\u00a0\u202f]", "", m.group("d"))
        number = float(raw + (m.group("dec") or ""))
        scale = m.group("scale") or m.group("abbr")
        if scale:
            number *= lex.scale_words.get(scale.lower()) or lex.scale_abbreviations.get(scale.lower(), 1)
        elif m.group("dec"):
            return None, False  # "7.5" with no scale is a measurement, not a head count
        return round(number), False
    return None, False


def _prev_word(text: str, pos: int, floor: int) -> str:
    """The word just before `pos` (lower-cased), or ''."""
    j = pos
    while j > floor and text[j - 1] in " \t:":
        j -= 1
    k = j
    while k > floor and not text[k - 1].isspace():
        k -= 1
    return norm(text[k:j]).strip("(\"“‘'")


def _next_word(text: str, pos: int, ceil: int) -> str:
    """The word just after `pos` (lower-cased, hyphen-joined words split off), or ''."""
    m = _WORD.match(text, pos + (1 if pos < ceil and text[pos] in " -\u00a0" else 0), ceil)
    if not m:
        return ""
    word = norm(m.group(0)).strip(".,;:")
    return word.split("-")[0] if word[:1].isalpha() else word


@dataclass(frozen=True, slots=True)
class _LabelWords:
    lists: frozenset[str]  # label nouns that head a list of labels ("resolutions 822, 853 and 884")
    phones: frozenset[str]  # words that introduce a telephone number


_QUANTITIES_FILE = "data/lexicon/quantities.yaml"


@lru_cache(maxsize=1)
def _label_words() -> _LabelWords:
    """The label-list and telephone words of the package's quantities lexicon (keys its loader skips)."""
    text = (resources.files("audiatur") / "data" / "lexicon" / "quantities.yaml").read_text(encoding="utf-8")
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise DataFileError(_QUANTITIES_FILE, None, f"invalid YAML: {str(exc).splitlines()[0]}") from exc
    words: dict[str, frozenset[str]] = {}
    for key in ("label_lists", "phone_labels"):
        items = data.get(key, []) if isinstance(data, Mapping) else None
        if not isinstance(items, list):
            raise DataFileError(_QUANTITIES_FILE, key, "expected a list of words")
        words[key] = frozenset(norm(str(w)) for w in items)
    return _LabelWords(words["label_lists"], words["phone_labels"])


def _not_count_kind(text: str, start: int, end: int, floor: int, ceil: int, lex: Lexicon) -> str | None:
    """Why the number at [start, end) is not a count: "date" (a day of a date), "label" (one of a list of
    labels), "other" (a year, age, measurement, time…), or None when it may be a count."""
    before = _prev_word(text, start, floor)
    after = _next_word(text, end, ceil)
    if before in lex.months or after in lex.months or after.rstrip(".") in lex.months:
        return "date"
    if before in _label_words().lists:
        return "label"
    if (
        before in lex.not_count_prefixes
        or after in lex.not_counts
        or _two_words_after(text, end, ceil) in lex.not_counts
    ):
        return "other"
    if (
        start >= floor + 2
        and text[start - 1] == "("
        and (text[start - 2].isalnum() or text[start - 2] == ")")
    ):
        return "label"  # a sub-paragraph: "Article 8(2)(b)"
    tail = text[end : min(ceil, end + 14)].lower()
    if re.match(r"[\s-]*(?:year|month|week|day|hour|minute)s?[\s-]*old", tail) or re.match(
        r"-(?:year|month|week|day|hour|minute|km|kilometre|kilometer|storey|story|floor)", tail
    ):
        return "other"
    num = text[start:end]
    if _YEARISH.match(num) and after not in lex.subject_nouns:
        return "other"
    if _AGE_LIST.search(text, max(floor, start - 24), start):
        return "other"  # "aged 8 and 11", "aged between 20 and 30"
    m = _DATE_RANGE_TAIL.match(text, end, min(ceil, end + 30))
    if m and m.group(1).lower().rstrip(".") in lex.months:
        return "date"
    return None


def _is_not_count(text: str, start: int, end: int, floor: int, ceil: int, lex: Lexicon) -> bool:
    """True when the number at [start, end) is a date, year, age, label, measurement or the like."""
    return _not_count_kind(text, start, end, floor, ceil, lex) is not None


def _two_words_after(text: str, pos: int, ceil: int) -> str:
    """The two words just after `pos` ("per cent"), lower-cased, or ''."""
    m = _TWO_WORDS.match(text, pos, min(ceil, pos + 30))
    return norm(f"{m.group(1)} {m.group(2)}") if m else ""


def _continues(text: str, chain: tuple[str, int], start: int, end: int, ceil: int, lex: Lexicon) -> bool:
    """True when the number at [start, end) goes on a list of labels or a range of days that ended at
    `chain[1]` ("resolutions 822, 853 and 884", "October 3-4") rather than starting a count of its own."""
    kind, last = chain
    gap = _LIST_GAP if kind == "label" else _DATE_GAP
    if not gap.fullmatch(text, last, start):
        return False
    after = _next_word(text, end, ceil)
    return not (
        after in lex.subject_nouns or after in lex.subject_modifiers or lex.country_of(after) is not None
    )


def _phone_spans(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Runs of digit groups that are telephone numbers: after a telephone word, written with a "+", three
    groups or more, or a short group and a long one ("555 1234")."""
    spans: list[tuple[int, int]] = []
    for m in _DIGIT_RUN.finditer(text, start, end):
        run = m.group(0)
        groups = re.findall(r"\d+", run)
        if _prev_word(text, m.start(), start) in _label_words().phones or (
            not _SPACED_THOUSANDS.fullmatch(run)  # "1 200 000" is one number, if oddly spaced
            and (
                run.startswith("+")
                or len(groups) >= 3
                or (" " in run and len(groups[-1]) >= 4 and sum(map(len, groups)) >= 7)
            )
        ):
            spans.append(m.span())
    return spans


def _scale_of(words: str, lex: Lexicon) -> int:
    """The multiplier of the scale word a number ends with ("three thousand": 1000), 1 if none."""
    last = norm(words).replace("-", " ").rsplit(" ", 1)[-1]
    return lex.scale_words.get(last) or lex.scale_abbreviations.get(last, 1)


def find_quantities(text: str, lex: Lexicon, start: int = 0, end: int | None = None) -> list[Quantity]:
    """Every amount in `text[start:end]` that may be a count, with its bound, in text order."""
    end = len(text) if end is None else end
    pats = _patterns(lex)
    atoms: list[tuple[int, int, int | None, bool, int]] = []  # start, end, value, is vague, scale multiplier
    phones = _phone_spans(text, start, end) if _DIGIT_RUN.search(text, start, end) else []
    chain: tuple[str, int] | None = None  # the list of labels or range of days the last number was on
    for m in pats.digits.finditer(text, start, end):
        value, _ = _atom_value(m, lex)
        s, e = m.span()
        if value is None or any(ps <= s < pe for ps, pe in phones):
            continue
        kind = _not_count_kind(text, s, e, start, end, lex)
        if kind is None and chain is not None and _continues(text, chain, s, e, end, lex):
            kind = chain[0]
        chain = (kind, e) if kind in ("label", "date") else None
        if kind is None:
            scale = m.group("scale") or m.group("abbr")
            atoms.append((s, e, value, False, _scale_of(scale, lex) if scale else 1))
    taken = [(a[0], a[1]) for a in atoms]
    for s, e, value, vague in _word_atoms(text, start, end, lex, pats):
        if (value is None and not vague) or any(ts <= s < te for ts, te in taken):
            continue
        if not vague and _is_not_count(text, s, e, start, end, lex):
            continue
        if vague and text[e : e + 3].lower() == " of" and text[s:e].lower() == "several":
            continue  # "several of the wounded" refers to a set already counted
        atoms.append((s, e, value, vague, 1 if vague else _scale_of(text[s:e], lex)))
    atoms.sort()

    found: list[Quantity] = []
    i = 0
    while i < len(atoms):
        s, e, value, vague, scale = atoms[i]
        low = high = value
        bound = Bound.VAGUE if vague else Bound.EXACT
        # ranges: "10-15", "10 to 15", "between 10 and 15", "two or three"
        if not vague and i + 1 < len(atoms):
            s2, e2, v2, vague2, scale2 = atoms[i + 1]
            sep = _RANGE_SEP.fullmatch(text, e, s2)
            if sep and not vague2 and v2 is not None and value is not None:
                # a scale word shared by both ends: "two to three thousand", "5-6 thousand"
                first = value * scale2 if scale == 1 and scale2 > 1 and value * scale2 < v2 else value
                word = sep.group(0).strip().lower()
                lead = _prev_word(text, s, start)
                if v2 > first and (word != "and" or lead == "between"):
                    value, low, high, bound, e = first, first, v2, Bound.RANGE, e2
                    i += 1
        qs = s
        lead_text = norm(text[max(start, s - 40) : s])
        if bound == Bound.RANGE and lead_text.endswith(("between", "from")):
            qs = s - (8 if lead_text.endswith("between") else 5)
        elif bound != Bound.VAGUE:
            for phrase, b in pats.bounds.get(lead_text[-1:], ()):
                if lead_text.endswith(phrase) and (
                    len(lead_text) == len(phrase) or not lead_text[-len(phrase) - 1].isalnum()
                ):
                    qs = _rfind_phrase(text, s, phrase)
                    if bound != Bound.RANGE or b != Bound.EXACT:
                        bound = b
                    break
            tail = norm(text[e : min(end, e + 12)])
            for phrase, b in pats.trailing.get(tail[:1], ()):
                if tail.startswith(phrase) and (len(tail) == len(phrase) or not tail[len(phrase)].isalnum()):
                    if bound == Bound.EXACT:
                        bound = b
                    e = _ffind_phrase(text, e, phrase)
                    break
        if bound == Bound.VAGUE:
            value, high = None, None
        elif bound == Bound.RANGE:
            value = low
        found.append(Quantity(qs, e, value, low, high, bound, text[qs:e], s))
        i += 1
    return found


def _rfind_phrase(text: str, pos: int, phrase: str) -> int:
    """Start of `phrase` (whitespace-insensitive) ending just before `pos`."""
    words = phrase.split()
    j = pos
    for _ in words:
        while j > 0 and text[j - 1].isspace():
            j -= 1
        while j > 0 and not text[j - 1].isspace():
            j -= 1
    return j


def _ffind_phrase(text: str, pos: int, phrase: str) -> int:
    """End of `phrase` starting just after `pos`."""
    j = pos
    for _ in phrase.split():
        while j < len(text) and text[j].isspace():
            j += 1
        while j < len(text) and not text[j].isspace() and text[j] not in ",.;:)":
            j += 1
    return j
