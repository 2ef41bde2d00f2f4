"""CSV import: a good file goes in whole; a file with any bad row is refused whole, every error
reported with its line number, and nothing is written."""

from __future__ import annotations

import sqlite3
from decimal import Decimal
from pathlib import Path

import pytest

from app.errors import ImportFailed, InvalidInput
from app.importer import import_accounts, import_customers
from tests.core.conftest import Desk

CUSTOMERS = """doc_type,doc_number,first_names,last_names,phone,address
DNI,40000001,Rosa,Mamani Condori,987000001,"Jr. Puno 123, Juliaca"
DNI,40000002,Luis Alberto,Huamán Ríos,+51 987 000 002,
CE,000123456,Ana,Pérez Gómez,,Av. Arequipa 456
"""


def count(desk: Desk, table: str) -> int:
    con = sqlite3.connect(desk.path)
    try:
        return int(con.execute(f"SELECT count(*) FROM {table}").fetchone()[0])
    finally:
        con.close()


def write(tmp_path: Path, text: str, name: str = "f.csv", encoding: str = "utf-8") -> Path:
    p = tmp_path / name
    p.write_bytes(text.encode(encoding))
    return p


def test_customers_import_whole(desk: Desk, tmp_path: Path) -> None:
    assert import_customers(desk.branch, write(tmp_path, CUSTOMERS)) == 3
    (m,) = desk.branch.customers.search("huaman luis")
    assert (m.doc_number, m.phone) == ("40000002", "987000002")
    assert desk.branch.customers.search("40000001")[0].name == "Rosa Mamani Condori"


def test_bad_rows_are_all_reported_with_line_numbers_and_nothing_is_imported(
    desk: Desk, tmp_path: Path
) -> None:
    text = CUSTOMERS + (
        "DNI,123,Pedro,Sin Número,,\n"  # line 5: short DNI
        "PAS,999999999,Eva,Extranjera,,\n"  # line 6: unknown document type
        "DNI,40000001,Rosa,Repetida,,\n"  # line 7: repeated in the file
        "DNI,45678912,María,Ya Existe,,\n"  # line 8: already in the database
        "DNI,40000009,,Sin Nombre,,\n"  # line 9: no first names
        "DNI,40000010,Tel,Malo,12345,\n"  # line 10: bad phone
        "DNI,40000011,Corta\n"  # line 11: missing columns
    )
    before = count(desk, "customers")
    with pytest.raises(ImportFailed) as e:
        import_customers(desk.branch, write(tmp_path, text))
    assert [line for line, _ in e.value.errors] == [5, 6, 7, 8, 9, 10, 11]
    message = e.value.message("es")
    assert message.startswith("No se importó nada: el archivo tiene 7 errores.")
    assert "línea 7: DNI «40000001» repetido (ya en la línea 2)" in message
    assert "línea 8: DNI «45678912» ya existe" in message
    assert count(desk, "customers") == before


def test_semicolons_bom_and_quoted_newlines(desk: Desk, tmp_path: Path) -> None:
    text = '\ufeffdoc_type;doc_number;first_names;last_names;address\nDNI;40000021;Juana;"Ccama\nTicona";x\nDNI;40000022;Ñusta;Yupanqui;\n'
    with pytest.raises(ImportFailed) as e:
        # a last name with a newline inside quotes is still one row (line 2); the next row starts on line 4
        import_customers(desk.branch, write(tmp_path, text + "DNI;1;x;y;\n"))
    assert [line for line, _ in e.value.errors] == [5]
    assert import_customers(desk.branch, write(tmp_path, text)) == 2
    assert desk.branch.customers.search("nusta")[0].name == "Ñusta Yupanqui"


def test_unreadable_files(desk: Desk, tmp_path: Path) -> None:
    with pytest.raises(InvalidInput) as e:
        import_customers(
            desk.branch, write(tmp_path, CUSTOMERS.replace("Ríos", "R\xedos"), encoding="latin-1")
        )
    assert e.value.code == "import_encoding" and "línea 3" in e.value.message("es")
    with pytest.raises(InvalidInput) as e:
        import_customers(desk.branch, write(tmp_path, "doc_type,doc_number\nDNI,40000001\n"))
    assert e.value.code == "import_missing_columns" and "first_names" in e.value.message("es")
    with pytest.raises(InvalidInput) as e:
        import_customers(desk.branch, write(tmp_path, "doc_type,doc_number,first_names,last_names\n"))
    assert e.value.code == "import_empty"
    with pytest.raises(InvalidInput) as e:
        import_customers(desk.branch, tmp_path / "missing.csv")
    assert e.value.code == "import_file_unreadable"


ACCOUNTS = """account_no;doc_type;doc_number;principal;term;monthly_rate_pct;opened_on;description
2000000001;DNI;40000001;1499,90;12;3,5;2026-10-15;Refrigeradora
2000000002;DNI;45678912;800.00;6;0;2026-11-01;Celular
"""


def test_accounts_import_builds_schedules(desk: Desk, tmp_path: Path) -> None:
    import_customers(desk.branch, write(tmp_path, CUSTOMERS, "c.csv"))
    assert import_accounts(desk.branch, write(tmp_path, ACCOUNTS)) == 2
    v = desk.branch.accounts.get("2000000001")
    assert v.principal == Decimal("1499.90") and v.term == 12 and v.monthly_rate_pct == Decimal("3.5")
    assert sum(i.principal for i in v.installments) == Decimal("1499.90")
    assert v.installments[0].due_date.isoformat() == "2026-11-15"
    zero = desk.branch.accounts.get("2000000002")
    assert zero.balance == Decimal("800.00") and zero.customer.name == "María Elena Quispe Muñoz"


def test_bad_account_rows(desk: Desk, tmp_path: Path) -> None:
    text = ACCOUNTS + (
        "2000000003;DNI;49999999;100;6;2;2026-01-01;x\n"  # line 4: unknown customer
        "2000000004;DNI;45678912;-100;6;2;2026-01-01;x\n"  # line 5: negative principal
        "2000000005;DNI;45678912;100;0;2;2026-01-01;x\n"  # line 6: term 0
        "2000000006;DNI;45678912;100;6;45;2026-01-01;x\n"  # line 7: rate above 20% a month
        "2000000007;DNI;45678912;100;6;2;2026-02-30;x\n"  # line 8: no such date
        "1000000001;DNI;45678912;100;6;2;2026-01-01;x\n"  # line 9: account number taken
        "2000000001;DNI;45678912;100;6;2;2026-01-01;x\n"  # line 10: repeated in the file
        "2000000008;DNI;45678912;1e3;6;2;2026-01-01;x\n"  # line 11: exponent
    )
    before = (count(desk, "accounts"), count(desk, "installments"))
    with pytest.raises(ImportFailed) as e:
        import_accounts(desk.branch, write(tmp_path, text))
    assert [line for line, _ in e.value.errors] == [
        2,
        4,
        5,
        6,
        7,
        8,
        9,
        10,
        11,
    ]  # line 2: customer 40000001 unknown too
    assert (count(desk, "accounts"), count(desk, "installments")) == before
