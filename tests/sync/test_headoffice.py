"""The head office itself: its schema, what it refuses to open, its command line (branches and their
tokens, CSV import, demo data, the report) and HTTPS with a certificate the branch verifies."""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from app.branch import Branch
from app.headoffice.errors import HeadOfficeError
from app.headoffice.models import HeadOfficeBase
from app.headoffice.server import build_server
from app.headoffice.store import VERSION_TABLE, normalize_url, open_store
from app.sync import SyncClient, SyncError
from tests.sync.conftest import FAST_RETRY, PASSWORD, free_port

ROOT = Path(__file__).resolve().parents[2]


def test_models_describe_the_migrated_schema(ho_db_url: str) -> None:
    store = open_store(ho_db_url)
    try:
        with store.engine.connect() as c:
            context = MigrationContext.configure(c, opts={"version_table": VERSION_TABLE})
            diff = [d for d in compare_metadata(context, HeadOfficeBase.metadata) if d[0] != "remove_table"]
        assert diff == []
        open_store(ho_db_url).close()  # opening again migrates nothing and refuses nothing
    finally:
        store.close()


def test_a_branch_database_is_never_taken_for_a_head_office(tmp_path: Path) -> None:
    Branch.create(tmp_path / "b.db", "B001", "Uno").close()
    before = (tmp_path / "b.db").read_bytes()
    with pytest.raises(HeadOfficeError) as e:
        open_store(str(tmp_path / "b.db"))
    assert e.value.code == "ho_db_not_headoffice" and "sucursal" in e.value.message("es")
    assert (tmp_path / "b.db").read_bytes() == before
    with pytest.raises(HeadOfficeError):
        normalize_url("mysql://x/y")
    assert normalize_url("postgresql://u@h/db") == "postgresql+psycopg://u@h/db"


def cli(*args: str, db: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "ABONO_LANG": "en", "PYTHONPATH": str(ROOT)}
    return subprocess.run(
        [sys.executable, str(ROOT / "main.py"), "headoffice", *args, "--db", db],
        input=stdin,
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )


def test_the_headoffice_command_line(tmp_path: Path) -> None:
    db = str(tmp_path / "ho.db")
    added = cli("branch", "add", "b012", "--name", "Sucursal Centro", "--json", db=db)
    assert added.returncode == 0, added.stderr
    token = json.loads(added.stdout)["token"]
    assert len(token) >= 40
    con = sqlite3.connect(db)
    assert token not in json.dumps(con.execute("SELECT * FROM branches").fetchall())  # only its hash is kept
    con.close()
    again = cli("branch", "add", "B012", "--name", "Otra", db=db)
    assert again.returncode == 1 and "already exists" in again.stderr and "Traceback" not in again.stderr
    assert cli("branch", "revoke", "B012", db=db).returncode == 0
    listed = json.loads(cli("branch", "list", "--json", db=db).stdout)
    assert listed[0]["branch_code"] == "B012" and listed[0]["revoked_at"]

    (tmp_path / "c.csv").write_text(
        "doc_type,doc_number,first_names,last_names,phone\nDNI,41000001,Julia,Chávez Rojas,987111222\n"
        "DNI,4100000X,Pedro,Mal,1\n",
        encoding="utf-8",
    )
    bad = cli("import", "customers", str(tmp_path / "c.csv"), db=db)
    assert bad.returncode == 1 and "line 3" in bad.stderr and "Nothing was imported" in bad.stderr
    (tmp_path / "c.csv").write_text(
        "doc_type,doc_number,first_names,last_names,phone\nDNI,41000001,Julia,Chávez Rojas,987111222\n",
        encoding="utf-8",
    )
    assert cli("import", "customers", str(tmp_path / "c.csv"), db=db).returncode == 0
    (tmp_path / "a.csv").write_text(
        "account_no,doc_type,doc_number,principal,term,monthly_rate_pct,opened_on\n"
        "3000000001,DNI,41000001,600.00,6,0,2020-01-10\n",
        encoding="utf-8",
    )
    imported = cli("import", "accounts", str(tmp_path / "a.csv"), "--json", db=db)
    assert json.loads(imported.stdout) == {"imported": 1, "kind": "accounts"}
    not_empty = cli("demo-data", "--customers", "10", db=db)
    assert not_empty.returncode == 1 and "empty" in not_empty.stderr

    demo = str(tmp_path / "demo.db")
    assert cli("demo-data", "--customers", "50", "--seed", "2", db=demo).returncode == 0
    report = json.loads(cli("report", "--date", "2026-01-31", "--json", db=demo).stdout)
    assert report["total"] == {
        "branch_code": "TOTAL",
        "payments": 0,
        "collected": "0.00",
        "voids": 0,
        "voided": "0.00",
        "net": "0.00",
        "by_method": [],
    }
    assert cli("report", "--date", "31/01/2026", db=demo).returncode == 1


