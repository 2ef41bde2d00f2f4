"""The print queue with real ESC/POS bytes over a real socket: receipts print after the commit, a
printer failure never loses or repeats a payment, the receipt waits in the queue and prints on retry."""

from __future__ import annotations

import json
import sqlite3
from decimal import Decimal
from pathlib import Path

import pytest

from app import Branch
from app.payments import PaymentRequest
from app.receipts import PrinterError
from tests.core.conftest import PASSWORD, Desk, run_cli
from tests.support.escpos_decoder import decode
from tests.support.printer_server import PrinterServer, closed_port


def pay(desk: Desk, amount: str = "150.00", method: str = "cash", **kw: object) -> object:
    req = PaymentRequest(desk.account_no, Decimal(amount), method, **kw)  # type: ignore[arg-type]
    return desk.branch.payments.take(req, desk.cashier, queue_receipt=True)


def payments_in_db(desk: Desk) -> int:
    con = sqlite3.connect(desk.path)
    try:
        return int(con.execute("SELECT count(*) FROM payments").fetchone()[0])
    finally:
        con.close()


def test_a_cash_receipt_prints_what_was_paid(desk: Desk) -> None:
    r = pay(desk, "150.00", tendered=Decimal("200.00"))
    assert [j.receipt_no for j in desk.branch.printing.waiting()] == [r.receipt_no]  # queued with the commit
    with PrinterServer() as server:
        job = desk.branch.printing.print_receipt(r.receipt_no, server.uri)
        (data,) = server.wait_for_jobs(1)
    assert job.status == "printed" and desk.branch.printing.waiting() == []
    decoded = decode(data)
    text = decoded.text
    assert data.startswith(b"\x1b@")
    assert r.receipt_no in text and "Quispe Muñoz" in text and "****8912" in text
    assert "S/ 150.00" in text and "S/ 200.00" in text and "S/ 50.00" in text  # paid, tendered, change
    assert f"S/ {r.balance_after:,}" in text
    assert decoded.qr_payloads == [f"ABONO1|{r.receipt_no}|1000000001|2026-12-04|PEN|150.00"]
    assert decoded.named("drawer") and decoded.named("cut")
    assert decoded.commands[-1].name == "cut"


def test_a_card_receipt_opens_no_drawer_and_shows_only_the_last_four(desk: Desk) -> None:
    r = pay(desk, "80.00", "card", card_brand="Visa", card_last4="4242", auth_code="ZX81QA")
    with PrinterServer() as server:
        desk.branch.printing.print_receipt(r.receipt_no, server.uri)
        decoded = decode(server.wait_for_jobs(1)[0])
    assert "****4242" in decoded.text and "ZX81QA" in decoded.text
    assert not decoded.named("drawer")


@pytest.mark.parametrize("failure", ["closed_port", "close_mid_job"])
def test_a_printer_failure_keeps_the_payment_once_and_the_receipt_waiting(desk: Desk, failure: str) -> None:
    r = pay(desk)
    if failure == "closed_port":
        with closed_port() as port, pytest.raises(PrinterError) as e:
            desk.branch.printing.print_receipt(r.receipt_no, f"tcp://127.0.0.1:{port}?timeout=2")
        assert e.value.kind == "refused"
    else:
        with PrinterServer("close_mid_job", close_after=16) as server, pytest.raises(PrinterError) as e:
            desk.branch.printing.print_receipt(r.receipt_no, server.uri + "?timeout=2")
        assert e.value.retryable
    (job,) = desk.branch.printing.waiting()
    assert job.status == "failed" and job.attempts == 1 and job.last_error == e.value.message("es")
    assert payments_in_db(desk) == 1
    with PrinterServer() as server:
        printed = desk.branch.printing.print_waiting(server.uri)
        (data,) = server.wait_for_jobs(1)
    assert [j.receipt_no for j in printed] == [r.receipt_no]
    assert r.receipt_no in decode(data).text and "COPIA" not in decode(data).text
    assert desk.branch.printing.waiting() == [] and payments_in_db(desk) == 1


