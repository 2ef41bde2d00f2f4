"""What the branch's settings say about the company and its payment methods, for report headers."""

from __future__ import annotations

from datetime import datetime

from app.clock import parse_iso_utc
from app.receipts import CompanyHeader
from app.settings import BranchSettings


def company_header(settings: BranchSettings) -> CompanyHeader:
    """The header printed on every document of the branch (as on its receipts)."""
    c = settings.company
    return CompanyHeader(
        trade_name=c.trade_name,
        tax_id=c.tax_id,
        branch_name=settings.branch_name,
        address=c.address,
        phone=c.phone,
        footer_lines=tuple(line for line in c.footer.splitlines() if line.strip()),
    )


def method_labels(settings: BranchSettings) -> dict[str, str]:
    """Method code -> its name in the branch's language (a code the settings lack keeps its code)."""
    return {m.code: m.label(settings.language) for m in settings.payment_methods}


def local_time(stored: str, settings: BranchSettings) -> datetime:
    """A stored UTC timestamp as an aware datetime in the branch's time zone."""
    return parse_iso_utc(stored).astimezone(settings.zone)
