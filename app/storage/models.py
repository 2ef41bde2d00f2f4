"""SQLAlchemy 2 typed models of a branch database.

Money columns are integer minor units (``*_cents``). Timestamps are UTC ISO-8601 text
(``YYYY-MM-DDTHH:MM:SS.ffffffZ``), business dates are local ISO dates. Records that travel to head office
carry a ``uuid`` assigned at creation. Payments, their allocation lines, voids and audit rows are
immutable: migrations install triggers that refuse UPDATE and DELETE on them.

The schema itself is created by the Alembic migrations in ``migrations/versions``; these models must
describe the same tables (a test compares them).
"""

from __future__ import annotations

from sqlalchemy import ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class Base(DeclarativeBase):
    pass


class Setting(Base):
    __tablename__ = "settings"
    key: Mapped[str] = mapped_column(String, primary_key=True)
    value: Mapped[str] = mapped_column(Text)


class User(Base):
    __tablename__ = "users"
    id: Mapped[int] = mapped_column(primary_key=True)
    uuid: Mapped[str] = mapped_column(String(36), unique=True)
    username: Mapped[str] = mapped_column(String(32), unique=True)
    full_name: Mapped[str] = mapped_column(String)
    role: Mapped[str] = mapped_column(String(16))
    password_hash: Mapped[str] = mapped_column(String)
    failed_logins: Mapped[int] = mapped_column(Integer, default=0)
    locked_until: Mapped[str | None] = mapped_column(String, nullable=True)
    active: Mapped[int] = mapped_column(Integer, default=1)
    created_at: Mapped[str] = mapped_column(String)


class Customer(Base):
    __tablename__ = "customers"
    id: Mapped[int] = mapped_column(primary_key=True)
    uuid: Mapped[str] = mapped_column(String(36), unique=True)
    doc_type: Mapped[str] = mapped_column(String(3))
    doc_number: Mapped[str] = mapped_column(String(12))
    first_names: Mapped[str] = mapped_column(String)
    last_names: Mapped[str] = mapped_column(String)
    phone: Mapped[str | None] = mapped_column(String(15), nullable=True, index=True)
    phone2: Mapped[str | None] = mapped_column(String(15), nullable=True, index=True)
    address: Mapped[str] = mapped_column(String, default="")
    created_at: Mapped[str] = mapped_column(String)
    __table_args__ = (UniqueConstraint("doc_number", "doc_type", name="uq_customers_doc"),)


class Account(Base):
    __tablename__ = "accounts"
    id: Mapped[int] = mapped_column(primary_key=True)
    uuid: Mapped[str] = mapped_column(String(36), unique=True)
    account_no: Mapped[str] = mapped_column(String(20), unique=True)
    customer_id: Mapped[int] = mapped_column(ForeignKey("customers.id"), index=True)
    description: Mapped[str] = mapped_column(String, default="")
    principal_cents: Mapped[int] = mapped_column(Integer)
    rate_bp: Mapped[int] = mapped_column(Integer)  # monthly interest, hundredths of a percent
    term: Mapped[int] = mapped_column(Integer)
    frequency: Mapped[str] = mapped_column(String(10), default="monthly")
    opened_on: Mapped[str] = mapped_column(String(10))
    credit_limit_cents: Mapped[int] = mapped_column(Integer)
    status: Mapped[str] = mapped_column(String(12), default="active")
    created_at: Mapped[str] = mapped_column(String)


class Installment(Base):
    __tablename__ = "installments"
    account_id: Mapped[int] = mapped_column(ForeignKey("accounts.id"), primary_key=True)
    number: Mapped[int] = mapped_column(Integer, primary_key=True)
    due_on: Mapped[str] = mapped_column(String(10), index=True)
    principal_cents: Mapped[int] = mapped_column(Integer)
    interest_cents: Mapped[int] = mapped_column(Integer)
    __table_args__ = ({"sqlite_with_rowid": False},)


class Payment(Base):
    __tablename__ = "payments"
    id: Mapped[int] = mapped_column(primary_key=True)
    uuid: Mapped[str] = mapped_column(String(36), unique=True)
    receipt_no: Mapped[str] = mapped_column(String(24), unique=True)
    account_id: Mapped[int] = mapped_column(ForeignKey("accounts.id"), index=True)
    amount_cents: Mapped[int] = mapped_column(Integer)
    method: Mapped[str] = mapped_column(String(16))
    method_kind: Mapped[str] = mapped_column(String(8))
    tendered_cents: Mapped[int | None] = mapped_column(Integer, nullable=True)
    change_cents: Mapped[int | None] = mapped_column(Integer, nullable=True)
    card_brand: Mapped[str | None] = mapped_column(String(20), nullable=True)
    card_last4: Mapped[str | None] = mapped_column(String(4), nullable=True)
    auth_code: Mapped[str | None] = mapped_column(String(12), nullable=True)
    operation_number: Mapped[str | None] = mapped_column(String(20), nullable=True)
    cashier_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), nullable=True)
    cashier_name: Mapped[str] = mapped_column(String)
    branch_code: Mapped[str] = mapped_column(String(8))
    register: Mapped[str] = mapped_column(String(2))
    created_at: Mapped[str] = mapped_column(String, index=True)
    business_date: Mapped[str] = mapped_column(String(10), index=True)
    drawer_session_id: Mapped[int | None] = mapped_column(
        ForeignKey("drawer_sessions.id"), nullable=True, index=True
    )


