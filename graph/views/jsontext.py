"""JSON text of the views: one deterministic encoder (orjson) for the pages and their twins.

``json_text(value, sort_keys=True)`` is the same text as ``json.dumps(value, ensure_ascii=False,
separators=(",", ":"), sort_keys=True)``, about ten times faster (only exponents are spelt shorter: ``1e-7``
for ``1e-07``). ``escape_json_text`` makes it safe inside an HTML ``<script>`` element.

>>> json_text({"b": 1, "a": ["温州"]}, sort_keys=True)
'{"a":["温州"],"b":1}'
>>> escape_json_text('{"name":"</script>"}')
'{"name":"\\\\u003c/script\\\\u003e"}'
"""
from __future__ import annotations

from typing import Any

import orjson

_JSON_ESCAPES = {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026", "\u2028": "\\u2028", "\u2029": "\\u2029"}
_EDGES = "\x00aikg:edges\x00"                                  # stands for a model's edges while encoding
_EDGES_JSON = orjson.dumps(_EDGES).decode("utf-8")


def escape_json_text(text: str) -> str:
    """Make JSON text safe inside an HTML ``<script>`` element (these characters occur only in strings)."""
    for ch, esc in _JSON_ESCAPES.items():
        if ch in text:            # a scan that finds nothing is 20 times faster than a replace() that does
            text = text.replace(ch, esc)
    return text


def json_text(value: Any, *, sort_keys: bool = False) -> str:
    """``value`` as compact JSON text, non-ASCII characters kept, keys sorted with ``sort_keys``."""
    return orjson.dumps(value, option=orjson.OPT_SORT_KEYS if sort_keys else 0).decode("utf-8")


def model_json(model: dict[str, Any]) -> str:
    """The JSON twin of a view: deterministic (keys sorted), UTF-8, compact (one line; the page holds the same
    text, escaped for HTML)."""
    return json_text(model, sort_keys=True) + "\n"


class ModelText:
    """The JSON twin of view models, ``model_json(model)``, each edge record
    encoded once however many models hold it (the ego views of one ``all_models`` call share their edge
    records, which stay unchanged while this encoder lives). The texts are joined once: they are large."""

    def __init__(self) -> None:
        self._edges: dict[int, tuple[dict[str, Any], str]] = {}   # id → (the record, kept alive; its text)

    def __call__(self, model: dict[str, Any]) -> str:
        edges = model.get("edges")
        if not isinstance(edges, list) or not edges:
            return model_json(model)
        parts = json_text({**model, "edges": _EDGES}, sort_keys=True).split(_EDGES_JSON)
        if len(parts) != 2:                     # the marker occurs in the data itself: encode as a whole
            return model_json(model)
        texts = []
        for e in edges:
            known = self._edges.get(id(e))
            if known is None or known[0] is not e:
                known = self._edges[id(e)] = (e, json_text(e, sort_keys=True))
            texts.append(known[1])
        texts[0] = parts[0] + "[" + texts[0]
        texts[-1] = texts[-1] + "]" + parts[1] + "\n"
        return ",".join(texts)
