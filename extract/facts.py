"""The typed facts extraction produces: the contract between ``extract`` and ``graph``.

Every class is a frozen dataclass. ``Extraction.to_guide_json`` renders the prediction format of
``../shared/eval/GUIDE.md`` (what ``aikg extract --format json`` prints).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

SYMMETRIC_PREDICATES: frozenset[str] = frozenset({"signedAgreementWith", "innovationConsortiumWith"})
STATUSES: tuple[str, ...] = ("achieved", "planned")
UNITS: tuple[str, ...] = ("count", "CNY", "PFLOPS", "m2", "percent")


@dataclass(frozen=True)
class DocumentMeta:
    """What a document says about itself: 发文字号, date, issuing body, recipient, title."""

    doc_number: str | None = None
    date: str | None = None          # ISO: YYYY-MM-DD, YYYY-MM or YYYY
    issuer: str | None = None
    recipient: str | None = None
    title: str | None = None


@dataclass(frozen=True)
class Document:
    """A document as read from disk: an id (its file name), its text and metadata."""

    id: str
    text: str
    meta: DocumentMeta = field(default_factory=DocumentMeta)
    path: str | None = None
    source_format: str = "txt"
    encoding: str | None = None
    sha256: str | None = None


@dataclass(frozen=True)
class Provenance:
    """Where a fact comes from: document, character offsets into its text, sentence, rule."""

    document: str
    start: int
    end: int
    sentence: str
    rule: str
    confidence: float = 1.0


@dataclass(frozen=True)
class Mention:
    """One occurrence of an entity in the text; ``text[start:end] == surface``."""

    surface: str
    start: int
    end: int
    type: str
    key: str          # canonical key of the entity it refers to
    rule: str


@dataclass(frozen=True)
class Entity:
    """A resolved entity of one document: canonical name, type, aliases and its mentions."""

    name: str
    type: str
    aliases: tuple[str, ...] = ()
    mentions: tuple[Mention, ...] = ()
    rule: str = ""

    @property
    def key(self) -> str:
        return self.name


@dataclass(frozen=True)
class Fact:
    """A typed relation ``subject predicate object`` between two entity names."""

    subject: str
    predicate: str
    object: str
    status: str
    date: str | None
    provenance: Provenance


@dataclass(frozen=True)
class Metric:
    """A quantity describing the ecosystem, value in base units (see ``UNITS``)."""

    subject: str
    measure: str
    value: float
    unit: str
    status: str
    date: str | None
    provenance: Provenance


@dataclass(frozen=True)
class DocumentPlace:
    """The place a document is about — province, city, district as ``places.tsv`` names them — and where
    the text says so: the entity it was read from and the offsets of its first mention (-1 when the place
    comes from metadata only), with the rule that found it."""

    province: str | None = None
    city: str | None = None
    district: str | None = None
    source: str = ""
    start: int = -1
    end: int = -1
    rule: str = ""

    @property
    def name(self) -> str | None:
        """The most specific level named (杭州市临平区 → 临平区)."""
        return self.district or self.city or self.province


@dataclass(frozen=True)
class Extraction:
    """All that extraction found in one document."""

    document: Document
    entities: tuple[Entity, ...]
    facts: tuple[Fact, ...]
    metrics: tuple[Metric, ...]
    place: DocumentPlace | None = None

    def entity(self, name: str) -> Entity | None:
        return next((e for e in self.entities if e.name == name), None)

    def to_guide_json(self) -> dict[str, Any]:
        """The prediction format of GUIDE.md, deterministic order."""
        def num(v: float) -> int | float:
            return int(v) if float(v).is_integer() else v

        return {
            "document": self.document.id,
            "document_date": self.document.meta.date,
            "entities": [
                {"name": e.name, "type": e.type, "aliases": list(e.aliases)} for e in self.entities
            ],
            "relations": [
                {"subject": f.subject, "predicate": f.predicate, "object": f.object,
                 "status": f.status, "date": f.date, "evidence": f.provenance.sentence,
                 "offset": f.provenance.start, "rule": f.provenance.rule}
                for f in self.facts
            ],
            "metrics": [
                {"subject": m.subject, "measure": m.measure, "value": num(m.value), "unit": m.unit,
                 "status": m.status, "date": m.date, "evidence": m.provenance.sentence,
                 "offset": m.provenance.start, "rule": m.provenance.rule}
                for m in self.metrics
            ],
        }
