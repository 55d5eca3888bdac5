"""A spaCy tokenizer backed by rjieba (Rust jieba): the same words as jieba at tokenizer speed."""
from __future__ import annotations

from spacy.tokens import Doc
from spacy.vocab import Vocab

from extract.segment import tokens
from extract.text import normalise


class RJiebaTokenizer:
    """Segment with rjieba over the normalised text; tokens keep the original characters and tags."""

    def __init__(self, vocab: Vocab) -> None:
        self.vocab = vocab

    def __call__(self, text: str) -> Doc:
        norm = normalise(text)
        toks = tokens(norm)
        doc = Doc(self.vocab, words=[text[t.start:t.end] for t in toks], spaces=[False] * len(toks))
        # the components work on the normalised text and these tokens (tags included): keep them
        doc.user_data["aikg_norm"] = norm
        doc.user_data["aikg_tokens"] = toks
        return doc

    # spaCy serialisation hooks: nothing to save, the segmenter is rebuilt from package data
    def to_bytes(self, **_: object) -> bytes:
        return b""

    def from_bytes(self, _data: bytes, **_: object) -> RJiebaTokenizer:
        return self
