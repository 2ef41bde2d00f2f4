"""A receipt or void slip as a PDF the width of a thermal roll (80 mm), e.g. to e-mail or archive.

:func:`receipt_pdf` draws the same items as the text rendering and the ESC/POS job (same wrapping at
``width`` columns) in Courier, with the QR code drawn by reportlab and the logo when it exists, on one
page whose height fits the content. reportlab's standard fonts use WinAnsi (CP1252) encoding, which
has every Spanish letter and sign (ñ, á, Á, ü, ¿, ¡, º) and €; other characters are transliterated with
the same rules as the printer's (:func:`app.receipts.text.fit_to_codec`), so nothing prints as a box.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import Any, BinaryIO

from app.receipts.escpos_job import DEFAULT_LOGO
from app.receipts.layout import Columns, Feed, Item, Logo, Qr, Rule, Text, check_width, layout, map_text, rows
from app.receipts.model import Document
from app.receipts.text import fit_to_codec

MM = 72 / 25.4
PAGE_WIDTH = 80 * MM
MARGIN = 4 * MM
QR_SIZE = 30 * MM
LOGO_MAX_HEIGHT = 18 * MM
_CHAR_WIDTH = 0.6  # Courier's advance width per point of size

Draw = Callable[[Any, float], None]  # (canvas, y of the top of the block)


def receipt_pdf(
    document: Document,
    target: str | os.PathLike[str] | BinaryIO,
    *,
    language: str = "es",
    width: int = 42,
    logo: Path | None = DEFAULT_LOGO,
) -> None:
    """Write ``document`` as a one-page PDF to ``target`` (a path or a binary file object)."""
    from reportlab.pdfgen.canvas import Canvas

    check_width(width)
    font_size = (PAGE_WIDTH - 2 * MARGIN) / (width * _CHAR_WIDTH)
    items = map_text(layout(document, language), lambda text: fit_to_codec(text, "cp1252"))
    blocks = [block for item in items for block in _blocks(item, width, font_size, logo)]
    height = 2 * MARGIN + sum(h for h, _ in blocks)
    target_arg = os.fspath(target) if isinstance(target, str | os.PathLike) else target
    canvas = Canvas(target_arg, pagesize=(PAGE_WIDTH, height))
    canvas.setTitle(getattr(document, "receipt_no", "receipt"))
    y = height - MARGIN
    for block_height, draw in blocks:
        draw(canvas, y)
        y -= block_height
    canvas.showPage()
    canvas.save()


def _blocks(item: Item, width: int, size: float, logo: Path | None) -> list[tuple[float, Draw]]:
    if isinstance(item, Qr):
        return [(QR_SIZE + size, _qr(item.payload))]
    if isinstance(item, Logo):
        return _logo(logo, size) if logo is not None and logo.is_file() else []
    if not isinstance(item, Text | Columns | Rule | Feed):
        return []
    double = isinstance(item, Text) and item.double
    bold = isinstance(item, Text | Columns) and item.bold
    align = item.align if isinstance(item, Text) else "left"
    font = "Courier-Bold" if bold else "Courier"
    row_size = size * 2 if double else size
    leading = row_size * 1.2
    return [(leading, _row(row, font, row_size, align)) for row in rows(item, width)]


def _row(text: str, font: str, size: float, align: str) -> Draw:
    def draw(canvas: Any, top: float) -> None:
        text_width = canvas.stringWidth(text, font, size)
        usable = PAGE_WIDTH - 2 * MARGIN
        x = MARGIN
        if align == "center":
            x += (usable - text_width) / 2
        elif align == "right":
            x += usable - text_width
        canvas.setFont(font, size)
        canvas.drawString(x, top - size, text)

    return draw


def _qr(payload: str) -> Draw:
    def draw(canvas: Any, top: float) -> None:
        from reportlab.graphics import renderPDF
        from reportlab.graphics.barcode.qr import QrCodeWidget
        from reportlab.graphics.shapes import Drawing

        widget = QrCodeWidget(payload, barLevel="M")
        x0, y0, x1, y1 = widget.getBounds()
        drawing = Drawing(QR_SIZE, QR_SIZE, transform=[QR_SIZE / (x1 - x0), 0, 0, QR_SIZE / (y1 - y0), 0, 0])
        drawing.add(widget)
        renderPDF.draw(drawing, canvas, (PAGE_WIDTH - QR_SIZE) / 2, top - QR_SIZE)

    return draw


def _logo(path: Path, size: float) -> list[tuple[float, Draw]]:
    from reportlab.lib.utils import ImageReader

    try:
        image = ImageReader(str(path))
        pixel_width, pixel_height = image.getSize()
    except Exception:  # an unreadable logo is not a reason to refuse a receipt
        return []
    scale = min((PAGE_WIDTH - 2 * MARGIN) / pixel_width, LOGO_MAX_HEIGHT / pixel_height)
    shown_width, shown_height = pixel_width * scale, pixel_height * scale

    def draw(canvas: Any, top: float) -> None:
        x = (PAGE_WIDTH - shown_width) / 2
        canvas.drawImage(image, x, top - shown_height, shown_width, shown_height, mask="auto")

    return [(shown_height + size / 2, draw)]
