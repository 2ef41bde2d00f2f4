"""The ``abono`` command line as a user runs it: exit codes, JSON money as strings, passwords only from
stdin or ABONO_PASSWORD, one-line messages and never a traceback."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from tests.core.conftest import run_cli

PW = "clave-segura-1"


@pytest.fixture(scope="module")
def shop(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A branch set up only through the CLI: init, two users, customers and accounts imported."""
    d = tmp_path_factory.mktemp("cli")
    db = d / "b.db"
    assert run_cli("init", "--branch", "B020", "--name", "Sucursal Norte", db=db).returncode == 0
    assert run_cli("users", "add", "ana", "--role", "cashier", db=db, stdin=f"{PW}\n{PW}\n").returncode == 0
    assert (
        run_cli("users", "add", "jefe", "--role", "manager", db=db, env={"ABONO_PASSWORD": PW}).returncode
        == 0
    )
    (d / "c.csv").write_text(
        "doc_type,doc_number,first_names,last_names,phone\nDNI,41000001,Julia,Chávez Rojas,987111222\n",
        encoding="utf-8",
    )
    (d / "a.csv").write_text(
        "account_no,doc_type,doc_number,principal,term,monthly_rate_pct,opened_on\n"
        "3000000001,DNI,41000001,600.00,6,0,2020-01-10\n",
        encoding="utf-8",
    )
    assert run_cli("import", "customers", str(d / "c.csv"), db=db).returncode == 0
    assert run_cli("import", "accounts", str(d / "a.csv"), db=db).returncode == 0
    opened = run_cli("drawer", "open", "--float-counts", "20x5", "--user", "ana", db=db, stdin=PW)
    assert opened.returncode == 0, opened.stderr
    return db


def test_pay_json(shop: Path) -> None:
    r = run_cli(
        "pay",
        "3000000001",
        "120.00",
        "--method",
        "cash",
        "--tendered",
        "150",
        "--user",
        "ana",
        "--json",
        db=shop,
        stdin=PW + "\n",
    )
    assert r.returncode == 0, r.stderr
    out = json.loads(r.stdout)
    assert out["receipt_no"] == "B020-01-000001"
    assert out["amount"] == "120.00" and out["change"] == "30.00" and out["method"] == "cash"
    # installments are 100.00 each (0%, 6 months) and long overdue: fee S/ 5.00 first, then interest, principal
    assert out["allocations"][0] == {
        "installment": 1,
        "due_date": "2020-02-10",
        "late_fee": "5.00",
        "interest": "0.00",
        "principal": "100.00",
    }
    assert out["allocations"][1]["late_fee"] == "5.00" and out["allocations"][1]["principal"] == "10.00"
    assert isinstance(out["balance_after"], str)


def test_account_and_search_json(shop: Path) -> None:
    acc = json.loads(run_cli("account", "3000000001", "--json", "--as-of", "2020-03-01", db=shop).stdout)
    # payments after the date are not counted; installment 1 is 20 days late: S/ 5.00 late fee
    assert acc["balance"] == "605.00" and acc["days_past_due"] == 20 and acc["late_fees"] == "5.00"
    assert acc["next_due"] == {"date": "2020-03-10", "amount": "100.00"}
    assert [i["status"] for i in acc["installments"][:3]] == ["overdue", "due", "upcoming"]
    assert {"number", "due_date", "amount_due", "paid", "status"} <= set(acc["installments"][0])
    found = json.loads(run_cli("search", "chavez jul", "--json", db=shop).stdout)
    assert found[0]["name"] == "Julia Chávez Rojas" and found[0]["doc_number"] == "41000001"
    assert set(found[0]) >= {"customer_id", "name", "doc_type", "doc_number", "phone", "accounts"}
    assert set(found[0]["accounts"][0]) >= {"account_no", "balance", "overdue_amount", "days_past_due"}
    assert isinstance(found[0]["accounts"][0]["balance"], str)