def test_no_printer_configured_is_a_clear_error_and_the_receipt_waits(desk: Desk) -> None:
    r = pay(desk)
    with pytest.raises(PrinterError) as e:
        desk.branch.printing.print_receipt(r.receipt_no)
    assert e.value.kind == "not_configured" and "impresora" in e.value.message("es")
    assert [j.receipt_no for j in desk.branch.printing.waiting()] == [r.receipt_no]


def test_a_reprint_says_copy_is_audited_and_opens_no_drawer(desk: Desk) -> None:
    r = pay(desk)
    with PrinterServer() as server:
        desk.branch.printing.print_receipt(r.receipt_no, server.uri)
        desk.clock.advance(hours=2)
        job = desk.branch.printing.reprint(r.receipt_no, desk.cashier, server.uri)
        original, copy = server.wait_for_jobs(2)
    assert job.copy
    text = decode(copy).text
    assert "COPIA" in text and "12:00" in text and r.receipt_no in text  # reprinted at 12:00 Lima
    assert not decode(copy).named("drawer") and decode(original).named("drawer")
    assert desk.branch.audit.recent(1)[0].action == "reprint"


def test_void_slip(desk: Desk) -> None:
    r = pay(desk)
    desk.branch.payments.void(
        r.receipt_no, "billete falso", desk.manager, requested_by=desk.cashier, queue_slip=True
    )
    with PrinterServer() as server:
        desk.branch.printing.print_waiting(server.uri)
        receipt, slip = server.wait_for_jobs(2)
    assert r.receipt_no in decode(receipt).text and "ANULACIÓN" not in decode(receipt).text
    text = decode(slip).text
    assert "ANULACIÓN" in text and "billete falso" in text and "gerente" in text and r.receipt_no in text


@pytest.mark.parametrize("width", [32, 42, 48])
def test_text_rendering_fits_the_paper(desk: Desk, width: int) -> None:
    r = pay(desk)
    text = desk.branch.printing.receipt_text(r.receipt_no, width=width)
    assert r.receipt_no in text
    assert max(len(line) for line in text.splitlines()) <= width


def test_pdf_copy(desk: Desk, tmp_path: Path) -> None:
    r = pay(desk)
    desk.branch.printing.receipt_pdf(r.receipt_no, tmp_path / "r.pdf")
    assert (tmp_path / "r.pdf").read_bytes().startswith(b"%PDF")


def test_test_page_prints_the_spanish_characters(desk: Desk) -> None:
    with PrinterServer() as server:
        desk.branch.printing.test_page(server.uri + "?width=32")
        text = decode(server.wait_for_jobs(1)[0]).text
    assert all(ch in text for ch in "ñÑáéíóúÁÉÍÓÚüÜ¿¡")
    assert "?" not in text  # nothing fell outside the code page
    assert max(len(line) for line in text.splitlines()) <= 32


def test_set_printer_is_for_managers_and_validated(desk: Desk) -> None:
    from app.errors import PermissionDenied

    with pytest.raises(PermissionDenied):
        desk.branch.printing.set_printer("tcp://127.0.0.1:9100", desk.cashier)
    with pytest.raises(PrinterError) as e:
        desk.branch.printing.set_printer("lpt://x", desk.manager)
    assert e.value.kind == "invalid_uri"
    desk.branch.printing.set_printer("tcp://127.0.0.1:9100?width=32", desk.manager)
    with Branch.open(desk.path, clock=desk.clock) as again:
        assert again.printing.printer_uri() == "tcp://127.0.0.1:9100?width=32"


