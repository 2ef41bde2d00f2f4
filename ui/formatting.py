"""Money, dates and method names as the branch's locale writes them (Babel via ``app.money``)."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from babel.dates import format_date, format_datetime

from app.clock import parse_iso_utc
from app.money import format_money
from app.settings import BranchSettings


class Formatter:
    """Formats values for one branch; cheap, pure, safe on any thread."""

    def __init__(self, settings: BranchSettings) -> None:
        self.settings = settings
        self.lang = settings.language

    def money(self, value: Decimal | None) -> str:
        if value is None:
            return ""
        return format_money(value, self.settings.currency, self.settings.locale)

    def plain(self, value: Decimal) -> str:
        """An amount as it is typed into a field ("123.45")."""
        return format(value, "f")

    def date(self, value: date | None) -> str:
        return format_date(value, "medium", locale=self.settings.locale) if value else ""

    def short_date(self, value: date | None) -> str:
        return format_date(value, "dd/MM/yyyy", locale=self.settings.locale) if value else ""

    def timestamp(self, iso_utc: str | None) -> str:
        """A stored UTC timestamp in the branch's time zone, e.g. "04/12/2026 15:03"."""
        if not iso_utc:
            return ""
        local: datetime = parse_iso_utc(iso_utc).astimezone(self.settings.zone)
        return format_datetime(local, "dd/MM/yyyy HH:mm", locale=self.settings.locale)

    def method(self, code: str) -> str:
        for m in self.settings.payment_methods:
            if m.code == code:
                return m.label(self.lang)
        return code
