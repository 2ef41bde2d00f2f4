"""How a payment is split over what an account owes (pure; integer cents).

Contract of :func:`allocate`: the lines sum exactly to the amount; no line pays more of a component
than the installment owes of it as of the payment's date; installments are paid oldest first, in the
policy's component order (see ``AllocationPolicy``); money beyond what is owed becomes one credit line
(``installment_no=None``) only when the policy allows a credit balance, otherwise
:class:`OverPayment` is raised and the caller refuses the payment.
"""

from __future__ import annotations

from app.ledger import AccountState, AllocationLine
from app.settings import AllocationPolicy


class OverPayment(Exception):
    """The amount is above the payoff and the policy does not allow a credit balance."""

    def __init__(self, payoff_cents: int) -> None:
        super().__init__(payoff_cents)
        self.payoff_cents = payoff_cents


def allocate(state: AccountState, amount_cents: int, policy: AllocationPolicy) -> list[AllocationLine]:
    """Split ``amount_cents`` over ``state``; see the module contract."""
    if amount_cents <= 0:
        raise ValueError("amount must be positive")
    owed: list[tuple[int, dict[str, int]]] = [
        (
            inst.number,
            {
                "late_fee": inst.late_fee_owed_cents,
                "interest": inst.owed_interest_cents,
                "principal": inst.owed_principal_cents,
            },
        )
        for inst in state.installments
        if inst.owed_cents > 0
    ]
    payable = sum(sum(parts.values()) for _, parts in owed)
    if amount_cents > payable and not policy.allow_credit_balance:
        raise OverPayment(max(payable, 0))
    taken: dict[int, dict[str, int]] = {}
    remaining = amount_cents

    def take(number: int, parts: dict[str, int], component: str) -> None:
        nonlocal remaining
        pay = min(remaining, parts[component])
        if pay > 0:
            taken.setdefault(number, {"late_fee": 0, "interest": 0, "principal": 0})[component] += pay
            remaining -= pay

    if policy.mode == "component":
        for component in policy.components:
            for number, parts in owed:
                take(number, parts, component)
    else:
        for number, parts in owed:
            for component in policy.components:
                take(number, parts, component)
    lines = [
        AllocationLine(n, taken[n]["late_fee"], taken[n]["interest"], taken[n]["principal"])
        for n in sorted(taken)
    ]
    if remaining > 0:
        lines.append(AllocationLine(None, 0, 0, remaining))
    return lines
