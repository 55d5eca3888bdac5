"""Properties (hypothesis): any text extracts without a crash, offsets slice the text to what they claim, and
facts → RDF → networkx → RDF loses nothing of the entities and facts."""
from __future__ import annotations

import random
import re

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rdflib import RDF, RDFS, SKOS, Dataset, Graph, URIRef
from rdflib.compare import graph_diff, isomorphic, to_isomorphic
from robustness_helpers import ROOT, small_document

from extract.facts import STATUSES, Document, DocumentMeta, Entity, Extraction, Fact, Provenance
from extract.pipeline import extract_document
from graph.network import to_networkx, to_rdf
from graph.rdf import to_dataset
from graph.rdf.iri import canonical_key, fact_iri, graph_iri, metric_iri
from ontology.namespace import AIKG, ENTITY_CLASSES
from ontology.namespace import PREDICATE_TERMS as PREDICATES

SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# Fragments of real documents (the bundled letter, generated reports), cut at punctuation: text the rules
# fire on, shuffled and mixed with arbitrary characters.
_SOURCES = [(ROOT / "corpus" / "wenzhou-2024-111-reply-letter.txt").read_text(encoding="utf-8"),
            *(small_document(i, random.Random(i)) for i in range(5))]
FRAGMENTS = sorted({f for t in _SOURCES for f in re.split(r"(?<=[。；，、\n])", t) if f.strip()})
ANY_CHAR = st.characters(exclude_categories=())                  # every code point, lone surrogates too
TEXTS = st.one_of(
    st.text(ANY_CHAR, max_size=200),
    st.lists(st.one_of(st.sampled_from(FRAGMENTS), st.text(ANY_CHAR, max_size=4)), max_size=14).map("".join),
)
METAS = st.sampled_from([DocumentMeta(), DocumentMeta(date="2024-06-27", issuer="温州市科学技术局")])


@SETTINGS
@given(text=TEXTS, meta=METAS)
def test_properties_any_text_extracts_and_offsets_slice_the_text(text: str, meta: DocumentMeta) -> None:
    ex = extract_document(Document("任意.txt", text, meta))
    clean = ex.document.text
    assert len(clean) == len(text)                                 # lone surrogates → U+FFFD, one for one
    clean.encode("utf-8")
    for e in ex.entities:
        for m in e.mentions:
            assert 0 <= m.start < m.end <= len(clean)
            assert clean[m.start:m.end] == m.surface and m.surface.strip()
    iris: dict[URIRef, Fact] = {}
    for f in ex.facts:
        p = f.provenance
        assert 0 <= p.start < p.end <= len(clean)
        assert clean[p.start:p.end] == p.sentence and p.sentence.strip()
        iri = fact_iri(ex.document.id, f.subject, f.predicate, f.object, p.start)
        assert iris.setdefault(iri, f) == f, "two facts share an IRI: one would be lost in RDF"
    metrics: dict[URIRef, object] = {}
    for m in ex.metrics:                       # a metric's offsets mark its quantity inside the evidence
        p = m.provenance
        quantity = clean[p.start:p.end]
        assert quantity.strip() and quantity in p.sentence
        assert any(s.start() <= p.start and p.end <= s.start() + len(p.sentence)
                   for s in re.finditer(re.escape(p.sentence), clean))
        iri = metric_iri(ex.document.id, m.subject, m.measure, p.start)
        assert metrics.setdefault(iri, m) == m, "two metrics share an IRI: one would be lost in RDF"


# ---- facts → RDF → networkx → RDF ----------------------------------------------------------------------

NAME_CHARS = st.characters(exclude_categories=("Cs",))     # lone surrogates cannot reach RDF (see above)
NAMES = st.one_of(st.sampled_from(["温州市", "中国（温州）数安港", "中电海康", "<script>alert(1)</script>公司",
                                   '"引号"研究院', "=HYPERLINK(1)", "\u202e反向平台", "第一行\n第二行"]),
                  st.text(NAME_CHARS, min_size=1, max_size=12))
DOC_IDS = st.sampled_from(["a.txt", "温州 答复函.docx", "b%20c.pdf", "d/e.html"])


