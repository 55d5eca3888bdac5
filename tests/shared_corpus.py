"""Where the shared material lies: ``../shared`` beside the repo, or ``AIKG_SHARED`` (a copy with more documents).

``../shared`` grows every round. A test that reads it asserts what holds for any corpus of the genre (every
document reads, every date is ISO, every core gold relation fits the ontology), never the facts of today's
documents; it skips cleanly when the folder is absent.
"""
from __future__ import annotations

import os
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("AIKG_SHARED") or REPO.parent / "shared")
CORPUS = SHARED / "corpus"
DEV = CORPUS / "dev"
GOLD = SHARED / "eval" / "gold"
SEED_LETTER = "wenzhou-2024-111-reply-letter.txt"

needs_corpus = pytest.mark.skipif(not CORPUS.is_dir(), reason=f"{CORPUS} is absent")
needs_dev = pytest.mark.skipif(not DEV.is_dir(), reason=f"{DEV} is absent")
needs_gold = pytest.mark.skipif(not GOLD.is_dir(), reason=f"{GOLD} is absent")
