"""FollowTheMoney entities (JSON Lines, one entity a line) for OCCRP Aleph and the `ftm` tools.

Built with the `followthemoney` package (the `ftm` extra, imported when used) and validated by it:

- every speaker is a `Person` or an `Organization` (name, aliases, role, party as a keyword);
- every source document is a `Document` (title, publisher, dates, URL, text; its hashes in `description`);
- a speaker named in a document is a `Mention` (document, the name as written, resolved to the speaker);
- every claim is a `Documentation` linking its speaker to the document, with the neutral sentence in
  `summary`, the exact words and their span in `description`, the review status in `status` and the claim id
  in `recordId` (a claim with no speaker becomes a `Note` on the document).

Entity ids are `audiatur-<kind>-<ledger id>`, so the same ledger gives the same ids every time.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterator
from pathlib import PurePosixPath
from typing import TYPE_CHECKING, Any, TextIO, cast
from urllib.parse import urlparse

from audiatur.domain import Actor, ActorType, Claim, ClaimKind, Document, PartyKind, Polarity
from audiatur.errors import ConfigError
from audiatur.present.wording import attributed
from audiatur.store import ClaimFilter, Store

if TYPE_CHECKING:
    from followthemoney.proxy import EntityProxy

__all__ = ["ExportError", "actor_entity", "claim_entity", "document_entity", "iter_entities", "write_ftm"]

Progress = Callable[[int], None]


class ExportError(ConfigError):
    """An entity followthemoney does not accept (a bug in the mapping, named with the entity)."""


def _model() -> Any:
    try:
        from followthemoney import model  # an optional extra: imported when used
    except ImportError as exc:
        raise ConfigError(
            "the ftm export needs the followthemoney package: pip install 'audiatur[ftm]'"
        ) from exc
    return model


def _entity(schema: str, entity_id: str) -> EntityProxy:
    proxy: EntityProxy = _model().make_entity(schema)
    proxy.id = entity_id
    return proxy


def _put(proxy: EntityProxy, prop: str, value: str | None) -> None:
    """Set a property strictly: an unknown property, or a value its type refuses, raises."""
    if value is None or value == "":
        return
    prop_ = proxy.schema.get(prop)
    if prop_ is None:
        raise ExportError(f"{proxy.schema.name} {proxy.id}: no property {prop!r}")
    cleaned = prop_.type.clean(value, proxy=proxy)
    if cleaned is None:
        raise ExportError(f"{proxy.schema.name} {proxy.id}: {prop} refuses {str(value)[:60]!r}")
    proxy.add(prop, cleaned, cleaned=True)


def _checked(proxy: EntityProxy) -> dict[str, Any]:
    """The entity as JSON, after followthemoney's own validation (and its required properties present)."""
    data: dict[str, Any] = proxy.to_dict()
    missing = [p for p in proxy.schema.required if not proxy.get(p)]
    try:
        proxy.schema.validate(cast(Any, data))
    except Exception as exc:  # followthemoney.exc.InvalidData, with the errors by property
        raise ExportError(f"{proxy.schema.name} {proxy.id}: {exc}") from exc
    if missing or not proxy.id:
        raise ExportError(f"{proxy.schema.name} {proxy.id}: missing {', '.join(missing) or 'id'}")
    return data


def _web_url(value: str | None) -> str | None:
    return value if value and urlparse(value).scheme in ("http", "https") else None


def actor_id(actor: Actor) -> str:
    """The entity id of a speaker."""
    return f"audiatur-actor-{actor.id}"


def document_id(document_id: str) -> str:
    """The entity id of a source document."""
    return f"audiatur-document-{document_id}"


def actor_entity(actor: Actor) -> EntityProxy:
    """A speaker as a Person or an Organization."""
    person = actor.type is ActorType.PERSON
    proxy = _entity("Person" if person else "Organization", actor_id(actor))
    _put(proxy, "name", actor.name)
    for alias in actor.aliases:
        if alias != actor.name:
            _put(proxy, "alias", alias)
    if person:
        _put(proxy, "position", actor.role)
    _put(proxy, "summary", actor.affiliation if actor.affiliation != actor.name else None)
    if actor.party:
        _put(proxy, "keywords", f"party: {actor.party}")
    return proxy


