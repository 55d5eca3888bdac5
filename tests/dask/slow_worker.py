"""A Dask worker preload for the tests: every extraction on this worker sleeps first (``AIKG_TEST_DELAY``
seconds, default 0.4), so a test can act while a build is under way. Its results are the real extractor's."""
from __future__ import annotations

import os
import time
from typing import Any

from extract import pipeline

_real = pipeline.extract_document


def _slow(doc: Any) -> Any:
    time.sleep(float(os.environ.get("AIKG_TEST_DELAY", "0.4")))
    return _real(doc)


def dask_setup(worker: Any = None) -> None:
    pipeline.extract_document = _slow
