"""Time: UTC instants for storage, local business dates for the branch.

A ``Clock`` is any zero-argument callable returning an aware UTC datetime; ``Branch.open`` takes one so
that tests can freeze or move time. Stored timestamps are ISO-8601 UTC text with microseconds and a
trailing "Z", which sorts correctly as text.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

from app.errors import InvalidInput

Clock = Callable[[], datetime]


def system_clock() -> datetime:
    return datetime.now(UTC)


def iso_utc(moment: datetime) -> str:
    """``moment`` (aware) as stored text, e.g. ``2026-12-04T21:39:23.123456Z``."""
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def parse_iso_utc(text: str) -> datetime:
    return datetime.strptime(text, "%Y-%m-%dT%H:%M:%S.%fZ").replace(tzinfo=UTC)


def local_date(moment: datetime, zone: ZoneInfo) -> date:
    """The branch's business date at ``moment``."""
    return moment.astimezone(zone).date()


def parse_date(text: str) -> date:
    """A date typed as YYYY-MM-DD; ``InvalidInput`` otherwise."""
    try:
        return date.fromisoformat(text.strip())
    except (ValueError, AttributeError):
        raise InvalidInput("date_invalid", text=text) from None