class PaymentAllocation(Base):
    __tablename__ = "payment_allocations"
    payment_id: Mapped[int] = mapped_column(ForeignKey("payments.id"), primary_key=True)
    line_no: Mapped[int] = mapped_column(Integer, primary_key=True)
    # The payment's account, copied when the line is written (a trigger checks it): the aging sums the
    # lines by account and installment through ix_payment_allocations_installment.
    account_id: Mapped[int] = mapped_column(ForeignKey("accounts.id"))
    installment_no: Mapped[int | None] = mapped_column(Integer, nullable=True)  # None: credit balance
    late_fee_cents: Mapped[int] = mapped_column(Integer, default=0)
    interest_cents: Mapped[int] = mapped_column(Integer, default=0)
    principal_cents: Mapped[int] = mapped_column(Integer, default=0)
    __table_args__ = (
        Index(
            "ix_payment_allocations_installment",
            "account_id",
            "installment_no",
            "principal_cents",
            "interest_cents",
            sqlite_where=installment_no.isnot(None),
        ),
        {"sqlite_with_rowid": False},
    )


class PaymentVoid(Base):
    __tablename__ = "payment_voids"
    id: Mapped[int] = mapped_column(primary_key=True)
    uuid: Mapped[str] = mapped_column(String(36), unique=True)
    payment_id: Mapped[int] = mapped_column(ForeignKey("payments.id"), unique=True)
    manager_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), nullable=True)
    manager_name: Mapped[str] = mapped_column(String)
    requested_by: Mapped[str] = mapped_column(String)
    reason: Mapped[str] = mapped_column(Text)
    branch_code: Mapped[str] = mapped_column(String(8))
    register: Mapped[str] = mapped_column(String(2))
    created_at: Mapped[str] = mapped_column(String)
    business_date: Mapped[str] = mapped_column(String(10), index=True)
    drawer_session_id: Mapped[int | None] = mapped_column(
        ForeignKey("drawer_sessions.id"), nullable=True, index=True
    )


class ReceiptSequence(Base):
    __tablename__ = "receipt_sequences"
    series: Mapped[str] = mapped_column(String(16), primary_key=True)  # e.g. "B012-01"
    last_no: Mapped[int] = mapped_column(Integer, default=0)


class AuditEntry(Base):
    __tablename__ = "audit_log"
    id: Mapped[int] = mapped_column(primary_key=True)
    created_at: Mapped[str] = mapped_column(String)
    actor: Mapped[str] = mapped_column(String)
    action: Mapped[str] = mapped_column(String(32))
    subject: Mapped[str] = mapped_column(String)
    details: Mapped[str] = mapped_column(Text)
    prev_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64))


class OutboxEvent(Base):
    __tablename__ = "outbox"
    id: Mapped[int] = mapped_column(primary_key=True)
    event_uuid: Mapped[str] = mapped_column(String(36), unique=True)
    kind: Mapped[str] = mapped_column(String(32))
    payload: Mapped[str] = mapped_column(Text)
    created_at: Mapped[str] = mapped_column(String)
    sent_at: Mapped[str | None] = mapped_column(String, nullable=True)
    __table_args__ = (Index("ix_outbox_pending", "id", sqlite_where=sent_at.is_(None)),)


class PrintJob(Base):
    """A receipt, void slip or reprint waiting to print (``status`` pending/failed) or printed."""

    __tablename__ = "print_jobs"
    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(8))  # payment | void
    receipt_no: Mapped[str] = mapped_column(String(24), index=True)
    copy: Mapped[int] = mapped_column(Integer, default=0)
    status: Mapped[str] = mapped_column(String(8), default="pending")
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    last_error: Mapped[str | None] = mapped_column(Text, nullable=True)
    requested_by: Mapped[str] = mapped_column(String)
    created_at: Mapped[str] = mapped_column(String)
    updated_at: Mapped[str] = mapped_column(String)
    printed_at: Mapped[str | None] = mapped_column(String, nullable=True)
    __table_args__ = (Index("ix_print_jobs_waiting", "id", sqlite_where=status != "printed"),)


class SyncStateEntry(Base):
    """One setting of the head office sync (server URL, pull cursor, last success, last error...)."""

    __tablename__ = "sync_state"
    key: Mapped[str] = mapped_column(String(32), primary_key=True)
    value: Mapped[str] = mapped_column(Text)


class SyncRefusal(Base):
    """An outbox event head office refused (``push``), or a change this branch could not apply (``pull``)."""

    __tablename__ = "sync_refusals"
    id: Mapped[int] = mapped_column(primary_key=True)
    direction: Mapped[str] = mapped_column(String(4))
    event_uuid: Mapped[str] = mapped_column(String(36))
    reason: Mapped[str] = mapped_column(String(32))
    detail: Mapped[str] = mapped_column(Text)
    created_at: Mapped[str] = mapped_column(String)
    __table_args__ = (UniqueConstraint("direction", "event_uuid", "reason", name="uq_sync_refusals"),)


class SetAside(Base):
    """An index or trigger a bulk write dropped for its duration, with the SQL that puts it back
    (``app.storage.bulk_write``)."""

    __tablename__ = "set_aside"
    name: Mapped[str] = mapped_column(String, primary_key=True)
    sql: Mapped[str] = mapped_column(Text)