def document_entity(document: Document) -> EntityProxy:
    """A source document, with its text and both hashes."""
    proxy = _entity("Document", document_id(document.id))
    url = _web_url(document.url) or _web_url(document.source)
    name = PurePosixPath(urlparse(url).path).name if url else PurePosixPath(document.source).name
    _put(proxy, "fileName", name or f"{document.id}.txt")
    _put(proxy, "title", document.title)
    _put(proxy, "author", document.author)
    _put(proxy, "publisher", document.publisher)
    _put(proxy, "publishedAt", document.published.isoformat() if document.published else None)
    _put(proxy, "retrievedAt", document.retrieved_at.date().isoformat())
    _put(proxy, "sourceUrl", url)
    _put(proxy, "mimeType", document.media_type)
    if document.language and _model().get("Document").get("language").type.clean(document.language):
        _put(proxy, "language", document.language)
    _put(
        proxy,
        "description",
        f"SHA-256 of the text: {document.id}; SHA-256 of the bytes as received: {document.raw_sha256}",
    )
    _put(proxy, "bodyText", document.text)
    return proxy


def mention_entity(document: Document, actor: Actor, mention: str | None) -> EntityProxy:
    """A speaker named in a document, as written there."""
    name = mention or actor.name
    key = hashlib.sha1(f"{document.id}\x1f{actor.id}\x1f{name}".encode()).hexdigest()
    proxy = _entity("Mention", f"audiatur-mention-{key}")
    _put(proxy, "document", document_id(document.id))
    _put(proxy, "name", name)
    _put(proxy, "resolved", actor_id(actor))
    _put(proxy, "detectedSchema", "Person" if actor.type is ActorType.PERSON else "Organization")
    return proxy


def _role(claim: Claim, independent: bool) -> str:
    if claim.kind is ClaimKind.EVENT and claim.event is not None and claim.event.polarity is Polarity.DENIED:
        return "denies"
    return {ClaimKind.DEMAND: "calls on", ClaimKind.CHARACTERIZATION: "describes"}.get(
        claim.kind, "reports" if independent else "says"
    )


def claim_entity(claim: Claim, document: Document, *, independent: bool = False) -> EntityProxy:
    """A claim: a Documentation from its speaker to its document (a Note on the document without one)."""
    proxy = _entity("Documentation" if claim.speaker else "Note", f"audiatur-claim-{claim.id}")
    if claim.speaker is not None:
        _put(proxy, "entity", actor_id(claim.speaker))
        _put(proxy, "document", document_id(document.id))
        _put(proxy, "role", _role(claim, independent))
        _put(proxy, "status", str(claim.status))
        _put(proxy, "recordId", claim.id)
        _put(proxy, "date", document.published.isoformat() if document.published else None)
    else:
        _put(proxy, "proof", document_id(document.id))
        _put(proxy, "name", f"{claim.kind} claim {claim.id[:12]}")
    _put(proxy, "summary", attributed(claim, independent=independent))
    ev = claim.evidence
    _put(proxy, "description", f"“{ev.text}” (characters {ev.start}–{ev.end} of the document's text)")
    _put(proxy, "publisher", document.publisher)
    _put(proxy, "sourceUrl", _web_url(document.url) or _web_url(document.source))
    return proxy


def iter_entities(store: Store, filter: ClaimFilter | None = None) -> Iterator[dict[str, Any]]:
    """Every entity, validated: speakers and documents before the mentions and claims that point at them."""
    independent = {p.name for p in store.list_parties() if p.kind is PartyKind.INDEPENDENT}
    actors: set[str] = set()
    documents: set[str] = set()
    mentions: set[str] = set()
    for claim, document in store.iter_export(filter) if filter is not None else store.iter_export():
        if document.id not in documents:
            documents.add(document.id)
            yield _checked(document_entity(document))
        speaker = claim.speaker
        if speaker is not None:
            if speaker.id not in actors:
                actors.add(speaker.id)
                yield _checked(actor_entity(speaker))
            mention = mention_entity(document, speaker, claim.mention)
            if mention.id not in mentions:
                mentions.add(str(mention.id))
                yield _checked(mention)
        yield _checked(
            claim_entity(claim, document, independent=bool(speaker and speaker.party in independent))
        )


def write_ftm(
    store: Store, out: TextIO, filter: ClaimFilter | None = None, *, progress: Progress | None = None
) -> int:
    """Write the entities as JSON Lines (what `ftm` and `alephclient write-entities` read); returns how many
    claims were written."""
    _model()  # fail before writing anything when the extra is missing
    claims = 0
    for entity in iter_entities(store, filter):
        out.write(json.dumps(entity, ensure_ascii=False, sort_keys=True))
        out.write("\n")
        if entity["id"].startswith("audiatur-claim-"):
            claims += 1
            if progress is not None:
                progress(claims)
    return claims
