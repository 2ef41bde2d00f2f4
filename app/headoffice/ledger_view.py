"""An account as head office sees it: the same derivation as the branches (``app.ledger``) over the
head office's schedule and the valid payments it has received. After a sync round every branch and
head office derive the same balance from the same schedule and the same allocation lines."""

from __future__ import annotations

from datetime import date

from sqlalchemy import and_, exists, select

from app.headoffice.models import (
    BranchPayment,
    BranchPaymentAllocation,
    BranchVoid,
    MasterAccount,
    MasterInstallment,
)
from app.headoffice.store import HeadOfficeStore
from app.ledger import AccountState, AllocationLine, account_state
from app.schedule import ScheduledInstallment
from app.settings import LateFeePolicy


def account_state_at(
    store: HeadOfficeStore, account_no: str, as_of: date, policy: LateFeePolicy | None = None
) -> AccountState | None:
    """The state of ``account_no`` on ``as_of`` (``None`` if head office has no such account)."""
    day = as_of.isoformat()
    with store.read() as conn:
        account_id = conn.scalar(select(MasterAccount.id).where(MasterAccount.account_no == account_no))
        if account_id is None:
            return None
        schedule = [
            ScheduledInstallment(n, date.fromisoformat(d), p, i)
            for n, d, p, i in conn.execute(
                select(
                    MasterInstallment.number,
                    MasterInstallment.due_on,
                    MasterInstallment.principal_cents,
                    MasterInstallment.interest_cents,
                )
                .where(MasterInstallment.account_id == account_id)
                .order_by(MasterInstallment.number)
            )
        ]
        voided = exists().where(
            and_(BranchVoid.payment_id == BranchPayment.id, BranchVoid.business_date <= day)
        )
        lines = [
            AllocationLine(*row)
            for row in conn.execute(
                select(
                    BranchPaymentAllocation.installment_no,
                    BranchPaymentAllocation.late_fee_cents,
                    BranchPaymentAllocation.interest_cents,
                    BranchPaymentAllocation.principal_cents,
                )
                .join(BranchPayment, BranchPayment.id == BranchPaymentAllocation.payment_id)
                .where(BranchPayment.account_id == account_id, BranchPayment.business_date <= day, ~voided)
            )
        ]
    return account_state(schedule, lines, as_of, policy or LateFeePolicy())
