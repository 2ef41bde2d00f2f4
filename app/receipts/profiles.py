"""Printer profiles from python-escpos's printer database, read without importing python-escpos.

python-escpos ships ``escpos/capabilities.json`` (the escpos-printer-db): per printer model, the code
page table (ESC t slot -> code page), the features (native QR, cutter) and the paper width in dots.
Reading the file directly lets settings be validated, and profiles listed in a settings screen, without
python-escpos's import-time side effects (see :mod:`app.receipts.escpos_loader`). Same file, same
``ESCPOS_CAPABILITIES_FILE`` override as python-escpos uses.
"""

from __future__ import annotations

import importlib.util
import json
import os
from functools import lru_cache
from pathlib import Path
from typing import Any

from app.receipts.text import normalize_codepage

DEFAULT_PROFILE = "default"
DOTS_PER_COLUMN = 12  # Font A is 12 dots wide: 32 columns = 384 dots (58 mm), 48 = 576 (80 mm)


@lru_cache(maxsize=1)
def _database() -> dict[str, Any]:
    override = os.environ.get("ESCPOS_CAPABILITIES_FILE")
    if override:
        path = Path(override)
    else:
        spec = importlib.util.find_spec("escpos")
        if spec is None or not spec.submodule_search_locations:
            raise RuntimeError("python-escpos is not installed")
        path = Path(next(iter(spec.submodule_search_locations))) / "capabilities.json"
    text = path.read_text(encoding="utf-8")
    try:
        data = json.loads(text)
    except json.JSONDecodeError:  # an override may be YAML, as python-escpos allows
        data = importlib.import_module("yaml").safe_load(text)
    if not isinstance(data, dict) or "profiles" not in data:
        raise RuntimeError(f"{path} is not a python-escpos capabilities file")
    return data


def profile_names() -> list[str]:
    """Every profile name python-escpos knows, e.g. ``"default"``, ``"TM-T88V"``, ``"simple"``."""
    return sorted(_database()["profiles"])


def _profile(name: str) -> dict[str, Any]:
    profiles: dict[str, Any] = _database()["profiles"]
    if name not in profiles:
        raise KeyError(name)
    profile: dict[str, Any] = profiles[name]
    return profile


def codepage_slot(profile: str, codepage: str) -> int:
    """The ``ESC t n`` number of ``codepage`` on ``profile``; ``KeyError`` if the profile lacks it.

    Some profiles list one code page under two slots (a printer's "legacy" and "new" numbering); the
    lowest is taken. (python-escpos's own lookup inverts the table and so keeps the highest.)
    """
    name = normalize_codepage(codepage)
    slots = sorted(int(slot) for slot, page in _profile(profile)["codePages"].items() if page == name)
    if not slots:
        raise KeyError(f"{profile} has no {name}")
    return slots[0]


def profile_codepages(profile: str) -> list[str]:
    """The code pages of ``profile`` that receipts can use (those with a Python codec)."""
    found: list[str] = []
    for page in _profile(profile)["codePages"].values():
        try:
            name = normalize_codepage(page)
        except KeyError:
            continue
        if name not in found:
            found.append(name)
    return found


def supports(profile: str, feature: str) -> bool:
    """Whether ``profile`` declares ``feature`` (e.g. ``"qrCode"``, ``"paperPartCut"``)."""
    return bool(_profile(profile).get("features", {}).get(feature, False))


def default_width(profile: str) -> int:
    """The receipt width for ``profile``: its Font A columns when that is 32, 42 or 48, else 42."""
    columns = _profile(profile).get("fonts", {}).get("0", {}).get("columns")
    return columns if columns in (32, 42, 48) else 42


def paper_dots(profile: str, width: int) -> int:
    """Printable width in dots: the profile's if known, else ``width`` columns of Font A."""
    pixels = _profile(profile).get("media", {}).get("width", {}).get("pixels")
    if isinstance(pixels, int) and pixels > 0:
        return pixels
    return width * DOTS_PER_COLUMN
