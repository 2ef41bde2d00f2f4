"""X and Z reports and the end-of-day report on a real branch: X changes nothing, Z once and numbered,
every line fits the paper, voids and reprints with who and why, an empty day, collected versus due."""

from __future__ import annotations

import hashlib
import json
import sqlite3
from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path

import pytest

from app.errors import PermissionDenied, Refused
from app.payments import PaymentRecord, PaymentRequest
from app.receipts import render_text
from app.reports import Reports, eod_json
from tests.core.conftest import PASSWORD, Desk, run_cli
from tests.core.test_reports_pdftext import pdf_text
from tests.support.escpos_decoder import decode
from tests.support.printer_server import PrinterServer, closed_port


def D(x: str) -> Decimal:
    return Decimal(x)


def pay(desk: Desk, amount: str, method: str = "cash", **kw: object) -> PaymentRecord:
    return desk.branch.payments.take(PaymentRequest(desk.account_no, D(amount), method, **kw), desk.cashier)


def snapshot(path: Path) -> str:
    con = sqlite3.connect(path)
    try:
        tables = [
            t for (t,) in con.execute("SELECT name FROM sqlite_master WHERE type='table' ORDER BY name")
        ]
        rows = [repr(con.execute(f'SELECT * FROM "{t}"').fetchall()) for t in tables]
        return hashlib.sha256("".join(rows).encode()).hexdigest()
    finally:
        con.close()


def busy_session(desk: Desk) -> None:
    """Cash and card payments, a voided cash payment and two cash moves in the open session."""
    pay(desk, "150.00", tendered=D("200.00"))
    pay(desk, "30.00", "card", card_brand="Visa", card_last4="1234", auth_code="123456")
    voided = pay(desk, "20.00", tendered=D("20.00"))
    desk.branch.payments.void(voided.receipt_no, "monto equivocado", desk.manager)
    desk.branch.drawer.move(D("50.00"), "cambio del banco", desk.manager)
    desk.branch.drawer.move(D("-40.00"), "retiro a bóveda", desk.manager)


# ---- X ----------------------------------------------------------------------------------------------
def test_x_report_changes_nothing_and_shows_the_expected_cash(desk: Desk) -> None:
    busy_session(desk)
    before = snapshot(desk.path)
    reports = Reports(desk.branch)
    x = reports.x_document()
    text = render_text(x, 42)
    assert snapshot(desk.path) == before
    assert "R E P O R T E   X" in text and "Caja abierta: sin cierre" in text
    assert "EFECTIVO ESPERADO                S/ 260.00" in text  # 100 + 170 - 20 + 50 - 40
    assert "Pagos en efectivo (2)            S/ 170.00" in text
    assert "Devuelto por anulaciones (1)     -S/ 20.00" in text
    assert "Ingreso: cambio del banco (gerente)" in text and "Retiro: retiro a bóveda (gerente)" in text
    out = run_cli("report", "x", "--json", db=desk.path)
    assert out.returncode == 0, out.stderr
    data = json.loads(out.stdout)
    assert data["kind"] == "X" and data["expected"] == "260.00" and data["status"] == "open"
    assert run_cli("report", "x", "--width", "32", db=desk.path).returncode == 0
    assert snapshot(desk.path) == before


