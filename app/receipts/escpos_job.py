"""The ESC/POS bytes of a receipt or void slip, built with python-escpos's ``Dummy`` printer.

:func:`build_job` returns the whole job as ``bytes``; nothing is sent anywhere. The job starts with
``ESC @`` (reset) and ``ESC t n`` (the configured code page, CP858 by default), then the layout of
:mod:`app.receipts.layout`: optional logo, bold and double-size title, text, a native ESC/POS QR code
(``GS ( k``; an image on profiles without native QR), a paper cut at the end, and a drawer kick
(``ESC p``) first for cash payments and cash voids that are not copies.

Text does not go through python-escpos's "magic encoder": it would print "?" for a character the code
page lacks, may switch to any other code page the profile lists (which cheap printers often lack), and
only emits the code page select lazily before the first text. Instead the text is fitted to the code
page here (:func:`app.receipts.text.fit_to_codec`: transliterated, never "?"), encoded with Python's
codec for that page, and written with the ``ESC t`` we sent right after ``ESC @``. The layout is wrapped
after fitting, so "EUR" for "€" still never overflows a row. python-escpos does the styling, QR, image,
cut and drawer commands.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from app.receipts import profiles
from app.receipts.layout import (
    Align,
    Columns,
    Cut,
    DrawerKick,
    Feed,
    Item,
    Logo,
    Qr,
    Rule,
    Text,
    check_width,
    layout,
    map_text,
    rows,
)
from app.receipts.model import Document
from app.receipts.settings import PrinterSettings
from app.receipts.text import codec_for, fit_to_codec

DEFAULT_LOGO = Path(__file__).resolve().parents[2] / "resources" / "receipt_logo.png"
ESC_INIT = b"\x1b@"
MAX_LOGO_HEIGHT = 160  # dots: about 2 cm on a 203 dpi printer


@dataclass(frozen=True, slots=True)
class _Style:
    align: Align = "left"
    bold: bool = False
    double: bool = False


def build_job(
    document: Document,
    settings: PrinterSettings,
    *,
    language: str = "es",
    logo: Path | None = DEFAULT_LOGO,
) -> bytes:
    """The complete ESC/POS job for ``document`` on the printer described by ``settings``.

    Uses ``settings.profile``, ``settings.width``, ``settings.codepage`` and ``settings.drawer_pin``.
    ``logo`` is printed at the top when the file exists (pass ``None`` for no logo). Pure: no I/O
    except reading the logo once (it is cached per file version). Any thread may call it. Raises
    ``ValueError`` for settings :func:`parse_printer_uri` would have refused (unknown profile, a code
    page the profile lacks, a width outside 24..80).
    """
    width = check_width(settings.width)
    try:
        codec = codec_for(settings.codepage)
        slot = profiles.codepage_slot(settings.profile, settings.codepage)
    except KeyError:
        raise ValueError(
            f"printer profile {settings.profile!r} has no code page {settings.codepage!r}"
        ) from None
    items = map_text(layout(document, language), lambda text: fit_to_codec(text, codec))
    printer = _new_printer(settings.profile, profiles.paper_dots(settings.profile, width), settings.codepage)
    writer = _JobWriter(printer, settings, codec, width)
    printer._raw(ESC_INIT + b"\x1bt" + bytes([slot]))
    for item in items:
        writer.write(item, logo)
    return bytes(printer.output)


class _JobWriter:
    """Turns layout items into python-escpos calls on a Dummy printer, sending styles only on change."""

    def __init__(self, printer: Any, settings: PrinterSettings, codec: str, width: int) -> None:
        self.printer = printer
        self.settings = settings
        self.codec = codec
        self.width = width
        self.style = _Style()

    def write(self, item: Item, logo: Path | None) -> None:
        if isinstance(item, Text):
            self._style(_Style(item.align, item.bold, item.double))
            self._rows(rows(item, self.width))
        elif isinstance(item, Columns):
            self._style(_Style("left", item.bold, False))
            self._rows(rows(item, self.width))
        elif isinstance(item, Rule | Feed):
            self._style(_Style("left", False, False))
            self._rows(rows(item, self.width))
        elif isinstance(item, Qr):
            self._qr(item.payload)
        elif isinstance(item, Logo):
            self._logo(logo)
        elif isinstance(item, DrawerKick):
            self.printer.cashdraw(self.settings.drawer_pin)
        elif isinstance(item, Cut):
            self.printer.cut(mode="PART")

    def _rows(self, lines: list[str]) -> None:
        self.printer._raw("".join(line + "\n" for line in lines).encode(self.codec))

    def _style(self, wanted: _Style) -> None:
        have = self.style
        if wanted == have:
            return
        if wanted.double != have.double:
            # ESC ! (the size command) also clears bold, so bold is always re-sent with it.
            self.printer.set(
                align=wanted.align if wanted.align != have.align else None,
                bold=wanted.bold,
                normal_textsize=not wanted.double,
                double_width=wanted.double,
                double_height=wanted.double,
            )
        else:
            self.printer.set(
                align=wanted.align if wanted.align != have.align else None,
                bold=wanted.bold if wanted.bold != have.bold else None,
            )
        self.style = wanted

    def _qr(self, payload: str) -> None:
        self._style(_Style("center", False, False))
        size = 5 if self.width <= 32 else 6
        native = profiles.supports(self.settings.profile, "qrCode")
        self.printer.qr(payload, ec=_QR_EC_M, size=size, native=native)
        self.printer._raw(b"\n")

    def _logo(self, logo: Path | None) -> None:
        if logo is None:
            return
        dots = profiles.paper_dots(self.settings.profile, self.width)
        raster = _logo_command(logo, self.settings.profile, dots, self.settings.codepage)
        if raster:
            self._style(_Style("center", False, False))
            self.printer._raw(raster)


_QR_EC_M = 1  # escpos.constants.QR_ECLEVEL_M, without importing escpos at module import


def _new_printer(profile: str, dots: int, codepage: str) -> Any:
    escpos_printer = load_printer_module()
    # The magic encoder is told the code page is already selected (we sent ESC t ourselves) and may not
    # switch: python-escpos's own text (the newlines around an image QR) would otherwise emit ESC t 0.
    magic = {"encoding": codepage, "disabled": True}
    printer = escpos_printer.Dummy(profile=profile, magic_encode_args=magic)
    printer.profile = _profile_with_width(profile, dots)
    return printer


def load_printer_module() -> Any:
    """python-escpos's ``escpos.printer`` module (imported lazily and contained)."""
    from app.receipts.escpos_loader import load_escpos

    return load_escpos()