@st.composite
def extraction_sets(draw: st.DrawFn) -> list[Extraction]:
    """1–3 documents over one set of entities (a name keeps its type and aliases in every document, as
    after identity resolution), with facts between them and provenance."""
    names = draw(st.lists(NAMES, min_size=2, max_size=8, unique_by=canonical_key).filter(
        lambda ns: all(canonical_key(n) for n in ns)))
    kinds = {n: draw(st.sampled_from(ENTITY_CLASSES)) for n in names}
    aliases = {n: tuple(draw(st.lists(st.text(NAME_CHARS, min_size=1, max_size=6), max_size=2, unique=True)))
               for n in names}
    out = []
    for doc_id in draw(st.lists(DOC_IDS, min_size=1, max_size=3, unique=True)):
        members = draw(st.lists(st.sampled_from(names), min_size=2, max_size=len(names), unique=True))
        facts, keys = [], set()
        for _ in range(draw(st.integers(0, 6))):
            s, o = draw(st.sampled_from(members)), draw(st.sampled_from(members))
            evidence = draw(st.text(NAME_CHARS, max_size=30))
            start = draw(st.integers(0, 5000))
            predicate = draw(st.sampled_from(PREDICATES))
            key = (canonical_key(s), predicate, canonical_key(o), start)
            if key in keys:
                continue                            # the same fact IRI: the same fact
            keys.add(key)
            facts.append(Fact(s, predicate, o, draw(st.sampled_from(STATUSES)),
                              draw(st.sampled_from([None, "2024", "2024-03", "2025-06-30"])),
                              Provenance(doc_id, start, start + len(evidence), evidence,
                                         draw(st.sampled_from(["rel:signed:签订", "test.rule"])),
                                         draw(st.sampled_from([1.0, 0.8, 0.55])))))
        entities = tuple(Entity(n, kinds[n], aliases[n]) for n in members)
        out.append(Extraction(Document(doc_id, "…"), entities, tuple(facts), ()))
    return out


_ENTITY_PROPS = {RDF.type, RDFS.label, SKOS.prefLabel, SKOS.altLabel}
_RELATIONS = {AIKG[p] for p in PREDICATES}


def entity_fact_part(ds: Dataset, graph: URIRef) -> Graph:
    """What networkx keeps of one named graph: entity descriptions, direct relations, fact records."""
    g = ds.graph(graph)
    classes = {AIKG[c] for c in ENTITY_CLASSES}
    entities = {s for s, o in g.subject_objects(RDF.type) if o in classes}
    facts = set(g.subjects(RDF.type, AIKG.Fact))
    out = Graph()
    for s, p, o in g:
        if (s in entities and p in _ENTITY_PROPS) or s in facts or p in _RELATIONS:
            out.add((s, p, o))
    return out


@SETTINGS
@given(exs=extraction_sets())
def test_properties_rdf_networkx_rdf_round_trip_loses_nothing(exs: list[Extraction]) -> None:
    ds = to_dataset(exs)
    g = to_networkx(ds)
    assert g.number_of_edges() == sum(len(ex.facts) for ex in exs)        # facts lost: 0
    back = to_rdf(g)
    for ex in exs:
        name = graph_iri(ex.document.id)
        want, got = entity_fact_part(ds, name), Graph()
        for triple in back.graph(name):
            got.add(triple)
        if not isomorphic(got, want):
            _, only_got, only_want = graph_diff(to_isomorphic(got), to_isomorphic(want))
            raise AssertionError(f"{ex.document.id}: only after the round trip:\n{only_got.serialize(format='nt')}"
                                 f"\nonly before:\n{only_want.serialize(format='nt')}")
    assert {str(c.identifier) for c in back.graphs() if len(c)} <= {str(graph_iri(ex.document.id)) for ex in exs}


def test_properties_round_trip_of_the_sample_documents(extractions: list[Extraction]) -> None:
    """The hand-written sample (two documents, aliases, metrics, mentions) keeps every entity and fact."""
    ds = to_dataset(extractions)
    back = to_rdf(to_networkx(ds))
    for ex in extractions:
        name = graph_iri(ex.document.id)
        got = Graph()
        for triple in back.graph(name):
            got.add(triple)
        want = entity_fact_part(ds, name)
        # the sample gives an alias in one document only: networkx merges aliases across documents
        assert isomorphic(_without_aliases(got), _without_aliases(want))
    assert len(list(back.quads((None, RDF.type, AIKG.Fact, None)))) == sum(len(ex.facts) for ex in extractions)



def _without_aliases(g: Graph) -> Graph:
    out = Graph()
    for t in g:
        if t[1] != SKOS.altLabel:
            out.add(t)
    return out
