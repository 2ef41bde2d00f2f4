"""CSV import of customers and accounts: every row validated, the file imported whole or not at all.

Files are UTF-8 (a BOM is accepted), comma- or semicolon-separated, with a header row naming the
columns (any order, case-insensitive). Columns:

- customers: ``doc_type`` (DNI, CE, RUC), ``doc_number``, ``first_names``, ``last_names``, and optional
  ``phone``, ``phone2``, ``address``.
- accounts: ``account_no``, ``doc_type`` and ``doc_number`` of an existing customer (or one in the same
  database), ``principal``, ``term`` (installments), ``monthly_rate_pct``, ``opened_on`` (YYYY-MM-DD),
  and optional ``first_due`` (default: one month after opening), ``frequency`` (monthly, biweekly,
  weekly), ``credit_limit`` (default: the principal), ``description``.

Contract: all rows are checked first; if any row is wrong, ``ImportFailed`` lists every error with its
line number and nothing is written. Otherwise all rows are inserted in one ``BEGIN IMMEDIATE``
transaction with ``executemany``: a crash mid-way leaves the database as it was.
"""

from __future__ import annotations

import csv
import io
import re
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from app.audit import AuditLog
from app.clock import iso_utc
from app.customers import normalize_doc, normalize_phone
from app.errors import AbonoError, ImportFailed, InvalidInput
from app.money import parse_amount, to_cents
from app.schedule import FREQUENCIES, add_months, build_schedule
from app.storage.models import Account, Customer, Installment

if TYPE_CHECKING:
    from app.branch import Branch

CUSTOMER_COLUMNS = ("doc_type", "doc_number", "first_names", "last_names")
CUSTOMER_OPTIONAL = ("phone", "phone2", "address")
ACCOUNT_COLUMNS = (
    "account_no",
    "doc_type",
    "doc_number",
    "principal",
    "term",
    "monthly_rate_pct",
    "opened_on",
)
ACCOUNT_OPTIONAL = ("first_due", "frequency", "credit_limit", "description")
BATCH = 500


def read_rows(
    path: Path, required: tuple[str, ...], optional: tuple[str, ...]
) -> tuple[str, list[tuple[int, dict[str, str]]], list[tuple[int, AbonoError]]]:
    """(delimiter, [(line number, row)], [(line number, structural error)]); ``InvalidInput`` for a
    file that cannot be read at all (missing, not UTF-8, no header, no rows)."""
    try:
        raw = path.read_bytes()
    except OSError as e:
        raise InvalidInput(
            "import_file_unreadable", path=str(path), detail=e.strerror or type(e).__name__
        ) from None
    try:
        content = raw.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        line = raw[: e.start].count(b"\n") + 1
        raise InvalidInput("import_encoding", line=line) from None
    first = content.split("\n", 1)[0]
    delimiter = ";" if first.count(";") > first.count(",") else ","
    reader = csv.reader(io.StringIO(content, newline=""), delimiter=delimiter)
    try:
        header = next(reader)
    except StopIteration:
        raise InvalidInput("import_empty") from None
    names = [h.strip().lower() for h in header]
    missing = [c for c in required if c not in names]
    if missing:
        raise InvalidInput("import_missing_columns", columns=", ".join(missing), required=", ".join(required))
    unknown = [n for n in names if n and n not in required + optional]
    if unknown:
        raise InvalidInput("import_unknown_columns", columns=", ".join(unknown))
    rows: list[tuple[int, dict[str, str]]] = []
    errors: list[tuple[int, AbonoError]] = []
    line_start = reader.line_num + 1
    try:
        for fields in reader:
            line_no = line_start
            line_start = reader.line_num + 1
            if not any(f.strip() for f in fields):
                continue
            if len(fields) != len(names):
                errors.append(
                    (line_no, InvalidInput("import_column_count", found=len(fields), expected=len(names)))
                )
                continue
            rows.append((line_no, {n: f.strip() for n, f in zip(names, fields, strict=True) if n}))
    except csv.Error as e:
        errors.append((reader.line_num, InvalidInput("field_invalid", field="csv", value=str(e))))
    if not rows and not errors:
        raise InvalidInput("import_empty")
    return delimiter, rows, errors


def csv_amount(text: str, delimiter: str, currency: str, field: str) -> Decimal:
    if not text:
        raise InvalidInput("field_required", field=field)
    if delimiter == ";" and re.fullmatch(r"\d+,\d{1,2}", text):
        text = text.replace(",", ".")  # a decimal comma, as spreadsheets in es_PE save it
    return parse_amount(text, currency)