@pytest.mark.parametrize(
    ("args", "stdin", "message"),
    [
        (["pay", "3000000001", "-5", "--method", "cash", "--user", "ana"], PW, "negativo"),
        (["pay", "3000000001", "abc", "--method", "cash", "--user", "ana"], PW, "no es un monto válido"),
        (["pay", "3000000001", "1e3", "--method", "cash", "--user", "ana"], PW, "exponente"),
        (["pay", "3000000001", "10.005", "--method", "cash", "--user", "ana"], PW, "decimales"),
        (["pay", "3000000001", "99999", "--method", "cash", "--user", "ana"], PW, "supera el saldo"),
        (
            ["pay", "3000000001", "50", "--method", "cash", "--tendered", "20", "--user", "ana"],
            PW,
            "menor que el monto",
        ),
        (
            [
                "pay",
                "3000000001",
                "50",
                "--method",
                "card",
                "--card-brand",
                "Visa",
                "--card-last4",
                "12",
                "--auth-code",
                "123456",
                "--user",
                "ana",
            ],
            PW,
            "4 números",
        ),
        (
            [
                "pay",
                "3000000001",
                "50",
                "--method",
                "card",
                "--card-brand",
                "4111111111111111",
                "--card-last4",
                "1111",
                "--auth-code",
                "123456",
                "--user",
                "ana",
            ],
            PW,
            "número de la tarjeta",
        ),
        (["pay", "9999999999", "50", "--method", "cash", "--user", "ana"], PW, "No existe la cuenta"),
        (["pay", "3000000001", "50", "--method", "cash", "--user", "ana"], "mala-clave", "incorrectos"),
        (["pay", "3000000001", "50", "--method", "cash", "--user", "ana"], "", "Falta la contraseña"),
        (["void", "B020-01-000001", "--reason", "x", "--user", "ana"], PW, "Solo un gerente"),
        (["void", "B020-01-999999", "--reason", "x", "--user", "jefe"], PW, "No existe el recibo"),
    ],
)
def test_refusals_exit_1_with_one_line_and_change_nothing(
    shop: Path, args: list[str], stdin: str, message: str
) -> None:
    def snapshot() -> tuple[int, ...]:
        con = sqlite3.connect(shop)
        try:
            return tuple(
                con.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
                for t in ("payments", "payment_voids", "outbox")
            )
        finally:
            con.close()

    before = snapshot()
    r = run_cli(*args, db=shop, stdin=stdin + "\n" if stdin else "")
    assert r.returncode == 1, (r.stdout, r.stderr)
    assert message in r.stderr
    assert len(r.stderr.strip().splitlines()) == 1
    assert "Traceback" not in r.stderr + r.stdout
    assert "4111111111111111" not in r.stderr
    assert snapshot() == before


def test_void_then_second_void(shop: Path) -> None:
    paid = json.loads(
        run_cli(
            "pay",
            "3000000001",
            "10",
            "--method",
            "yape",
            "--operation-number",
            "778899",
            "--user",
            "ana",
            "--json",
            db=shop,
            stdin=PW,
        ).stdout
    )
    r = run_cli(
        "void",
        paid["receipt_no"],
        "--reason",
        "cliente pagó dos veces",
        "--user",
        "jefe",
        "--json",
        db=shop,
        env={"ABONO_PASSWORD": PW},
    )
    assert r.returncode == 0, r.stderr
    assert json.loads(r.stdout)["manager"] == "jefe"
    again = run_cli(
        "void", paid["receipt_no"], "--reason", "x", "--user", "jefe", db=shop, env={"ABONO_PASSWORD": PW}
    )
    assert again.returncode == 1 and "ya fue anulado" in again.stderr
    assert run_cli("audit", "verify", db=shop).returncode == 0


def test_usage_errors_exit_2(shop: Path) -> None:
    assert run_cli("pay", "3000000001", db=shop).returncode == 2
    assert run_cli("frobnicate", db=shop).returncode == 2
    assert run_cli("users", "add", "x", "--role", "boss", db=shop).returncode == 2


def test_password_is_never_an_argument(shop: Path) -> None:
    r = run_cli("pay", "3000000001", "10", "--method", "cash", "--user", "ana", "--password", PW, db=shop)
    assert r.returncode == 2


def test_abono_db_environment_variable(shop: Path) -> None:
    r = run_cli("users", "list", "--json", env={"ABONO_DB": str(shop)})
    assert [u["username"] for u in json.loads(r.stdout)] == ["ana", "jefe"]


def test_audit_verify_reports_tampering(tmp_path: Path, shop: Path) -> None:
    import shutil

    copy = tmp_path / "copy.db"
    shutil.copy(shop, copy)
    con = sqlite3.connect(copy)
    con.execute("DROP TRIGGER audit_log_no_update")
    con.execute("UPDATE audit_log SET details = '{}' WHERE id = 2")
    con.commit()
    con.close()
    r = run_cli("audit", "verify", db=copy)
    assert r.returncode == 1 and "registro 2" in r.stderr


def test_a_file_that_is_not_a_database(tmp_path: Path) -> None:
    f = tmp_path / "x.db"
    f.write_text("hello")
    r = run_cli("search", "x", db=f)
    assert (
        r.returncode == 1 and "no es una base de datos de Abono" in r.stderr and "Traceback" not in r.stderr
    )


def test_english_messages(tmp_path: Path) -> None:
    db = tmp_path / "en.db"
    assert (
        run_cli(
            "init",
            "--branch",
            "US01",
            "--name",
            "North",
            "--currency",
            "USD",
            "--locale",
            "en_US",
            "--timezone",
            "America/New_York",
            db=db,
        ).returncode
        == 0
    )
    r = run_cli("account", "123", db=db)
    assert r.returncode == 1 and "There is no account 123" in r.stderr
