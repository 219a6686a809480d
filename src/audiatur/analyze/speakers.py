"""Speakers that name no actor: "each side", "both sides", "countries", "activists".

Extraction keeps a speaker as the text gives it; the analysis only counts as an origin a speaker that designates
one actor. The words come from `data/lexicon/non_actors.yaml` (which also states the rules); nothing here
knows any party.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

import yaml
from pydantic import BaseModel, ConfigDict, ValidationError

from audiatur.domain import Actor
from audiatur.errors import DataFileError

__all__ = ["NonActors", "load_non_actors"]

_PACKAGED = "data/lexicon/non_actors.yaml"
_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?")


class _File(BaseModel):
    model_config = ConfigDict(extra="forbid")

    quantifiers: list[str]
    determiners: list[str] = []
    collectives: list[str]


@dataclass(frozen=True, slots=True)
class NonActors:
    """Tells speakers that designate one actor from those that designate none (or several at once)."""

    quantifiers: frozenset[str]
    determiners: frozenset[str]
    collectives: frozenset[str]

    def is_actor(self, speaker: Actor) -> bool:
        """Whether the speaker designates one actor the analysis can count as an origin."""
        name = speaker.name.strip()
        words = [w.casefold() for w in _WORD.findall(name)]
        if not words:
            return False
        generic = self.determiners | self.collectives
        if any(w in self.quantifiers for w in words) and all(
            w in generic or w in self.quantifiers for w in words
        ):
            return False
        if (speaker.party and speaker.party.strip()) or (speaker.affiliation and speaker.affiliation.strip()):
            return True
        if all(w in generic for w in words):
            return False
        # A name with cased letters and no capital is a common noun, not a name ("medics", "local doctors").
        return not (any(c.islower() for c in name) and not any(c.isupper() for c in name))


@lru_cache(maxsize=1)
def load_non_actors() -> NonActors:
    """The packaged word lists (a bad file raises `DataFileError` naming it and the key)."""
    text = (resources.files("audiatur") / _PACKAGED).read_text(encoding="utf-8")
    try:
        raw = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise DataFileError(_PACKAGED, None, f"invalid YAML: {str(exc).splitlines()[0]}") from exc
    try:
        data = _File.model_validate(raw)
    except ValidationError as exc:
        err = exc.errors()[0]
        raise DataFileError(_PACKAGED, ".".join(str(p) for p in err["loc"]), err["msg"]) from exc

    def words(items: list[str]) -> frozenset[str]:
        return frozenset(" ".join(str(i).casefold().split()) for i in items)

    return NonActors(
        quantifiers=words(data.quantifiers),
        determiners=words(data.determiners),
        collectives=words(data.collectives),
    )