def _chunks(items: list[Any], size: int = BATCH) -> Iterator[list[Any]]:
    for i in range(0, len(items), size):
        yield items[i : i + size]


def valid_customer_rows(
    rows: list[tuple[int, dict[str, str]]], errors: list[tuple[int, AbonoError]]
) -> list[tuple[int, dict[str, Any]]]:
    """The customer rows that pass every check, cleaned (document normalised, names single-spaced,
    phones as digits), as ``(line, values)``; each refused row adds ``(line, error)`` to ``errors``,
    including a document repeated within the file. Shared by the branch and head office imports."""
    seen: dict[tuple[str, str], int] = {}
    good: list[tuple[int, dict[str, Any]]] = []
    for line_no, r in rows:
        try:
            kind, number = normalize_doc(r.get("doc_type", ""), r.get("doc_number", ""))
            for f in ("first_names", "last_names"):
                if not r.get(f):
                    raise InvalidInput("field_required", field=f)
            phone, phone2 = normalize_phone(r.get("phone")), normalize_phone(r.get("phone2"))
        except AbonoError as e:
            errors.append((line_no, e))
            continue
        if (kind, number) in seen:
            repeated = InvalidInput(
                "duplicate_in_file", field=kind, value=number, first_line=seen[(kind, number)]
            )
            errors.append((line_no, repeated))
            continue
        seen[(kind, number)] = line_no
        values = {
            "doc_type": kind,
            "doc_number": number,
            "first_names": " ".join(r["first_names"].split()),
            "last_names": " ".join(r["last_names"].split()),
            "phone": phone,
            "phone2": phone2,
            "address": r.get("address", "").strip(),
        }
        good.append((line_no, values))
    return good


def import_customers(branch: Branch, path: Path) -> int:
    """Import a customers CSV; see the module contract. Returns the number of customers added."""
    _, rows, errors = read_rows(path, CUSTOMER_COLUMNS, CUSTOMER_OPTIONAL)
    good = valid_customer_rows(rows, errors)
    now = iso_utc(branch.clock())
    with Session(branch.write_engine) as s, s.begin():
        numbers = [v["doc_number"] for _, v in good]
        existing: set[tuple[str, str]] = set()
        for chunk in _chunks(numbers):
            existing.update(
                (t, n)
                for t, n in s.execute(
                    select(Customer.doc_type, Customer.doc_number).where(Customer.doc_number.in_(chunk))
                )
            )
        for line_no, v in good:
            if (v["doc_type"], v["doc_number"]) in existing:
                errors.append(
                    (line_no, InvalidInput("duplicate_in_db", field=v["doc_type"], value=v["doc_number"]))
                )
        if errors:
            errors.sort(key=lambda e: e[0])
            raise ImportFailed(errors)
        values = [{**v, "uuid": str(uuid.uuid4()), "created_at": now} for _, v in good]
        for chunk in _chunks(values, 5000):
            s.execute(insert(Customer), chunk)
        AuditLog.record(s, now, "import", "import_customers", path.name, {"rows": len(values)})
    return len(good)


@dataclass(frozen=True, slots=True)
class AccountRow:
    """One accounts CSV row that passed every check, with its amounts in cents."""

    account_no: str
    doc: tuple[str, str]  # the customer's (doc_type, doc_number)
    principal_cents: int
    rate_bp: int
    term: int
    opened_on: date
    first_due: date
    frequency: str
    credit_limit_cents: int
    description: str


def account_row(r: dict[str, str], delimiter: str, currency: str) -> AccountRow:
    """Check one accounts CSV row; ``InvalidInput`` names the first thing wrong with it."""
    number = r.get("account_no", "").upper()
    if not re.fullmatch(r"[A-Z0-9\-]{4,20}", number):
        raise InvalidInput("field_invalid", field="account_no", value=r.get("account_no", ""))
    kind, doc = normalize_doc(r.get("doc_type", ""), r.get("doc_number", ""))
    principal = csv_amount(r.get("principal", ""), delimiter, currency, "principal")
    term_text = r.get("term", "")
    if not term_text.isdigit() or not 1 <= int(term_text) <= 120:
        raise InvalidInput("term_invalid", value=term_text)
    rate_text = r.get("monthly_rate_pct", "")
    if delimiter == ";":
        rate_text = rate_text.replace(",", ".")
    if not re.fullmatch(r"\d{1,2}(\.\d{1,2})?", rate_text) or Decimal(rate_text) > 20:
        raise InvalidInput("rate_invalid", value=rate_text)
    opened = csv_date(r.get("opened_on", ""), "opened_on")
    first_due = csv_date(r["first_due"], "first_due") if r.get("first_due") else add_months(opened, 1)
    if first_due <= opened:
        raise InvalidInput("field_invalid", field="first_due", value=r.get("first_due", ""))
    frequency = (r.get("frequency") or "monthly").lower()
    if frequency not in FREQUENCIES:
        raise InvalidInput("frequency_invalid", value=frequency)
    limit = (
        csv_amount(r["credit_limit"], delimiter, currency, "credit_limit")
        if r.get("credit_limit")
        else principal
    )
    if principal > limit:
        raise InvalidInput("credit_limit_below", principal=str(principal), limit=str(limit))
    return AccountRow(
        number,
        (kind, doc),
        to_cents(principal, currency),
        int(Decimal(rate_text) * 100),
        int(term_text),
        opened,
        first_due,
        frequency,
        to_cents(limit, currency),
        r.get("description", ""),
    )


