"""Extraction throughput (chars/s) beside spaCy blank zh + jieba tokenisation and our segmenter, one run.

The corpus is scaled from the bundled letter and, when present, ../shared/corpus/dev: every document is
repeated until the corpus holds about ``TARGET`` characters, each copy a document of its own.
"""
from __future__ import annotations

import time
from pathlib import Path

from extract.facts import Document, DocumentMeta
from extract.pipeline import extract_document, extract_documents
from extract.segment import tokens

REPO = Path(__file__).resolve().parents[1]
DEV = REPO.parent / "shared" / "corpus" / "dev"
TARGET = 1_000_000


def corpus(target: int = TARGET) -> list[str]:
    paths = sorted((REPO / "corpus").glob("*.txt")) + (sorted(DEV.glob("*.txt")) if DEV.is_dir() else [])
    texts = [p.read_text(encoding="utf-8") for p in paths]
    out: list[str] = []
    n = 0
    while n < target:
        for t in texts:
            out.append(t)
            n += len(t)
    return out


def _rate(fn, texts: list[str]) -> float:  # type: ignore[no-untyped-def]
    n = sum(map(len, texts))
    t = time.perf_counter()
    for i, tx in enumerate(texts):
        fn(i, tx)
    return n / (time.perf_counter() - t)


def measure(texts: list[str]) -> dict[str, float]:
    import spacy

    jieba_nlp = spacy.blank("zh", config={"nlp": {"tokenizer": {"segmenter": "jieba"}}})
    jieba_nlp("预热")
    extract_document(Document("warm", texts[0], DocumentMeta()))
    return {
        "spacy_jieba": _rate(lambda i, t: jieba_nlp(t), texts),
        "segmenter": _rate(lambda i, t: tokens(t), texts),
        "extraction": _rate(lambda i, t: extract_document(Document(f"d{i}.txt", t, DocumentMeta())), texts),
        "extraction_2p": _corpus_rate(texts, 2),
    }


def _corpus_rate(texts: list[str], n_process: int) -> float:
    docs = [Document(f"d{i}.txt", t, DocumentMeta()) for i, t in enumerate(texts)]
    t0 = time.perf_counter()
    for _ in extract_documents(docs, n_process=n_process, batch_size=32):
        pass
    return sum(map(len, texts)) / (time.perf_counter() - t0)


def run() -> str:
    texts = corpus()
    r = measure(texts)
    ratio = r["extraction"] / r["spacy_jieba"]
    return "\n".join([
        "## Extraction throughput", "",
        f"Corpus: {len(texts)} documents, {sum(map(len, texts)):,} characters (bundled letter + dev documents "
        "repeated). One process, one run; ratios are what counts on a shared machine.", "",
        "| what | chars/s |", "|---|---|",
        f"| spaCy blank zh + jieba, tokenisation only | {r['spacy_jieba']:,.0f} |",
        f"| our segmenter alone (rjieba + splits) | {r['segmenter']:,.0f} |",
        f"| whole extraction (entities, relations, metrics), one process | {r['extraction']:,.0f} |",
        f"| whole extraction, `extract_documents(n_process=2)` | {r['extraction_2p']:,.0f} |", "",
        f"Whole extraction / spaCy+jieba tokenisation: **{ratio:.2f}×** in one process, "
        f"**{r['extraction_2p'] / r['spacy_jieba']:.2f}×** with two processes (the machine has 2 cores).", ""])


if __name__ == "__main__":
    print(run())
