"""Turning results into JSON values: ``Decimal`` -> "123.45", dates -> ISO text, dataclasses -> objects."""

from __future__ import annotations

import dataclasses
from datetime import date
from decimal import Decimal
from typing import Any


def jsonable(value: Any) -> Any:
    """``value`` with every Decimal, date and dataclass turned into JSON-ready values (money as strings)."""
    if isinstance(value, Decimal):
        return format(value, "f")
    if isinstance(value, date):
        return value.isoformat()
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: jsonable(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, list | tuple):
        return [jsonable(v) for v in value]
    if isinstance(value, dict):
        return {str(k): jsonable(v) for k, v in value.items()}
    return value