def _openssl(*args: str, cwd: Path) -> None:
    subprocess.run(["openssl", *args], cwd=cwd, check=True, capture_output=True, timeout=60)


@pytest.fixture(scope="module")
def certificates(tmp_path_factory: pytest.TempPathFactory) -> Path:
    if shutil.which("openssl") is None:
        pytest.skip("openssl is not installed")
    d = tmp_path_factory.mktemp("tls")
    _openssl(
        "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "ca.key", "-out", "ca.pem", "-days", "2",
        "-subj", "/CN=Abono Test CA", "-addext", "basicConstraints=critical,CA:TRUE",
        "-addext", "keyUsage=critical,keyCertSign,cRLSign", cwd=d,
    )  # fmt: skip
    _openssl(
        "req",
        "-newkey",
        "rsa:2048",
        "-nodes",
        "-keyout",
        "server.key",
        "-out",
        "server.csr",
        "-subj",
        "/CN=127.0.0.1",
        cwd=d,
    )
    (d / "ext.cnf").write_text(
        "subjectAltName=IP:127.0.0.1\nbasicConstraints=CA:FALSE\nkeyUsage=digitalSignature,keyEncipherment\n"
        "extendedKeyUsage=serverAuth\n"
    )
    _openssl(
        "x509", "-req", "-in", "server.csr", "-CA", "ca.pem", "-CAkey", "ca.key", "-CAcreateserial",
        "-out", "server.pem", "-days", "2", "-extfile", "ext.cnf", cwd=d,
    )  # fmt: skip
    return d


def test_https_with_a_certificate_the_branch_verifies(certificates: Path, tmp_path: Path) -> None:
    import threading

    from app.headoffice.branches import add_branch

    store = open_store(str(tmp_path / "ho.db"))
    port = free_port()
    server = build_server(
        store,
        "127.0.0.1",
        port,
        tls_cert=str(certificates / "server.pem"),
        tls_key=str(certificates / "server.key"),
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    try:
        while not server.started:
            assert thread.is_alive()
            threading.Event().wait(0.02)
        _, token = add_branch(store, "B012", "Centro")
        with Branch.create(tmp_path / "b.db", "B012", "Centro") as branch:
            branch.users.add("cajero", PASSWORD, "cashier", "Carla")
            client = SyncClient(branch, retry=FAST_RETRY)
            with pytest.raises(SyncError) as e:  # the system's CAs do not know this certificate
                client.configure(f"https://127.0.0.1:{port}", token)
            assert e.value.code == "sync_tls" and not e.value.retryable
            client.configure(f"https://127.0.0.1:{port}", token, str(certificates / "ca.pem"))
            assert client.run_round().pending == 0
            client.configure(f"http://127.0.0.1:{port}", token, verify=False)  # plain HTTP to an HTTPS port
            with pytest.raises(SyncError):
                client.run_round()
    finally:
        server.should_exit = True
        thread.join(timeout=10)
        store.close()
    with pytest.raises(HeadOfficeError) as refused:
        build_server(store, tls_cert=str(certificates / "server.pem"))
    assert refused.value.code == "ho_tls_pair"
