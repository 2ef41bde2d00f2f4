"""SQLAlchemy 2 models of the head office database (their own ``MetaData``, apart from the branch's).

Money is integer minor units (``*_cents``, 64-bit); timestamps are UTC ISO-8601 text like the branch's;
business dates are ISO dates. Customers, accounts and installments are mastered here and keyed by
UUIDs that every branch shares. ``received_events`` holds each branch event exactly once (unique
``event_uuid``); ``held_events`` keeps what was refused or needs a person's review; ``feed`` is the
global change feed, whose ``seq`` is assigned from ``feed_counter`` inside the writing transaction so
that sequence order is commit order (see :mod:`app.headoffice.feed`).

The schema is created by the migrations in ``migrations/versions``; a test checks these models match.
"""

from __future__ import annotations

from sqlalchemy import BigInteger, ForeignKey, Index, Integer, MetaData, String, Text, UniqueConstraint
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class HeadOfficeBase(DeclarativeBase):
    metadata = MetaData()


class BranchRecord(HeadOfficeBase):
    """A branch allowed to sync; ``token_hash`` is the SHA-256 (hex) of its bearer token."""

    __tablename__ = "branches"
    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(8), unique=True)
    name: Mapped[str] = mapped_column(String(80))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[str] = mapped_column(String(32))
    revoked_at: Mapped[str | None] = mapped_column(String(32), nullable=True)


class MasterCustomer(HeadOfficeBase):
    __tablename__ = "customers"
    id: Mapped[int] = mapped_column(primary_key=True)
    uuid: Mapped[str] = mapped_column(String(36), unique=True)
    doc_type: Mapped[str] = mapped_column(String(3))
    doc_number: Mapped[str] = mapped_column(String(12))
    first_names: Mapped[str] = mapped_column(String(120))
    last_names: Mapped[str] = mapped_column(String(120))
    phone: Mapped[str | None] = mapped_column(String(15), nullable=True)
    phone2: Mapped[str | None] = mapped_column(String(15), nullable=True)
    address: Mapped[str] = mapped_column(String(200), default="")
    created_at: Mapped[str] = mapped_column(String(32))
    __table_args__ = (UniqueConstraint("doc_type", "doc_number", name="uq_ho_customers_doc"),)


class MasterAccount(HeadOfficeBase):
    __tablename__ = "accounts"
    id: Mapped[int] = mapped_column(primary_key=True)
    uuid: Mapped[str] = mapped_column(String(36), unique=True)
    account_no: Mapped[str] = mapped_column(String(20), unique=True)
    customer_id: Mapped[int] = mapped_column(ForeignKey("customers.id"), index=True)
    description: Mapped[str] = mapped_column(String(200), default="")
    principal_cents: Mapped[int] = mapped_column(BigInteger)
    rate_bp: Mapped[int] = mapped_column(Integer)
    term: Mapped[int] = mapped_column(Integer)
    frequency: Mapped[str] = mapped_column(String(10))
    opened_on: Mapped[str] = mapped_column(String(10))
    credit_limit_cents: Mapped[int] = mapped_column(BigInteger)
    status: Mapped[str] = mapped_column(String(12), default="active")
    created_at: Mapped[str] = mapped_column(String(32))


class MasterInstallment(HeadOfficeBase):
    __tablename__ = "installments"
    account_id: Mapped[int] = mapped_column(ForeignKey("accounts.id"), primary_key=True)
    number: Mapped[int] = mapped_column(Integer, primary_key=True)
    due_on: Mapped[str] = mapped_column(String(10))
    principal_cents: Mapped[int] = mapped_column(BigInteger)
    interest_cents: Mapped[int] = mapped_column(BigInteger)


class ReceivedEvent(HeadOfficeBase):
    """A branch event, stored exactly once. ``content_hash`` is SHA-256 of its canonical JSON."""

    __tablename__ = "received_events"
    id: Mapped[int] = mapped_column(primary_key=True)
    event_uuid: Mapped[str] = mapped_column(String(36), unique=True)
    branch_code: Mapped[str] = mapped_column(String(8), index=True)
    kind: Mapped[str] = mapped_column(String(32))
    payload: Mapped[str] = mapped_column(Text)
    content_hash: Mapped[str] = mapped_column(String(64))
    received_at: Mapped[str] = mapped_column(String(32))
    feed_seq: Mapped[int | None] = mapped_column(BigInteger, nullable=True)


