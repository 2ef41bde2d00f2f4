"""Reports: the drawer's X and Z reports and the end-of-day collection report.

``Reports(branch)`` (:mod:`app.reports.service`) is the door: X and Z as receipt-printer documents,
and the end-of-day report as data (:class:`EndOfDayReport`), JSON, plain text, PDF and a short slip.
The figures come from SQL over the whole day and the whole portfolio at once
(:mod:`app.reports.day_activity`, :mod:`app.reports.dues`, :mod:`app.reports.portfolio`), never from
the per-account ledger in a loop.
"""

from __future__ import annotations

from app.reports.end_of_day import EndOfDayReport, eod_json
from app.reports.service import Reports

__all__ = ["EndOfDayReport", "Reports", "eod_json"]
