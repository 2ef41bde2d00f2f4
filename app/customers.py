"""Customers: validation, creation and the counter's search.

Search contract (:meth:`Customers.search`):
- Text with letters is a name search on FTS5: accent- and case-insensitive ("munoz" finds "Muñoz"),
  each word a prefix, all words required in any order ("quispe mar" finds "María Quispe"), ranked by
  bm25 and limited in SQL. Only the first ``RANK_CANDIDATES`` matches are ranked, so one very common
  word ("mar" matches 15% of a million customers) costs milliseconds, not a scan of every match.
  Nothing loads the customer table into memory.
- Text of digits (spaces, dashes and a leading +51 ignored) is an identifier search: exact matches on
  document number, phone or account number first, then prefix matches, each through a B-tree index.
- Every result carries the customer's accounts with balance, overdue amount and days past due.
"""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from sqlalchemy import Engine, insert, select, text
from sqlalchemy.orm import Session

from app.accounts import Accounts, AccountSummary, CustomerInfo, customer_name
from app.clock import Clock, iso_utc
from app.errors import InvalidInput, NotFound, Refused
from app.storage.models import Customer

DOC_TYPES = ("DNI", "CE", "RUC")
_WORD = re.compile(r"[^\W_]+", re.UNICODE)
_TOP = "\U0010ffff"
RANK_CANDIDATES = 2000


@dataclass(frozen=True, slots=True)
class CustomerMatch:
    customer_id: str
    name: str
    doc_type: str
    doc_number: str
    phone: str | None
    accounts: tuple[AccountSummary, ...]

    @property
    def balance(self) -> Decimal:
        return sum((a.balance for a in self.accounts), Decimal(0))

    @property
    def overdue_amount(self) -> Decimal:
        return sum((a.overdue_amount for a in self.accounts), Decimal(0))

    @property
    def days_past_due(self) -> int:
        return max((a.days_past_due for a in self.accounts), default=0)


def ruc_check_digit(first10: str) -> int:
    weights = (5, 4, 3, 2, 7, 6, 5, 4, 3, 2)
    total = sum(int(d) * w for d, w in zip(first10, weights, strict=True))
    digit = 11 - total % 11
    return {10: 0, 11: 1}.get(digit, digit)


def normalize_doc(doc_type: str, doc_number: str) -> tuple[str, str]:
    """Validated (type, number); ``InvalidInput`` for an unknown type or a malformed number.

    DNI: 8 digits. CE: 8 to 12 letters or digits. RUC: 11 digits starting 10, 15, 17 or 20 with a
    valid check digit.
    """
    kind = (doc_type or "").strip().upper()
    number = re.sub(r"[\s\-.]", "", doc_number or "").upper()
    if kind not in DOC_TYPES:
        raise InvalidInput("doc_type_invalid", value=doc_type)
    ok = {
        "DNI": re.fullmatch(r"\d{8}", number) is not None,
        "CE": re.fullmatch(r"[A-Z0-9]{8,12}", number) is not None,
        "RUC": re.fullmatch(r"(10|15|17|20)\d{9}", number) is not None
        and ruc_check_digit(number[:10]) == int(number[10]),
    }[kind]
    if not ok:
        raise InvalidInput("doc_number_invalid", doc_type=kind, value=doc_number)
    return kind, number


def normalize_phone(phone: str | None) -> str | None:
    """Digits only, without +51; a mobile (9 digits starting with 9) or a landline (6 to 9 digits)."""
    if phone is None or not phone.strip():
        return None
    digits = re.sub(r"[\s\-().]", "", phone)
    if digits.startswith("+51"):
        digits = digits[3:]
    if not re.fullmatch(r"\d{6,9}", digits) or (len(digits) == 9 and not digits.startswith("9")):
        raise InvalidInput("phone_invalid", value=phone)
    return digits


def fts_query(words: list[str]) -> str:
    """An FTS5 query requiring every word as a prefix; words are letters/digits only, so quoting is safe."""
    return " ".join(f'"{w}"*' for w in words)