class HeldEvent(HeadOfficeBase):
    """An event kept for a person's review: refused (``conflict``, ``invalid``) or stored but not applied
    (``unknown_account``, ``unknown_payment``, ``already_voided``, ``duplicate_payment``).

    ``subject_uuid`` is what the event waits for (the payment of a void that came before it): when
    that payment arrives the void is applied and ``resolved_at`` is set."""

    __tablename__ = "held_events"
    id: Mapped[int] = mapped_column(primary_key=True)
    event_uuid: Mapped[str] = mapped_column(String(36), index=True)
    branch_code: Mapped[str] = mapped_column(String(8))
    kind: Mapped[str] = mapped_column(String(32))
    payload: Mapped[str] = mapped_column(Text)
    content_hash: Mapped[str] = mapped_column(String(64))
    reason: Mapped[str] = mapped_column(String(32))
    detail: Mapped[str] = mapped_column(Text)
    received_at: Mapped[str] = mapped_column(String(32))
    subject_uuid: Mapped[str | None] = mapped_column(String(36), nullable=True, index=True)
    resolved_at: Mapped[str | None] = mapped_column(String(32), nullable=True)
    __table_args__ = (UniqueConstraint("event_uuid", "content_hash", "reason", name="uq_held_events"),)


class BranchPayment(HeadOfficeBase):
    """A payment taken at a branch, as received."""

    __tablename__ = "payments"
    id: Mapped[int] = mapped_column(primary_key=True)
    uuid: Mapped[str] = mapped_column(String(36), unique=True)
    receipt_no: Mapped[str] = mapped_column(String(24), unique=True)
    account_id: Mapped[int] = mapped_column(ForeignKey("accounts.id"), index=True)
    branch_code: Mapped[str] = mapped_column(String(8))
    register: Mapped[str] = mapped_column(String(2))
    amount_cents: Mapped[int] = mapped_column(BigInteger)
    method: Mapped[str] = mapped_column(String(16))
    method_kind: Mapped[str] = mapped_column(String(8))
    cashier: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[str] = mapped_column(String(32))
    business_date: Mapped[str] = mapped_column(String(10))
    event_uuid: Mapped[str] = mapped_column(String(36))
    __table_args__ = (Index("ix_ho_payments_date_branch", "business_date", "branch_code"),)


class BranchPaymentAllocation(HeadOfficeBase):
    __tablename__ = "payment_allocations"
    payment_id: Mapped[int] = mapped_column(ForeignKey("payments.id"), primary_key=True)
    line_no: Mapped[int] = mapped_column(Integer, primary_key=True)
    installment_no: Mapped[int | None] = mapped_column(Integer, nullable=True)
    late_fee_cents: Mapped[int] = mapped_column(BigInteger)
    interest_cents: Mapped[int] = mapped_column(BigInteger)
    principal_cents: Mapped[int] = mapped_column(BigInteger)


class BranchVoid(HeadOfficeBase):
    __tablename__ = "payment_voids"
    id: Mapped[int] = mapped_column(primary_key=True)
    uuid: Mapped[str] = mapped_column(String(36), unique=True)
    payment_id: Mapped[int] = mapped_column(ForeignKey("payments.id"), unique=True)
    branch_code: Mapped[str] = mapped_column(String(8))
    register: Mapped[str] = mapped_column(String(2))
    manager: Mapped[str] = mapped_column(String(64))
    reason: Mapped[str] = mapped_column(Text)
    created_at: Mapped[str] = mapped_column(String(32))
    business_date: Mapped[str] = mapped_column(String(10))
    event_uuid: Mapped[str] = mapped_column(String(36))
    __table_args__ = (Index("ix_ho_voids_date_branch", "business_date", "branch_code"),)


class FeedEntry(HeadOfficeBase):
    """One change for the branches: ``kind`` is customer, account, payment or void; ``payload`` is the
    JSON the branches apply; ``origin_branch`` is the branch a payment or void came from."""

    __tablename__ = "feed"
    seq: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    kind: Mapped[str] = mapped_column(String(8))
    entity_uuid: Mapped[str] = mapped_column(String(36))
    origin_branch: Mapped[str | None] = mapped_column(String(8), nullable=True)
    payload: Mapped[str] = mapped_column(Text)
    created_at: Mapped[str] = mapped_column(String(32))


class FeedCounter(HeadOfficeBase):
    """The single row holding the last assigned feed sequence number."""

    __tablename__ = "feed_counter"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    last_seq: Mapped[int] = mapped_column(BigInteger)
