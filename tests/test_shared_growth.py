"""The suite holds as ``../shared`` grows: the tests that read it pass on a copy with two more documents.

The copy links every shared file and adds two documents of the genre written here, with gold, to
``corpus/dev`` and ``eval/gold``; the tests that read the shared folder then run on it (``AIKG_SHARED``).
"""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from shared_corpus import REPO, SHARED, needs_dev

# Two documents written for this test (not from any real source): a signing report and a reply letter.
NEW_DOCUMENTS = {
    "z01_fictional_signing_report.txt": (
        "星河市人工智能产业园签约仪式举行\n"
        "2025-05-20\n"
        "5月19日，星河市政府与浙江云途科技有限公司签署战略合作协议，双方将共建星河智算中心。"
        "星河市人工智能产业园已集聚星河数智科技有限公司、北辰机器人有限公司等32家企业，"
        "聚焦大模型、智能机器人等领域。\n"
    ),
    "z02_fictional_reply_letter.txt": (
        "星科提复〔2025〕7号\n\n关于加快人工智能产业发展的提案的答复\n\n李文委员：\n"
        "您提出的提案收悉。现答复如下：\n"
        "下一步，我局将与星河大学对接，谋划共建星河人工智能研究院，力争到2027年建成。\n"
        "                    2025年6月3日\n"
    ),
}


def _entity(name: str, typ: str, *aliases: str, tier: str = "core") -> dict[str, object]:
    return {"name": name, "type": typ, "aliases": list(aliases), "tier": tier, "in_text": [name]}


def _relation(s: str, p: str, o: str, status: str, date: str | None, evidence: str) -> dict[str, object]:
    return {"subject": s, "predicate": p, "object": o, "status": status, "date": date, "evidence": evidence,
            "tier": "core"}


NEW_GOLD = {
    "z01_fictional_signing_report.json": {
        "document": "z01_fictional_signing_report.txt", "document_date": "2025-05-20",
        "entities": [_entity("星河市政府", "GovernmentBody", "星河市"),
                     _entity("浙江云途科技有限公司", "Company"),
                     _entity("星河智算中心", "Platform"),
                     _entity("星河市人工智能产业园", "Platform"),
                     _entity("星河数智科技有限公司", "Company"),
                     _entity("北辰机器人有限公司", "Company")],
        "relations": [_relation("星河市政府", "signedAgreementWith", "浙江云途科技有限公司", "achieved",
                                "2025-05-19", "星河市政府与浙江云途科技有限公司签署战略合作协议"),
                      _relation("星河市人工智能产业园", "clusters", "星河数智科技有限公司", "achieved", None,
                                "星河市人工智能产业园已集聚星河数智科技有限公司"),
                      _relation("星河市人工智能产业园", "clusters", "北辰机器人有限公司", "achieved", None,
                                "星河市人工智能产业园已集聚北辰机器人有限公司")],
        "metrics": [{"subject": "星河市人工智能产业园", "measure": "companies", "value": 32, "unit": "count",
                     "status": "achieved", "date": None}],
        "tech_fields": ["大模型", "智能机器人"],
    },
    "z02_fictional_reply_letter.json": {
        "document": "z02_fictional_reply_letter.txt", "document_date": "2025-06-03",
        "entities": [_entity("星河市科学技术局", "GovernmentBody", "我局"),
                     _entity("星河大学", "ResearchInstitute"),
                     _entity("星河人工智能研究院", "ResearchInstitute"),
                     _entity("李文", "Person")],
        "relations": [_relation("星河市科学技术局", "plansCooperationWith", "星河大学", "planned", "2027",
                                "我局将与星河大学对接")],
        "metrics": [],
        "tech_fields": [],
    },
}

# the tests that read the shared folder (each asserts what holds for any corpus of the genre)
SHARED_TESTS = [
    "tests/test_ingest.py::test_ingest_reads_the_shared_corpus",
    "tests/test_metadata.py::test_metadata_of_the_shared_corpus",
    "tests/test_ontology.py::test_ontology_signatures_allow_every_core_gold_relation",
    "tests/analysis/test_analysis_compare.py::test_compare_dev_corpus_cities",
    *(f"tests/views/test_corpus_views.py::test_corpus_{name}" for name in (
        "build_conforms_and_every_network_view_sets_unconnected_nodes_apart",
        "documents_have_places_and_the_views_offer_them",
        "bridges_are_named_in_two_cities_by_the_builds_own_exports", "bridges_tables_give_the_views_numbers")),
    *(f"tests/test_notebooks.py::test_notebooks_execute[{nb}-{corpus}]"
      for nb in ("01_explore_ecosystem", "02_gap_analysis") for corpus in ("dev", "letter+dev")),
    "tests/test_notebooks.py::test_notebooks_execute[03_cities-letter+dev]",
]


def grown_copy(root: Path) -> Path:
    """``../shared`` as links, with the two new documents and their gold added; returns the copy's root."""
    for path in SHARED.rglob("*"):
        if path.is_file():
            target = root / path.relative_to(SHARED)
            target.parent.mkdir(parents=True, exist_ok=True)
            target.symlink_to(path)
    for name, text in NEW_DOCUMENTS.items():
        (root / "corpus" / "dev" / name).write_text(text, encoding="utf-8")
    for name, gold in NEW_GOLD.items():
        (root / "eval" / "gold" / name).write_text(json.dumps(gold, ensure_ascii=False, indent=1),
                                                    encoding="utf-8")
    return root


@pytest.mark.slow
@pytest.mark.timeout(1200)
@needs_dev
def test_shared_growth_the_shared_tests_pass_with_two_more_documents(tmp_path: Path) -> None:
    root = grown_copy(tmp_path / "shared")
    assert len(list((root / "corpus" / "dev").glob("*.txt"))) == len(list((SHARED / "corpus" / "dev").glob("*.txt"))) + 2
    env = {**os.environ, "AIKG_SHARED": str(root)}
    env.pop("PYTEST_XDIST_WORKER", None)
    run = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-p", "no:xdist",
                          "-W", "ignore::UserWarning", *SHARED_TESTS],
                         check=False, cwd=REPO, env=env, capture_output=True, text=True, timeout=600)
    assert run.returncode == 0, run.stdout[-4000:] + run.stderr[-2000:]
    assert " passed" in run.stdout and "skipped" not in run.stdout.splitlines()[-1], run.stdout[-2000:]
