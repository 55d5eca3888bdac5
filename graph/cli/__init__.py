"""The ``aikg`` command: a thin shell over library functions, one command a function, one module a family.

``extraction`` (extract, eval), ``building`` (build), ``outputs`` (view, export, report), ``checks``
(validate, changes), ``questions`` (query, serve); ``shell`` holds what they share (errors, consoles,
where the graph comes from). Only this package imports typer and rich.
"""
from __future__ import annotations

import sys

import typer

from graph.cli import building, checks, extraction, outputs, questions

__all__ = ["app", "main"]

app = typer.Typer(add_completion=False, no_args_is_help=True,
                  help="aikg: the knowledge graph of an AI-industry ecosystem from Chinese documents.")


@app.callback()
def _root() -> None:
    """aikg: documents → facts → RDF/networkx → store, queries, views, exports."""
    for stream in (sys.stdout, sys.stderr):      # a file name in GBK bytes must not kill a message about it
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(errors="backslashreplace")


# in the order `aikg --help` lists them
for _name, _command in (("extract", extraction.extract), ("view", outputs.view), ("eval", extraction.eval_),
                        ("validate", checks.validate), ("export", outputs.export), ("changes", checks.changes),
                        ("report", outputs.report), ("build", building.build), ("query", questions.query),
                        ("serve", questions.serve)):
    app.command(_name)(_command)


def main() -> None:
    app()


if __name__ == "__main__":
    main()
