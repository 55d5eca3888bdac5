"""aikg query, aikg serve: the saved questions (or your own SPARQL) asked here or over HTTP."""
from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from graph.cli.shell import con, err, fail, store_spec


def query(
    name: Annotated[str | None, typer.Argument(help="a saved question (aikg query --list), or - to read "
                                               "SPARQL from standard input")] = None,
    param: Annotated[list[str] | None, typer.Option("--param", "-p", help="NAME=VALUE (repeatable)")] = None,
    format: Annotated[str, typer.Option("--format", "-f", help="table, csv or json")] = "table",
    file: Annotated[Path | None, typer.Option("--file", help="run the SPARQL query in this file")] = None,
    list_: Annotated[bool, typer.Option("--list", help="list the saved questions")] = False,
    store: Annotated[str | None, typer.Option("--store", help="a folder (default .aikg/store) or "
                                              "sparql+http://HOST:PORT/PATH")] = None,
    timeout: Annotated[float, typer.Option("--timeout", min=0, help="seconds the query may run before it is "
                                           "stopped (it runs in a worker process); 0: no limit")] = 60.0,
) -> None:
    """Ask the graph a saved question (graph/queries/*.rq) or your own SPARQL.

    Example: aikg query partners --param org=中电海康 --format csv
    """
    from graph import queries as q
    from graph.store import StoreError, open_store

    if format not in ("table", "csv", "json"):
        fail(f"unknown --format {format!r}", "query prints table, csv or json", "use --format table|csv|json")
    if list_:
        saved = q.list_queries()
        if format == "json":
            sys.stdout.write(json.dumps([s.to_json() for s in saved], ensure_ascii=False, indent=2) + "\n")
            return
        t = Table(title=f"{len(saved)} saved questions")
        for c in ("name", "question", "parameters"):
            t.add_column(c, overflow="fold")
        for s in saved:
            t.add_row(s.name, f"{s.title_zh}\n{s.title_en}",
                      " ".join(f"{p.name}{'' if p.required else '?'}" for p in s.params))
        con.print(t)
        return
    if (name is None) == (file is None):
        fail("say what to run", "give a saved question name, - (standard input) or --file Q.rq, exactly one",
             "e.g. aikg query partners --param org=中电海康; aikg query --list shows the names")
    try:
        if file is not None:
            sq = q.read_query_file(file)
        elif name == "-":
            data = sys.stdin.buffer.read()
            try:
                sq = q.parse_query(data.decode("utf-8-sig"), "stdin")
            except UnicodeDecodeError as exc:
                raise q.ParamError("cannot read the query from standard input", f"it is not UTF-8 ({exc.reason} "
                                   f"at byte {exc.start})", "send the query as UTF-8 text") from exc
        else:
            sq = q.load_query(name or "")
        raw = q.parse_param_options(param or [])
        with open_store(store_spec(store), read_only=True) as st:
            if not timeout:
                result = q.run_saved(st, sq, raw)
        if timeout:           # the endpoint's mechanism: a worker process, killed at the deadline
            from graph.serve import query_in_worker

            request = ({"saved": sq.name, "params": raw} if file is None and name != "-"
                       else {"query": sq.text, "name": sq.name, "params": raw})
            result = query_in_worker(store_spec(store), request, timeout)
    except (q.ParamError, StoreError) as exc:
        fail(exc.what, exc.why, exc.fix)
    if format == "csv":
        sys.stdout.write(q.to_csv(result))
    elif format == "json":
        sys.stdout.write(q.to_json(result))
    elif result.kind == "graph":
        from graph.store.formats import serialize

        sys.stdout.write(serialize(result, "text/turtle").decode("utf-8"))
    else:
        names, rows = result.table()
        t = Table(title=f"{sq.name}: {len(rows)} rows")
        for c in names:
            t.add_column(c, overflow="fold")
        for row in rows:
            t.add_row(*(text if len(text := q.short(v)) <= 60 else text[:59] + "…" for v in row))
        con.print(t)
        if any(len(q.short(v)) > 60 for row in rows for v in row):
            err.print("long cells are cut in the table: --format csv or json gives them whole", highlight=False)


def serve(
    host: Annotated[str, typer.Option("--host", help="address to listen on (127.0.0.1: this machine only)")] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", min=0, max=65535, help="port to listen on (0: any free port)")] = 7878,
    store: Annotated[str | None, typer.Option("--store", help="a folder (default .aikg/store) or "
                                              "sparql+http://HOST:PORT/PATH")] = None,
    timeout: Annotated[float, typer.Option("--timeout", min=0.1, help="seconds a query may run before it is "
                                           "stopped")] = 10.0,
    max_rows: Annotated[int, typer.Option("--max-rows", min=1, help="most result rows returned")] = 10_000,
    workers: Annotated[int, typer.Option("--workers", min=1, max=64, help="queries run at the same time")] = 2,
) -> None:
    """Serve the graph read-only: SPARQL 1.1 Protocol at /sparql and a query page at /.

    Example: aikg serve --port 7878   (then open http://127.0.0.1:7878/)
    """
    from graph.serve import WorkerError, make_server

    try:
        server = make_server(store_spec(store), host, port, timeout=timeout, max_rows=max_rows, workers=workers)
    except WorkerError as exc:
        fail("cannot serve the store", str(exc), "build it first (aikg build) or check --store")
    except OSError as exc:
        import socket

        if isinstance(exc, socket.gaierror):
            fail(f"cannot listen on {host}:{port}", f"{host!r} is not an address of this machine ({exc.strerror})",
                 "pass --host 127.0.0.1 (this machine only) or one of its addresses")
        fail(f"cannot listen on {host}:{port}", exc.strerror or str(exc), "pick another --port or stop the other server")
    h, p = server.host_port
    con.print(f"serving {store_spec(store)} at http://{h}:{p}/ (SPARQL: http://{h}:{p}/sparql); "
                    "Ctrl+C stops", highlight=False)
    def _stop(signum: int, frame: object) -> None:
        raise KeyboardInterrupt

    import signal

    signal.signal(signal.SIGTERM, _stop)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
