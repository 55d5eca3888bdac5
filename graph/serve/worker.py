"""The query worker process: requests on stdin (one JSON line each), answers on stdout (a header line, a body).

    python -m graph.serve.worker SPEC MAX_ROWS      # started by graph.serve.pool, not by hand

It opens the store read-only and reopens it when the store was rebuilt since (its files changed).
"""
from __future__ import annotations

import json
import logging
import os
import sys
from pathlib import Path

from graph.serve.answer import Answer, run_request
from graph.store import StoreError, is_remote, open_store

__all__ = ["worker_main"]

log = logging.getLogger(__name__)


def _store_signature(spec: str) -> tuple[tuple[str, int, int], ...]:
    p = Path(spec)
    if not p.is_dir():
        return ()
    return tuple(sorted((e.name, e.stat().st_size, e.stat().st_mtime_ns) for e in os.scandir(p)
                        if e.name.startswith(("CURRENT", "MANIFEST")) or e.name.endswith(".log")))


def worker_main(spec: str, max_rows: int) -> None:
    """Serve requests from stdin until it closes (one JSON line in, a header line and a body out)."""
    out = sys.stdout.buffer
    try:
        store = open_store(spec, read_only=True)
    except StoreError as exc:
        out.write(json.dumps({"ok": False, "error": str(exc)}).encode("utf-8") + b"\n")
        out.flush()
        return
    signature = () if is_remote(spec) else _store_signature(spec)
    out.write(b'{"ok": true}\n')
    out.flush()
    for line in sys.stdin.buffer:
        request = json.loads(line)
        if signature and (now := _store_signature(spec)) != signature:   # rebuilt since: reopen
            store.close()
            store, signature = open_store(spec, read_only=True), now
        try:
            a = run_request(store, request, max_rows)
        except Exception as exc:
            log.exception("query failed")
            a = Answer.text(500, f"the query failed: {type(exc).__name__}: {exc}")
        head = {"status": a.status, "mime": a.mime, "length": len(a.body), "headers": a.headers}
        if a.error:
            head["error"] = a.error
        out.write(json.dumps(head).encode("utf-8") + b"\n" + a.body)
        out.flush()


if __name__ == "__main__" and len(sys.argv) >= 3:
    worker_main(sys.argv[1], int(sys.argv[2]))
