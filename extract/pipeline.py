"""Document → Extraction: the public entry point of ``extract`` (a spaCy pipeline underneath)."""
from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Iterator, Sequence
from functools import lru_cache

import spacy
from spacy.language import Language

import extract.components.factories  # noqa: F401  (registers the factories)
from extract.components.names.scorer import model_in_use
from extract.components.state import DocState, state
from extract.components.tokenizer import RJiebaTokenizer
from extract.facts import Document, Entity, Extraction, Fact, Mention, Provenance
from extract.lac import lac
from extract.text import MAX_TEXT_CHARS, replace_lone_surrogates

PIPES = ("aikg_mentions", "aikg_resolve", "aikg_relations", "aikg_metrics")


@lru_cache(maxsize=1)
def nlp() -> Language:
    """``spacy.blank("zh")`` with the rjieba tokenizer and the aikg components."""
    lang = spacy.blank("zh")
    lang.max_length = MAX_TEXT_CHARS
    lang.tokenizer = RJiebaTokenizer(lang.vocab)
    for p in PIPES:
        lang.add_pipe(p)
    return lang


def _in_text(m: Mention, text: str) -> Mention:
    """The mention with its surface as the document's own text has it (resolution saw the normalised text)."""
    surface = text[m.start:m.end]
    return m if m.surface == surface else Mention(surface, m.start, m.end, m.type, m.key, m.rule)


def _to_extraction(document: Document, st: DocState) -> Extraction:
    text = document.text
    res = st.resolution
    ents = []
    for e in res.entities if res else ():
        ms = tuple(_in_text(m, text) for m in e.mentions)
        same = all(a is b for a, b in zip(ms, e.mentions))
        ents.append(e if same else Entity(e.name, e.type, e.aliases, ms, e.rule))
    facts = []
    for r in st.relations:
        prov = Provenance(document.id, r.start, r.end, text[r.start:r.end], r.rule)
        facts.append(Fact(r.subject, r.predicate, r.object, r.status, r.date, prov))
    return Extraction(document, tuple(ents), tuple(facts), tuple(st.metrics), res.place if res else None)


def extract_batch(documents: Sequence[Document]) -> list[Extraction]:
    """Extract several documents, running LAC over all of them at once (its batches fill better: about twice
    the throughput of one document a call); the same extractions as ``extract_document`` one by one."""
    docs = [_cleaned(d) for d in documents]
    words: list[list[tuple[str, str, int, int]] | None] = [None] * len(docs)
    if model_in_use() is not None and docs:
        words = list(lac().words([d.text for d in docs]))
    return [_to_extraction(d, analyse(d, w)) for d, w in zip(docs, words)]


def _cleaned(document: Document) -> Document:
    if len(document.text) > MAX_TEXT_CHARS:
        raise ValueError(f"{document.id}: the text has {len(document.text):,} characters; extraction takes at "
                         f"most {MAX_TEXT_CHARS:,}: split the document into parts (e.g. by chapter)")
    clean = replace_lone_surrogates(document.text)
    return dataclasses.replace(document, text=clean) if clean != document.text else document


def extract_document(document: Document) -> Extraction:
    """Extract entities, relations and metrics from one document.

    Raises ``ValueError`` for a text longer than ``MAX_TEXT_CHARS`` (``read_document`` refuses such
    files first). Lone surrogates become U+FFFD in the extraction's document (offsets unchanged).
    """
    document = _cleaned(document)
    return _to_extraction(document, analyse(document))


def analyse(document: Document, words: list[tuple[str, str, int, int]] | None = None) -> DocState:
    """The pipeline's working state of ``document`` after every component ran (what training reads);
    ``words``: LAC's words of its text, when they were made already."""
    lang = nlp()
    doc = lang.make_doc(document.text)
    state(doc).document = document
    state(doc).words = words
    for _, proc in lang.pipeline:
        doc = proc(doc)
    return state(doc)


def extract_documents(docs: Iterable[Document], n_process: int = 1, batch_size: int = 16) -> Iterator[Extraction]:
    """Extract many documents in order; ``n_process > 1`` spreads batches over worker processes."""
    if n_process <= 1:
        chunk: list[Document] = []
        for d in docs:
            chunk.append(d)
            if len(chunk) >= batch_size:
                yield from extract_batch(chunk)
                chunk = []
        yield from extract_batch(chunk)
        return
    import multiprocessing as mp
    from concurrent.futures import ProcessPoolExecutor

    nlp()  # build once before forking: the workers inherit it warm
    ctx = mp.get_context("fork") if "fork" in mp.get_all_start_methods() else None
    docs = list(docs)
    chunks = [docs[i:i + batch_size] for i in range(0, len(docs), batch_size)]
    with ProcessPoolExecutor(max_workers=n_process, mp_context=ctx) as pool:
        done = (ex for exs in pool.map(_extract_lean, chunks) for ex in exs)
        for d, ex in zip(docs, done):
            yield dataclasses.replace(ex, document=d)


def _extract_lean(docs: list[Document]) -> list[Extraction]:
    """In a worker: the extractions without the documents' texts (the parent has them; pickling them back is
    waste)."""
    return [dataclasses.replace(ex, document=dataclasses.replace(d, text=""))
            for d, ex in zip(docs, extract_batch(docs))]
