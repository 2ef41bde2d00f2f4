"""Models of the portfolio checkpoint and the account change log (migration 0007); registered on the
same ``Base`` as the others. What they hold and when they are trusted: ``app.reports.portfolio_state``."""

from __future__ import annotations

from sqlalchemy import CheckConstraint, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from app.storage.models import Base


class PortfolioCheckpoint(Base):
    """The one checkpoint: the business date and the ledger position its account rows were computed at."""

    __tablename__ = "portfolio_checkpoint"
    id: Mapped[int] = mapped_column(Integer, CheckConstraint("id = 1"), primary_key=True)
    as_of: Mapped[str | None] = mapped_column(String(10), nullable=True)  # None: first figures pending
    payment_mark: Mapped[int] = mapped_column(Integer)
    void_mark: Mapped[int] = mapped_column(Integer)
    change_mark: Mapped[int] = mapped_column(Integer)
    updated_at: Mapped[str] = mapped_column(String)


class PortfolioCheckpointAccount(Base):
    """An account of the portfolio at the checkpoint's date: what it owed and since when."""

    __tablename__ = "portfolio_checkpoint_accounts"
    account_id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    opened_on: Mapped[str] = mapped_column(String(10))
    overdue_cents: Mapped[int] = mapped_column(Integer)
    outstanding_cents: Mapped[int] = mapped_column(Integer)
    oldest_due: Mapped[str | None] = mapped_column(String(10), nullable=True)
    next_due: Mapped[str | None] = mapped_column(String(10), nullable=True)


class AccountChange(Base):
    """An account, or one of its installments, was inserted, updated or deleted (written by triggers)."""

    __tablename__ = "account_changes"
    seq: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    account_id: Mapped[int] = mapped_column(Integer)
    __table_args__ = ({"sqlite_autoincrement": True},)
