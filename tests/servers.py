"""SPARQL servers on 127.0.0.1 for the remote-store tests and the benchmarks: Oxigraph's and Virtuoso.

Virtuoso (Debian's ``virtuoso-opensource``, installed by ``scripts/system-deps.sh``) runs from a virtuoso.ini
written into a folder of its own: its SQL and HTTP ports are free ports bound to 127.0.0.1 (the stock file
listens on every interface), ``ResultSetMaxRows`` is raised from 10,000 (a silent cap) to ``MAX_ROWS``, and
the anonymous SPARQL user may update and write graphs through the Graph Store Protocol (``GRANTS``), which is
what a test server needs and a public one must not allow.
"""
from __future__ import annotations

import shutil
import socket
import subprocess
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass
from pathlib import Path

VIRTUOSO = "/usr/bin/virtuoso-t"
ISQL = "/usr/bin/isql-vt"
MAX_ROWS = 10_000_000
# the store spec of a Virtuoso server: queries and updates at /sparql, the Graph Store Protocol at
# /sparql-graph-crud (which names the graph with graph-uri)
VIRTUOSO_PARAMS = "query=/sparql&update=/sparql&gsp=/sparql-graph-crud&graph-param=graph-uri"
GRANTS = ('GRANT SPARQL_UPDATE TO "SPARQL"; GRANT EXECUTE ON DB.DBA.SPARQL_INSERT_DICT_CONTENT TO "SPARQL"; '
          "DB.DBA.RDF_DEFAULT_USER_PERMS_SET ('nobody', 7);")

_INI = """[Database]
DatabaseFile = {d}/virtuoso.db
ErrorLogFile = {d}/virtuoso.log
LockFile = {d}/virtuoso.lck
TransactionFile = {d}/virtuoso.trx
xa_persistent_file = {d}/virtuoso.pxa
ErrorLogLevel = 7
FileExtend = 200
MaxCheckpointRemap = 2000
Striping = 0
TempStorage = TempDatabase

[TempDatabase]
DatabaseFile = {d}/virtuoso-temp.db
TransactionFile = {d}/virtuoso-temp.trx
MaxCheckpointRemap = 2000
Striping = 0

[Parameters]
ServerPort = 127.0.0.1:{sql}
LiteMode = 0
DisableUnixSocket = 1
DisableTcpSocket = 0
MaxClientConnections = 20
CheckpointInterval = 60
O_DIRECT = 0
CaseMode = 2
MaxStaticCursorRows = 5000
AllowOSCalls = 0
DirsAllowed = ., {d}{extra_dirs}
ThreadCleanupInterval = 0
ThreadThreshold = 10
ResourcesCleanupInterval = 0
FreeTextBatchSize = 100000
SingleCPU = 0
PrefixResultNames = 0
RdfFreeTextRulesSize = 100
IndexTreeMaps = 64
MaxQueryMem = 2G
VectorSize = 1000
MaxVectorSize = 1000000
AdjustVectorSize = 0
ThreadsPerQuery = 2
AsyncQueueMaxThreads = 10
NumberOfBuffers = {buffers}
MaxDirtyBuffers = {dirty}

[HTTPServer]
ServerPort = 127.0.0.1:{http}
ServerRoot = {d}/vsp
MaxClientConnections = 20
DavRoot = DAV
EnabledDavVSP = 0
HTTPProxyEnabled = 0
TempASPXDir = 0
ServerThreads = 20
MaxKeepAlives = 10
KeepAliveTimeout = 10
HTTPThreadSize = 280000
HttpPrintWarningsInOutput = 0
Charset = UTF-8
EnabledGzipContent = 0

[Client]
SQL_PREFETCH_ROWS = 100
SQL_PREFETCH_BYTES = 16000
SQL_QUERY_TIMEOUT = 0
SQL_TXN_TIMEOUT = 0

[SPARQL]
ResultSetMaxRows = {max_rows}
MaxSortedTopRows = {max_rows}
MaxQueryCostEstimationTime = 0
MaxQueryExecutionTime = 0
MaxConstructTriples = {max_rows}
DefaultGraph =
"""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def virtuoso_missing() -> str | None:
    """Why Virtuoso cannot be started here, or None."""
    if not Path(VIRTUOSO).is_file() or not Path(ISQL).is_file():
        return (f"{VIRTUOSO} is absent: install Debian's virtuoso-opensource (scripts/system-deps.sh does, "
                "as root)")
    return None