class Customers:
    """Search and create customers. Each call uses its own session; safe from any thread."""

    def __init__(self, engine: Engine, write_engine: Engine, accounts: Accounts, clock: Clock) -> None:
        self._engine = engine
        self._write = write_engine
        self._accounts = accounts
        self._clock = clock

    def search(self, query: str, limit: int = 20, as_of: date | None = None) -> list[CustomerMatch]:
        """Customers matching ``query``, best first, at most ``limit``; see the module contract."""
        limit = max(1, min(int(limit), 200))
        raw = (query or "").strip()
        if not raw:
            return []
        compact = re.sub(r"[\s\-().]", "", raw)
        if compact.startswith("+51"):
            compact = compact[3:]
        with Session(self._engine) as s:
            if compact and compact.isdigit():
                ids = self._identifier_ids(s, compact, limit)
            else:
                words = [w.lower() for w in _WORD.findall(raw)]
                if not words:
                    return []
                ids = [
                    r[0]
                    for r in s.execute(
                        text(
                            "SELECT rowid FROM (SELECT rowid, rank FROM customer_fts WHERE customer_fts MATCH :q"
                            " LIMIT :cap) ORDER BY rank LIMIT :n"
                        ),
                        {"q": fts_query(words), "n": limit, "cap": RANK_CANDIDATES},
                    )
                ]
            if not ids:
                return []
            rows = {
                c.id: c
                for c in s.execute(
                    select(
                        Customer.id,
                        Customer.uuid,
                        Customer.first_names,
                        Customer.last_names,
                        Customer.doc_type,
                        Customer.doc_number,
                        Customer.phone,
                    ).where(Customer.id.in_(ids))
                )
            }
            summaries = self._accounts.summaries(ids, as_of, session=s)
        return [
            CustomerMatch(
                r.uuid,
                customer_name(r.first_names, r.last_names),
                r.doc_type,
                r.doc_number,
                r.phone,
                tuple(summaries.get(i, ())),
            )
            for i in ids
            if (r := rows.get(i)) is not None
        ]

    @staticmethod
    def _identifier_ids(s: Session, digits: str, limit: int) -> list[int]:
        """Exact matches on document, account, phone (one statement); only when there is none, prefix
        matches on document, account and phone, each in index order."""
        exact = [
            row[0]
            for row in s.execute(
                text(
                    "SELECT id FROM customers WHERE doc_number = :q"
                    " UNION ALL SELECT customer_id FROM accounts WHERE account_no = :q"
                    " UNION ALL SELECT id FROM customers WHERE phone = :q"
                    " UNION ALL SELECT id FROM customers WHERE phone2 = :q LIMIT :n"
                ),
                {"q": digits, "n": limit},
            )
        ]
        if exact:
            return list(dict.fromkeys(exact))
        rows = s.execute(
            text(
                "SELECT id FROM (SELECT id FROM customers WHERE doc_number > :q AND doc_number < :top"
                "   ORDER BY doc_number LIMIT :n)"
                " UNION ALL SELECT customer_id FROM (SELECT customer_id FROM accounts"
                "   WHERE account_no > :q AND account_no < :top ORDER BY account_no LIMIT :n)"
                " UNION ALL SELECT id FROM (SELECT id FROM customers WHERE phone > :q AND phone < :top"
                "   ORDER BY phone LIMIT :n)"
            ),
            {"q": digits, "top": digits + _TOP, "n": limit},
        )
        return list(dict.fromkeys(row[0] for row in rows))[:limit]

    def get(self, customer_id: str) -> CustomerInfo:
        with Session(self._engine) as s:
            c = s.scalar(select(Customer).where(Customer.uuid == customer_id))
            if c is None:
                raise NotFound("customer_not_found", customer=customer_id)
            return CustomerInfo(
                c.uuid,
                customer_name(c.first_names, c.last_names),
                c.doc_type,
                c.doc_number,
                c.phone,
                c.phone2,
                c.address,
            )

    def add(
        self,
        doc_type: str,
        doc_number: str,
        first_names: str,
        last_names: str,
        phone: str | None = None,
        phone2: str | None = None,
        address: str = "",
    ) -> CustomerInfo:
        """Create a customer; refuses an invalid or already registered document."""
        kind, number = normalize_doc(doc_type, doc_number)
        if not first_names.strip():
            raise InvalidInput("field_required", field="first_names")
        if not last_names.strip():
            raise InvalidInput("field_required", field="last_names")
        p1, p2 = normalize_phone(phone), normalize_phone(phone2)
        new_id = str(uuid.uuid4())
        with Session(self._write) as s, s.begin():
            if s.scalar(select(Customer.id).where(Customer.doc_number == number, Customer.doc_type == kind)):
                raise Refused("duplicate_in_db", field=kind, value=number)
            s.execute(
                insert(Customer).values(
                    uuid=new_id,
                    doc_type=kind,
                    doc_number=number,
                    first_names=" ".join(first_names.split()),
                    last_names=" ".join(last_names.split()),
                    phone=p1,
                    phone2=p2,
                    address=address.strip(),
                    created_at=iso_utc(self._clock()),
                )
            )
        return self.get(new_id)