def test_cli_pay_print_exit_3_then_retry(desk: Desk, tmp_path: Path) -> None:
    desk.branch.close()
    with closed_port() as port:
        r = run_cli(
            "pay",
            "1000000001",
            "50",
            "--method",
            "cash",
            "--user",
            "cajero",
            "--print",
            "--printer",
            f"tcp://127.0.0.1:{port}?timeout=2",
            "--json",
            db=desk.path,
            stdin=PASSWORD,
        )
    assert r.returncode == 3, r.stderr
    out = json.loads(r.stdout)
    assert out["printed"] is False and "rechazó" in out["print_error"]
    assert "Pago guardado con el recibo B012-01-000001" in r.stderr and "cola" in r.stderr
    listed = json.loads(run_cli("print-queue", "list", "--json", db=desk.path).stdout)
    assert [(j["receipt_no"], j["status"]) for j in listed] == [("B012-01-000001", "failed")]
    with PrinterServer() as server:
        again = run_cli("print-queue", "retry", "--printer", server.uri, db=desk.path)
        assert again.returncode == 0, again.stderr
        assert "B012-01-000001" in decode(server.wait_for_jobs(1)[0]).text
        twice = run_cli("receipt", "print", "B012-01-000001", "--printer", server.uri, db=desk.path)
        assert twice.returncode == 1 and "--copy" in twice.stderr
        copy = run_cli(
            "receipt",
            "print",
            "B012-01-000001",
            "--copy",
            "--user",
            "cajero",
            "--printer",
            server.uri,
            db=desk.path,
            stdin=PASSWORD,
        )
        assert copy.returncode == 0, copy.stderr
        assert "COPIA" in decode(server.wait_for_jobs(2)[1]).text
    con = sqlite3.connect(desk.path)
    assert con.execute("SELECT count(*) FROM payments").fetchone()[0] == 1
    show = run_cli("receipt", "show", "B012-01-000001", "--width", "32", db=desk.path)
    assert show.returncode == 0 and "B012-01-000001" in show.stdout
    pdf = run_cli("receipt", "pdf", "B012-01-000001", "--out", str(tmp_path / "x.pdf"), db=desk.path)
    assert pdf.returncode == 0 and (tmp_path / "x.pdf").read_bytes().startswith(b"%PDF")


def test_cli_printer_test_and_unknown_receipt(desk: Desk) -> None:
    desk.branch.close()
    with PrinterServer() as server:
        r = run_cli("printer", "test", "--printer", server.uri, db=desk.path)
        assert r.returncode == 0, r.stderr
        assert "ñ" in decode(server.wait_for_jobs(1)[0]).text
    with closed_port() as port:
        r = run_cli("printer", "test", "--printer", f"tcp://127.0.0.1:{port}", db=desk.path)
    assert r.returncode == 3 and "Traceback" not in r.stderr
    r = run_cli("receipt", "show", "B012-01-000099", db=desk.path)
    assert r.returncode == 1 and "No existe el recibo" in r.stderr


def test_an_old_database_is_migrated_and_keeps_its_settings(tmp_path: Path) -> None:
    """A branch created before the print queue existed (schema 0001) opens and gains the queue."""
    from alembic import command
    from alembic.config import Config

    from app.storage.engine import MIGRATIONS_DIR, head_revision, open_engine

    db = tmp_path / "old.db"
    engine = open_engine(db)  # head; rebuild it at 0001 to simulate an old file
    engine.dispose()
    db.unlink()
    for p in tmp_path.glob("old.db-*"):
        p.unlink()
    import sqlalchemy

    eng = sqlalchemy.create_engine(f"sqlite:///{db}")
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    with eng.begin() as conn:
        conn.exec_driver_sql("PRAGMA application_id = 1094864463")
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "0001")
        conn.exec_driver_sql(
            "INSERT INTO settings VALUES ('branch_code', '\"B001\"'), ('branch_name', '\"Uno\"')"
        )
    eng.dispose()
    with Branch.open(db) as b:
        assert b.settings.branch_code == "B001" and b.printing.waiting() == []
    con = sqlite3.connect(db)
    assert con.execute("SELECT version_num FROM alembic_version").fetchone()[0] == head_revision()
