"""Models of the cash drawer tables (migration 0004); registered on the same ``Base`` as the others."""

from __future__ import annotations

from sqlalchemy import ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from app.storage.models import Base


class DrawerSession(Base):
    """A register's drawer from its opening float until its close (open while it has no close row)."""

    __tablename__ = "drawer_sessions"
    id: Mapped[int] = mapped_column(primary_key=True)
    uuid: Mapped[str] = mapped_column(String(36), unique=True)
    branch_code: Mapped[str] = mapped_column(String(8))
    register: Mapped[str] = mapped_column(String(2))
    opened_by: Mapped[str] = mapped_column(String)
    opened_at: Mapped[str] = mapped_column(String)
    business_date: Mapped[str] = mapped_column(String(10), index=True)
    float_cents: Mapped[int] = mapped_column(Integer)
    float_counts: Mapped[str] = mapped_column(Text)
    __table_args__ = (Index("ix_drawer_sessions_register", "register", "id"),)


class DrawerClose(Base):
    """The blind count that closed a session, with what the system expected and who approved it."""

    __tablename__ = "drawer_closes"
    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[int] = mapped_column(ForeignKey("drawer_sessions.id"), unique=True)
    closed_by: Mapped[str] = mapped_column(String)
    closed_at: Mapped[str] = mapped_column(String)
    counted_cents: Mapped[int] = mapped_column(Integer)
    counts: Mapped[str] = mapped_column(Text)
    expected_cents: Mapped[int] = mapped_column(Integer)
    over_short_cents: Mapped[int] = mapped_column(Integer)
    approved_by: Mapped[str | None] = mapped_column(String, nullable=True)
    note: Mapped[str] = mapped_column(Text, default="")


class CashMove(Base):
    """Cash put into (positive) or taken out of (negative) an open drawer by a manager."""

    __tablename__ = "cash_moves"
    id: Mapped[int] = mapped_column(primary_key=True)
    uuid: Mapped[str] = mapped_column(String(36), unique=True)
    session_id: Mapped[int] = mapped_column(ForeignKey("drawer_sessions.id"), index=True)
    amount_cents: Mapped[int] = mapped_column(Integer)
    reason: Mapped[str] = mapped_column(Text)
    manager: Mapped[str] = mapped_column(String)
    created_at: Mapped[str] = mapped_column(String)


class ZReport(Base):
    """The Z report of a closed session, numbered in a gap-free sequence per register."""

    __tablename__ = "z_reports"
    id: Mapped[int] = mapped_column(primary_key=True)
    uuid: Mapped[str] = mapped_column(String(36), unique=True)
    register: Mapped[str] = mapped_column(String(2))
    z_no: Mapped[int] = mapped_column(Integer)
    session_id: Mapped[int] = mapped_column(ForeignKey("drawer_sessions.id"), unique=True)
    issued_by: Mapped[str] = mapped_column(String)
    issued_at: Mapped[str] = mapped_column(String)
    content: Mapped[str] = mapped_column(Text)
    __table_args__ = (UniqueConstraint("register", "z_no", name="uq_z_reports_number"),)
