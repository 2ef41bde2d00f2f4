"""``abono sync`` as a user runs it: set up with the token on standard input, a round, the status."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from tests.sync.conftest import HeadOffice, load_master_data

ROOT = Path(__file__).resolve().parents[2]


def abono(*args: str, db: Path, stdin: str = "") -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "ABONO_LANG": "en", "PYTHONPATH": str(ROOT)}
    env.pop("ABONO_PASSWORD", None)
    return subprocess.run(
        [sys.executable, str(ROOT / "main.py"), "--db", str(db), *args],
        input=stdin,
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )


def test_sync_from_the_command_line(headoffice: HeadOffice, tmp_path: Path) -> None:
    load_master_data(headoffice.store, tmp_path, accounts=2)
    token = headoffice.add_branch("B020")
    db = tmp_path / "b.db"
    assert abono("init", "--branch", "B020", "--name", "Norte", db=db).returncode == 0
    never = json.loads(abono("sync", "status", "--json", db=db).stdout)
    assert never["configured"] is False and never["pending"] == 0

    unset = abono("sync", db=db)
    assert unset.returncode == 1 and "abono sync --server URL --token TOKEN" in unset.stderr

    off_loopback = abono("sync", "--server", "http://central.example.pe", "--token", token, db=db)
    assert (
        off_loopback.returncode == 1 and "HTTP sin cifrar" in off_loopback.stderr
    )  # the branch speaks Spanish (es_PE)

    first = abono("sync", "--server", headoffice.url, "--token", "-", "--json", db=db, stdin=token + "\n")
    assert first.returncode == 0, first.stderr
    report = json.loads(first.stdout)
    assert (report["pulled_customers"], report["pulled_accounts"], report["pending"]) == (2, 2, 0)
    assert token not in first.stdout + first.stderr

    text = abono("sync", db=db)
    assert text.returncode == 0 and "pendientes 0" in text.stdout
    status = json.loads(abono("sync", "status", "--json", db=db).stdout)
    assert status["configured"] and status["last_success"] and status["last_error"] is None
    assert status["cursor"] == 4

    headoffice.stop()
    down = abono("sync", db=db)
    assert (
        down.returncode == 1
        and "No se pudo conectar con la oficina central" in down.stderr
        and "Traceback" not in down.stderr
    )
    shown = abono("sync", "status", db=db)
    assert "No se pudo conectar con la oficina central" in shown.stdout