@pytest.mark.parametrize("width", [32, 42, 48])
def test_x_and_z_fit_every_paper_width_in_both_languages(desk: Desk, width: int) -> None:
    busy_session(desk)
    drawer = desk.branch.drawer
    with pytest.raises(Refused):
        drawer.close({D("100"): 2}, desk.cashier)  # S/ 60.00 short: needs a manager and a note
    drawer.close(
        {D("100"): 2}, desk.cashier, approved_by=desk.manager, note="faltante repuesto por la cajera"
    )
    reports = Reports(desk.branch)
    z = reports.z_document(reports.issue_z(desk.manager))
    for document in (reports.x_document(), z):
        for language in ("es", "en"):
            lines = render_text(document, width, language).splitlines()
            assert all(len(line) <= width for line in lines), lines
    text = render_text(z, 48)
    assert "R E P O R T E   Z" in text and "N.º 000001" in text
    for expected in (
        "Emitido por: gerente",
        "Cerró: cajero",
        "Contado",
        "S/ 200.00",
        "-S/ 60.00",
        "Autorizado por: gerente",
        "Nota: faltante repuesto por la cajera",
        "S/ 20.00 x 5",
        "Tarjeta (1)",
        "Anulaciones: 1",
    ):
        assert expected in text, expected
    assert "Z   R E P O R T" in render_text(z, 48, "en") and "Over (+) / short (-)" in render_text(
        z, 48, "en"
    )


# ---- Z ----------------------------------------------------------------------------------------------
def test_z_once_numbered_and_its_copy_is_audited(desk: Desk) -> None:
    reports = Reports(desk.branch)
    pay(desk, "150.00")
    desk.branch.drawer.close({D("100"): 2, D("50"): 1}, desk.cashier)
    with pytest.raises(PermissionDenied):
        reports.issue_z(desk.cashier)
    assert reports.issue_z(desk.manager).z_no == 1
    with pytest.raises(Refused) as e:
        reports.issue_z(desk.manager)
    assert e.value.code == "z_nothing_to_issue"
    desk.branch.drawer.open({D("50"): 2}, desk.cashier)
    desk.branch.drawer.close({D("50"): 2}, desk.cashier)
    assert reports.issue_z(desk.manager).z_no == 2
    with pytest.raises(PermissionDenied):
        reports.z_copy(desk.cashier)
    copy = reports.z_copy(desk.manager)
    text = render_text(reports.z_document(copy), 42)
    assert copy.z_no == 2 and "*** COPIA ***" in text and "N.º 000002" in text and "Reimpreso:" in text
    audit = desk.branch.audit.recent(1)[0]
    assert (audit.action, audit.actor, audit.details) == ("z_copy", "gerente", {"z_no": 2})


def test_z_from_the_command_line(desk: Desk) -> None:
    pay(desk, "150.00")
    desk.branch.drawer.close({D("100"): 2, D("50"): 1}, desk.cashier)
    env = {"ABONO_PASSWORD": PASSWORD}
    refused = run_cli("report", "z", "--user", "cajero", db=desk.path, env=env)
    assert refused.returncode == 1 and refused.stderr.count("\n") == 1 and "Traceback" not in refused.stderr
    first = run_cli("report", "z", "--user", "gerente", "--json", db=desk.path, env=env)
    assert first.returncode == 0, first.stderr
    data = json.loads(first.stdout)
    assert data["z_no"] == 1 and data["summary"]["counted"] == "250.00" and data["copy"] is False
    before = snapshot(desk.path)
    second = run_cli("report", "z", "--user", "gerente", db=desk.path, env=env)
    assert second.returncode == 1 and "--copy" in second.stderr and snapshot(desk.path) == before
    copy = run_cli("report", "z", "--copy", "--user", "gerente", "--width", "32", db=desk.path, env=env)
    assert copy.returncode == 0 and "*** COPIA ***" in copy.stdout and "N.º 000001" in copy.stdout