@dataclass
class Server:
    """A running SPARQL server: its process, its ``--store`` spec and where it keeps its data."""

    proc: subprocess.Popen[bytes]
    spec: str
    folder: Path
    kind: str
    sql_port: int = 0

    def isql(self, statements: str, timeout: float = 3600) -> str:
        """Run SQL statements on Virtuoso as dba; their output (raises RuntimeError on an error)."""
        out = subprocess.run([ISQL, f"127.0.0.1:{self.sql_port}", "dba", "dba", f"exec={statements}"],
                             capture_output=True, text=True, timeout=timeout, check=False)
        if out.returncode != 0 or "*** Error" in out.stdout + out.stderr:
            raise RuntimeError(f"isql: {out.stdout[-500:]} {out.stderr[-500:]}")
        return out.stdout

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()


def _ask(url: str) -> bool:
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    req = urllib.request.Request(url, data=urllib.parse.urlencode({"query": "ASK {}"}).encode(), method="POST")
    try:
        with opener.open(req, timeout=5) as resp:
            return resp.status == 200
    except (urllib.error.URLError, OSError):
        return False


def start_virtuoso(folder: Path, *, buffers: int = 20_000, wait: float = 120.0,
                   dirs_allowed: tuple[Path, ...] = ()) -> Server:
    """Virtuoso on free 127.0.0.1 ports with its data in ``folder`` (``buffers`` of 8 kB: its page cache;
    ``dirs_allowed``: folders its bulk loader may read); raises RuntimeError when it does not start."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "vsp").mkdir(exist_ok=True)
    sql, http = free_port(), free_port()
    ini = folder / "virtuoso.ini"
    ini.write_text(_INI.format(d=folder, sql=sql, http=http, max_rows=MAX_ROWS, buffers=buffers,
                               dirty=buffers * 3 // 4, extra_dirs="".join(f", {p}" for p in dirs_allowed)),
                   encoding="utf-8")
    proc = subprocess.Popen([VIRTUOSO, "+foreground", "+configfile", str(ini)], cwd=folder,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{http}"
    server = Server(proc, f"sparql+{base}/?{VIRTUOSO_PARAMS}", folder, "virtuoso", sql_port=sql)
    deadline = time.monotonic() + wait
    while not _ask(f"{base}/sparql"):
        if proc.poll() is not None or time.monotonic() > deadline:
            server.stop()
            log = (folder / "virtuoso.log").read_text(errors="replace")[-800:] if (folder / "virtuoso.log").exists() else ""
            raise RuntimeError(f"Virtuoso did not start: {log}")
        time.sleep(0.2)
    out = subprocess.run([ISQL, f"127.0.0.1:{sql}", "dba", "dba", f"exec={GRANTS}"], capture_output=True,
                         text=True, timeout=60, check=False)
    if out.returncode != 0 or "Error" in out.stdout + out.stderr:
        server.stop()
        raise RuntimeError(f"Virtuoso refused the grants: {out.stdout[-500:]} {out.stderr[-500:]}")
    return server


def oxigraph_binary() -> str | None:
    import sys

    beside = Path(sys.executable).parent / "oxigraph"
    return str(beside) if beside.is_file() else shutil.which("oxigraph")


def start_oxigraph(folder: Path, *, wait: float = 10.0) -> Server:
    """Oxigraph's server on a free 127.0.0.1 port with its data in ``folder``."""
    binary = oxigraph_binary()
    if binary is None:
        raise RuntimeError("the Oxigraph server binary is missing (pip install oxigraph, the dev extra)")
    port = free_port()
    proc = subprocess.Popen([binary, "serve", "--location", str(folder), "--bind", f"127.0.0.1:{port}",
                             "--union-default-graph"], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    base = f"http://127.0.0.1:{port}"
    server = Server(proc, f"sparql+{base}", folder, "oxigraph")
    deadline = time.monotonic() + wait
    while not _ask(f"{base}/query"):
        if proc.poll() is not None or time.monotonic() > deadline:
            err = proc.stderr.read().decode()[-500:] if proc.stderr and proc.poll() is not None else ""
            server.stop()
            raise RuntimeError(f"the Oxigraph server did not start: {err}")
        time.sleep(0.05)
    return server


def clear(server_spec: str) -> None:
    """Drop every data graph of the server (Virtuoso keeps system graphs of its own: those stay)."""
    from graph.store import open_store

    with open_store(server_spec) as st:
        graphs = st.query("SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }").rows
        for (g,) in graphs:
            if g is not None and (g.value.startswith(("https://w3id.org/aikg/", "urn:aikg:", "urn:x:"))
                                  or "virtrdf" not in g.value and "openlinksw" not in g.value
                                  and not g.value.startswith("http://localhost")):
                st.update(f"DROP SILENT GRAPH <{g.value}>")