@lru_cache(maxsize=32)
def _profile_with_width(profile: str, dots: int) -> Any:
    """The python-escpos profile with its paper width in dots filled in when the database says "Unknown".

    Without it python-escpos prints a warning to stdout for every image on such profiles (the default
    one included) and cannot check that an image fits. A subclass, so the shared profile is untouched.
    """
    from escpos.capabilities import get_profile_class

    base = get_profile_class(profile)
    data = copy.deepcopy(base.profile_data)
    width = data.setdefault("media", {}).setdefault("width", {})
    if not isinstance(width.get("pixels"), int):
        width["pixels"] = dots
    patched = type(base.__name__, (base,), {"profile_data": data})
    return patched()


def _logo_command(path: Path, profile: str, dots: int, codepage: str) -> bytes:
    try:
        stat = path.stat()
    except OSError:
        return b""
    return _logo_command_cached(str(path), stat.st_mtime_ns, stat.st_size, profile, dots, codepage)


@lru_cache(maxsize=8)
def _logo_command_cached(
    path: str, mtime_ns: int, size: int, profile: str, dots: int, codepage: str
) -> bytes:
    """The ``GS v 0`` raster command of the logo, scaled to fit and centred on the paper width."""
    from PIL import Image

    try:
        with Image.open(path) as source:
            source.load()
            image = source.convert("RGBA")
    except (OSError, ValueError):
        return b""  # an unreadable logo is not a reason to refuse a receipt
    scale = min(1.0, dots / image.width, MAX_LOGO_HEIGHT / image.height)
    if scale < 1.0:
        image = image.resize((max(1, int(image.width * scale)), max(1, int(image.height * scale))))
    canvas = Image.new("RGBA", (dots, image.height), (255, 255, 255, 255))
    canvas.alpha_composite(image, ((dots - image.width) // 2, 0))
    scratch = _new_printer(profile, dots, codepage)
    scratch.image(canvas, impl="bitImageRaster")
    return bytes(scratch.output) + b"\n"