# ---- printing ---------------------------------------------------------------------------------------
def test_x_and_z_print_on_the_receipt_printer_and_a_failure_exits_3(desk: Desk) -> None:
    busy_session(desk)
    with PrinterServer() as server:
        out = run_cli("report", "x", "--print", "--printer", f"{server.uri}?width=32", db=desk.path)
        assert out.returncode == 0, out.stderr
        decoded = decode(server.wait_for_jobs(1)[0])
    assert "REPORTE X" in decoded.text and "EFECTIVO ESPERADO" in decoded.text and "S/ 260.00" in decoded.text
    assert decoded.commands[-1].name == "cut" and not decoded.named("drawer")
    desk.branch.drawer.close({D("100"): 2, D("50"): 1, D("10"): 1}, desk.cashier)
    env = {"ABONO_PASSWORD": PASSWORD}
    with closed_port() as port:
        failed = run_cli(
            "report",
            "z",
            "--print",
            "--printer",
            f"tcp://127.0.0.1:{port}",
            "--user",
            "gerente",
            db=desk.path,
            env=env,
        )
    assert failed.returncode == 3 and "000001" in failed.stderr and "--copy" in failed.stderr
    with PrinterServer() as server:
        again = run_cli(
            "report",
            "z",
            "--copy",
            "--print",
            "--printer",
            server.uri,
            "--user",
            "gerente",
            db=desk.path,
            env=env,
        )
        assert again.returncode == 0, again.stderr
        assert "COPIA" in decode(server.wait_for_jobs(1)[0]).text


# ---- end of day ---------------------------------------------------------------------------------------
def test_eod_lists_voids_and_reprints_with_who_approved_and_why(desk: Desk, tmp_path: Path) -> None:
    kept = pay(desk, "150.00", tendered=D("200.00"))
    voided = pay(desk, "20.00", "yape", operation_number="12345678")
    desk.branch.payments.void(
        voided.receipt_no, "pago en la cuenta equivocada", desk.manager, requested_by=desk.cashier
    )
    with PrinterServer() as server:
        desk.branch.printing.reprint(kept.receipt_no, desk.cashier, server.uri)
    report = Reports(desk.branch).end_of_day(user=desk.manager)
    data = eod_json(report)
    assert data["payments"] == {"count": 2, "amount": "170.00"} and data["net_collected"] == "150.00"
    assert data["voids"] == [
        {
            "receipt_no": voided.receipt_no,
            "amount": "20.00",
            "method": "Yape",
            "cashier": "cajero",
            "paid_on": "2026-12-04",
            "voided_at": data["voids"][0]["voided_at"],
            "approved_by": "gerente",
            "requested_by": "cajero",
            "reason": "pago en la cuenta equivocada",
        }
    ]
    assert [(r["receipt_no"], r["user"], r["kind"]) for r in data["reprints"]] == [
        (kept.receipt_no, "cajero", "payment")
    ]
    assert {m["method"]: (m["count"], m["amount"], m["voided"], m["net"]) for m in data["by_method"]} == {
        "cash": (1, "150.00", "0.00", "150.00"),
        "yape": (1, "20.00", "20.00", "0.00"),
    }
    assert data["sessions"][0]["status"] == "open" and data["generated_by"] == "gerente"
    path = Reports(desk.branch).eod_pdf(report, tmp_path / "eod.pdf")
    text = pdf_text(path)
    for expected in (
        voided.receipt_no,
        "pago en la cuenta",
        "gerente",
        kept.receipt_no,
        "Reimpresiones (1)",
        "Anulaciones (1)",
        "María Elena Quispe Muñoz",
        "Reporte de cobranza del día",
    ):
        assert expected in text, expected


def test_a_day_with_no_payments_still_renders_with_zeros(desk: Desk, tmp_path: Path) -> None:
    reports = Reports(desk.branch)
    report = reports.end_of_day(date(2026, 12, 5))  # nothing paid, nothing falls due, no drawer opened
    data = eod_json(report)
    assert (
        data["payments"] == {"count": 0, "amount": "0.00"} and data["by_method"] == [] and data["voids"] == []
    )
    assert data["dues"]["due"] == "0.00" and data["dues"]["efficiency_pct"] is None
    assert data["dues"]["collected_vs_due_pct"] is None and data["sessions"] == []
    assert data["portfolio_accounts"] == 1 and data["aging"][-1]["bucket"] == "120+"
    assert "Ninguna." in reports.eod_text(report)
    slip = reports.text(reports.day_slip(report), 32)
    assert "Eficiencia de cobranza" in slip and all(len(line) <= 32 for line in slip.splitlines())
    text = pdf_text(reports.eod_pdf(report, tmp_path / "empty.pdf"))
    assert "S/ 0.00" in text and "Ninguna." in text


