"""A spaCy tokenizer backed by rjieba (Rust jieba): the same words as jieba at tokenizer speed."""
from __future__ import annotations

from bisect import bisect_right

from spacy.tokens import Doc
from spacy.vocab import Vocab

from extract.segment import Memo, Tokens, tokenize
from extract.text import full_width_offsets, normalise


def _original_words(text: str, norm: str, toks: Tokens) -> list[str]:
    """The tokens' words as ``text`` has them (``toks`` segment its normalised form ``norm``).

    Normalising changes only full-width characters, one for one, so only the tokens holding one are cut
    out of ``text`` again (all of them, when such characters are many).
    """
    if norm == text:
        return toks.words
    changed = full_width_offsets(text)
    if 4 * len(changed) > len(toks):
        return [text[s:e] for s, e in zip(toks.starts, toks.ends)]
    words = toks.words.copy()
    for pos in changed:
        i = bisect_right(toks.ends, pos)  # the token that holds the character
        words[i] = text[toks.starts[i]:toks.ends[i]]
    return words


class RJiebaTokenizer:
    """Segment with rjieba over the normalised text; tokens keep the original characters and tags."""

    def __init__(self, vocab: Vocab) -> None:
        self.vocab = vocab
        # each word's id in the string store, remembered: a ``Doc`` made from ids skips hashing every word
        # (the store keeps the strings, so an id forgotten is cheap to find again)
        self._orth: Memo[int] = Memo(self._add, limit=1 << 20)

    def _add(self, word: str) -> int:
        return int(self.vocab.strings.add(word))

    def __call__(self, text: str) -> Doc:
        norm = normalise(text)
        toks = tokenize(norm)
        words = _original_words(text, norm, toks)
        ids = list(map(self._orth.__getitem__, words))
        # spaCy takes string-store ids for words as well as strings (its stubs list str only)
        doc = Doc(self.vocab, words=ids, spaces=[False] * len(toks))  # type: ignore[arg-type]
        # the components work on the normalised text and these tokens (tags included): keep them
        doc.user_data["aikg_norm"] = norm
        doc.user_data["aikg_tokens"] = toks
        return doc

    # spaCy serialisation hooks: nothing to save, the segmenter is rebuilt from package data
    def to_bytes(self, **_: object) -> bytes:
        return b""

    def from_bytes(self, _data: bytes, **_: object) -> RJiebaTokenizer:
        return self
