"""Language identification (ISO 639-1) with py3langid, on a prefix of the text."""

from __future__ import annotations

import logging
from functools import cache
from typing import Annotated, Any

from py3langid.langid import MODEL_FILE, LanguageIdentifier
from pydantic import AfterValidator

__all__ = ["LanguageField", "detect_language"]

log = logging.getLogger(__name__)

# py3langid's cost is linear in its input, and language identification dominates a bulk load, so a
# short prefix is tried first and a longer one only when the short one leaves doubt. Either way the
# cost stays flat for book-length reports.
_QUICK_CHARS = 200
_QUICK_SURE = 0.95
_PREFIX_CHARS = 1000
_MIN_LETTERS = 12
# Below this probability the top language is a guess. Most sources in this field are English wire copy
# and English statements, so an uncertain call with English in the running is resolved to English
# ("English first"); otherwise we say nothing rather than guess.
_CONFIDENT = 0.5
_RUNNER_UP = 3


@cache
def _identifier() -> Any:
    # Loading the model takes about half a second: once per process, on first use.
    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


def detect_language(text: str) -> str | None:
    """The ISO 639-1 code of `text`'s language, or None when there is too little text to tell."""
    prefix = text[:_PREFIX_CHARS]
    if sum(map(str.isalpha, prefix)) < _MIN_LETTERS:
        return None
    identifier = _identifier()
    best, probability = identifier.classify(prefix[:_QUICK_CHARS])
    if probability < _QUICK_SURE and len(prefix) > _QUICK_CHARS:
        best, probability = identifier.classify(prefix)
    if probability < _CONFIDENT:
        leaders = [lang for lang, _ in identifier.rank(prefix)[:_RUNNER_UP]]
        return "en" if "en" in leaders else None
    return str(best) if len(best) == 2 else None


def _iso_639_1(value: str | None) -> str | None:
    if value is None:
        return None
    code = value.strip().lower()
    if not (len(code) == 2 and code.isascii() and code.isalpha()):
        raise ValueError(f"not an ISO 639-1 code: {value!r}")
    return code


# A `language` value in JSON input: a two-letter ISO 639-1 code, or null.
LanguageField = Annotated[str | None, AfterValidator(_iso_639_1)]
