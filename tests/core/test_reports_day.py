"""A generated day of 5,000 payments (every one through ``payments.take``) across 3 cashiers and 4
methods, with voids and reprints: the end-of-day totals equal the sum of the payments to the cent, in
the JSON, in the text and in the text extracted from the PDF."""

from __future__ import annotations

import random
import sqlite3
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path

import pytest

from app import Branch
from app.payments import PaymentRequest
from app.receipts.formatting import format_money
from app.reports import Reports, eod_json
from tests.core.conftest import PASSWORD, MovableClock
from tests.core.test_reports_pdftext import pdf_text
from tests.support.printer_server import PrinterServer

PAYMENTS = 5_000
ACCOUNTS = 250
DAY = date(2026, 12, 4)
METHODS = ("cash", "card", "yape", "deposit")
CASHIERS = ("cajera1", "cajero2", "cajera3")


@dataclass
class Day:
    branch: Branch
    path: Path
    by_method: dict[str, list[Decimal]] = field(default_factory=lambda: defaultdict(list))
    by_cashier: dict[str, list[Decimal]] = field(default_factory=lambda: defaultdict(list))
    voided: dict[str, list[Decimal]] = field(default_factory=lambda: defaultdict(list))
    cash_kept: Decimal = Decimal("0.00")
    reprinted: list[str] = field(default_factory=list)


def S(amount: Decimal) -> str:
    return format_money(amount, "PEN", "es_PE")


@pytest.fixture(scope="module")
def day(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Day]:
    clock = MovableClock(datetime(2026, 12, 4, 13, 0, tzinfo=UTC))  # 08:00 in Lima
    path = tmp_path_factory.mktemp("eod") / "branch.db"
    branch = Branch.create(path, "B012", "Sucursal Centro", clock=clock)
    cashiers = [branch.users.add(name, PASSWORD, "cashier", name.title()) for name in CASHIERS]
    manager = branch.users.add("gerente", PASSWORD, "manager", "Gino Gerente")
    accounts = []
    for n in range(ACCOUNTS):
        customer = branch.customers.add(
            "DNI", f"{41_000_000 + n}", "Rosa Ñusta", f"Huamán Peña {n}", f"9{n:08d}"
        )
        account_no = f"20000{n:05d}"
        branch.accounts.open(
            account_no, customer.customer_id, Decimal("6000.00"), 12, Decimal("3.5"), date(2026, 6, 1)
        )
        accounts.append(account_no)
    branch.drawer.open({Decimal("20"): 5}, cashiers[0])
    rnd = random.Random(5)
    d = Day(branch, path)
    taken = []
    for n in range(PAYMENTS):
        clock.advance(seconds=1)
        method = METHODS[n % 4] if n < 8 else rnd.choice(METHODS)
        cashier = cashiers[n % 3] if n < 8 else rnd.choice(cashiers)
        amount = Decimal(rnd.randint(100, 6000)) / 100
        extra: dict[str, object] = {
            "cash": {"tendered": (amount // 10 + 1) * 10},
            "card": {"card_brand": "Visa", "card_last4": "4242", "auth_code": f"A{n:05d}"},
            "yape": {"operation_number": f"{10_000_000 + n}"},
            "deposit": {"operation_number": f"D{n:07d}"},
        }[method]
        record = branch.payments.take(
            PaymentRequest(accounts[n % ACCOUNTS], amount, method, **extra), cashier
        )
        assert record.amount == amount and record.business_date == DAY
        d.by_method[method].append(amount)
        d.by_cashier[cashier.username].append(amount)
        taken.append(record)
        if method == "cash":
            d.cash_kept += amount
    for record in rnd.sample(taken, 12):
        branch.payments.void(record.receipt_no, f"anulación de prueba {record.receipt_no}", manager)
        d.voided[record.method].append(record.amount)
        if record.method == "cash":
            d.cash_kept -= record.amount
    with PrinterServer() as server:
        for record in taken[:2]:
            branch.printing.reprint(record.receipt_no, cashiers[1], server.uri)
            d.reprinted.append(record.receipt_no)
    yield d
    branch.close()


def test_the_json_totals_equal_the_sum_of_the_payments_to_the_cent(day: Day) -> None:
    report = Reports(day.branch).end_of_day(DAY)
    data = eod_json(report)
    total = sum((sum(v) for v in day.by_method.values()), Decimal("0.00"))
    voided = sum((sum(v) for v in day.voided.values()), Decimal("0.00"))
    assert data["payments"] == {"count": PAYMENTS, "amount": str(total)}
    assert data["voids_total"] == {"count": 12, "amount": str(voided)}
    assert data["net_collected"] == str(total - voided)
    assert {m["method"]: (m["count"], m["amount"], m["voided"]) for m in data["by_method"]} == {
        method: (len(v), str(sum(v)), str(sum(day.voided[method], Decimal("0.00"))))
        for method, v in day.by_method.items()
    }
    assert {c["cashier"]: (c["count"], c["amount"]) for c in data["by_cashier"]} == {
        name: (len(v), str(sum(v))) for name, v in day.by_cashier.items()
    }
    assert (
        sum(Decimal(m["net"]) for m in data["by_method"])
        == sum(Decimal(c["net"]) for c in data["by_cashier"])
        == total - voided
    )
    assert sorted(r["receipt_no"] for r in data["reprints"]) == sorted(day.reprinted)
    assert all(
        v["approved_by"] == "gerente" and v["reason"].startswith("anulación de prueba") for v in data["voids"]
    )
    (session,) = data["sessions"]
    assert Decimal(session["expected"]) == Decimal("100.00") + day.cash_kept
    con = sqlite3.connect(day.path)  # an independent check: the raw table
    cents = con.execute(
        "SELECT sum(amount_cents) FROM payments WHERE business_date = ?", (DAY.isoformat(),)
    ).fetchone()[0]
    con.close()
    assert Decimal(cents) / 100 == total


def test_the_pdf_and_the_text_say_the_same_totals(day: Day, tmp_path: Path) -> None:
    reports = Reports(day.branch)
    report = reports.end_of_day(DAY)
    text = pdf_text(reports.eod_pdf(report, tmp_path / "eod.pdf"))
    plain = reports.eod_text(report)
    total = sum((sum(v) for v in day.by_method.values()), Decimal("0.00"))
    voided = sum((sum(v) for v in day.voided.values()), Decimal("0.00"))
    expected = [S(total), S(total - voided), S(voided), f"{PAYMENTS}"]
    expected += [S(sum(v)) for v in day.by_method.values()] + [S(sum(v)) for v in day.by_cashier.values()]
    expected += [*CASHIERS, "Efectivo", "Tarjeta", "Yape", "Depósito bancario"]
    for value in expected:
        assert value in text, value
        assert value in plain, value
    slip = reports.text(reports.day_slip(report), 42)
    assert S(total) in slip and S(total - voided) in slip and f"Pagos ({PAYMENTS})" in slip
