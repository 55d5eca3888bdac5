"""The endpoint's query page (``page.html``, offline) and the list of saved questions it loads.

>>> b"<html" in page().lower() and any(q["name"] == "partners" for q in json.loads(saved_questions()))
True
"""
from __future__ import annotations

import json
from importlib import resources

from graph.queries import list_queries

__all__ = ["page", "saved_questions"]


def page() -> bytes:
    """The query page: one HTML file with its script and style inline, nothing from a CDN."""
    return (resources.files("graph.serve") / "page.html").read_bytes()


def saved_questions() -> bytes:
    """The saved questions as the page lists them (``/queries``): JSON, one object a question."""
    return json.dumps([q.to_json() for q in list_queries()], ensure_ascii=False).encode("utf-8")