def test_a_branch_with_no_accounts_at_all(tmp_path: Path) -> None:
    from app import Branch

    with Branch.create(tmp_path / "empty.db", "B099", "Vacía") as b:
        reports = Reports(b)
        report = reports.end_of_day()
        assert report.portfolio_accounts == 0 and report.chase == () and report.payments.count == 0
        assert all(bucket.accounts == 0 for bucket in report.aging)
        assert reports.eod_pdf(report, tmp_path / "e.pdf").stat().st_size > 1000


def test_collected_versus_due_and_the_efficiency(desk: Desk) -> None:
    # 2027-01-01 10:00 in Lima: installment 7 falls due today; 1-6 are overdue.
    desk.clock.now = datetime(2027, 1, 1, 15, 0, tzinfo=UTC)
    view = desk.branch.accounts.get(desk.account_no)
    overdue = sum((i.amount_due for i in view.installments if i.status == "overdue"), D("0"))
    due_today = next(i for i in view.installments if i.due_date == date(2027, 1, 1))
    half = (due_today.amount / 2).quantize(D("0.01"))
    pay(desk, str(overdue + half), "yape", operation_number="99887766")
    report = Reports(desk.branch).end_of_day()
    d = report.dues
    assert (d.installments, d.due, d.due_paid, d.due_paid_today) == (1, due_today.amount, half, half)
    expected_pct = (half * 100 / due_today.amount).quantize(D("0.1"))
    assert d.efficiency_pct == expected_pct and d.collected == overdue + half
    assert d.collected_vs_due_pct == ((overdue + half) * 100 / due_today.amount).quantize(D("0.1"))


def test_eod_cli_json_pdf_and_refusals(desk: Desk, tmp_path: Path) -> None:
    pay(desk, "150.00")
    desk.branch.close()
    env = {"ABONO_PASSWORD": PASSWORD}
    out = tmp_path / "reportes" / "eod.pdf"
    done = run_cli(
        "report",
        "eod",
        "--date",
        "2026-12-04",
        "--json",
        "--out",
        str(out),
        "--user",
        "gerente",
        db=desk.path,
        env=env,
    )
    assert done.returncode == 0, done.stderr
    data = json.loads(done.stdout)
    assert data["payments"]["amount"] == "150.00" and data["business_date"] == "2026-12-04"
    assert out.read_bytes().startswith(b"%PDF") and [p.name for p in out.parent.iterdir()] == ["eod.pdf"]
    # Then the portfolio checkpoint (a cache) stands at that day, so the next report reads less.
    con = sqlite3.connect(desk.path)
    assert con.execute("SELECT as_of FROM portfolio_checkpoint").fetchall() == [("2026-12-04",)]
    assert con.execute("SELECT count(*) FROM portfolio_checkpoint_accounts").fetchone()[0] == 1
    con.close()
    assert "S/ 150.00" in run_cli("report", "eod", db=desk.path).stdout
    cashier = run_cli("report", "eod", "--user", "cajero", db=desk.path, env=env)
    assert cashier.returncode == 1 and "Traceback" not in cashier.stderr
    bad = run_cli("report", "eod", "--date", "04/12/2026", db=desk.path)
    assert bad.returncode == 1 and bad.stderr.count("\n") == 1
    with PrinterServer() as server:
        printed = run_cli("report", "eod", "--print", "--printer", server.uri, db=desk.path)
        assert printed.returncode == 0, printed.stderr
        assert "CIERRE DEL DÍA" in decode(server.wait_for_jobs(1)[0]).text
    with closed_port() as port:
        failed = run_cli("report", "eod", "--print", "--printer", f"tcp://127.0.0.1:{port}", db=desk.path)
    assert failed.returncode == 3 and failed.stderr.startswith("abono: ")