def valid_account_rows(
    rows: list[tuple[int, dict[str, str]]],
    delimiter: str,
    currency: str,
    errors: list[tuple[int, AbonoError]],
) -> list[tuple[int, AccountRow]]:
    """The account rows that pass :func:`account_row`, as ``(line, row)``; each refused row, and an
    account number repeated within the file, adds ``(line, error)`` to ``errors``. Shared by the branch
    and head office imports."""
    seen: dict[str, int] = {}
    good: list[tuple[int, AccountRow]] = []
    for line_no, r in rows:
        try:
            row = account_row(r, delimiter, currency)
        except AbonoError as e:
            errors.append((line_no, e))
            continue
        if row.account_no in seen:
            repeated = InvalidInput(
                "duplicate_in_file", field="account_no", value=row.account_no, first_line=seen[row.account_no]
            )
            errors.append((line_no, repeated))
            continue
        seen[row.account_no] = line_no
        good.append((line_no, row))
    return good


def import_accounts(branch: Branch, path: Path) -> int:
    """Import an accounts CSV, building each schedule; see the module contract. Returns the count."""
    delimiter, rows, errors = read_rows(path, ACCOUNT_COLUMNS, ACCOUNT_OPTIONAL)
    good = valid_account_rows(rows, delimiter, branch.settings.currency, errors)
    now = iso_utc(branch.clock())
    with Session(branch.write_engine) as s, s.begin():
        customers: dict[tuple[str, str], int] = {}
        for chunk in _chunks([v.doc[1] for _, v in good]):
            for cid, t, n in s.execute(
                select(Customer.id, Customer.doc_type, Customer.doc_number).where(
                    Customer.doc_number.in_(chunk)
                )
            ):
                customers[(t, n)] = cid
        taken: set[str] = set()
        for chunk in _chunks([v.account_no for _, v in good]):
            taken.update(s.scalars(select(Account.account_no).where(Account.account_no.in_(chunk))))
        for line_no, v in good:
            if v.doc not in customers:
                errors.append(
                    (
                        line_no,
                        InvalidInput("customer_doc_unknown", doc_type=v.doc[0], doc_number=v.doc[1]),
                    )
                )
            if v.account_no in taken:
                errors.append(
                    (line_no, InvalidInput("duplicate_in_db", field="account_no", value=v.account_no))
                )
        if errors:
            errors.sort(key=lambda e: e[0])
            raise ImportFailed(errors)
        for chunk in _chunks(good, 2000):
            account_rows = []
            for _, v in chunk:
                account_rows.append(
                    {
                        "uuid": str(uuid.uuid4()),
                        "account_no": v.account_no,
                        "customer_id": customers[v.doc],
                        "description": v.description,
                        "principal_cents": v.principal_cents,
                        "rate_bp": v.rate_bp,
                        "term": v.term,
                        "frequency": v.frequency,
                        "opened_on": v.opened_on.isoformat(),
                        "credit_limit_cents": v.credit_limit_cents,
                        "status": "active",
                        "created_at": now,
                    }
                )
            ids = s.execute(insert(Account).returning(Account.id, Account.account_no), account_rows).all()
            by_no = {no: i for i, no in ids}
            installments = []
            for _, v in chunk:
                for inst in build_schedule(v.principal_cents, v.rate_bp, v.term, v.first_due, v.frequency):
                    installments.append(
                        {
                            "account_id": by_no[v.account_no],
                            "number": inst.number,
                            "due_on": inst.due_on.isoformat(),
                            "principal_cents": inst.principal_cents,
                            "interest_cents": inst.interest_cents,
                        }
                    )
            s.execute(insert(Installment), installments)
        AuditLog.record(s, now, "import", "import_accounts", path.name, {"rows": len(good)})
    return len(good)


def csv_date(text: str, field: str) -> date:
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise InvalidInput("field_invalid", field=field, value=text) from None
