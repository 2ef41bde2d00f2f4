"""Real-time printer status (``DLE EOT``): ask before sending a job, where the link can answer.

``DLE EOT 2`` asks for the offline cause (cover open, stopped at paper end), ``DLE EOT 4`` for the roll
paper sensor. Printers answer one byte each, even when offline, without disturbing a job in progress.
"""

from __future__ import annotations

from app.receipts.errors import PrinterError, printer_error

STATUS_QUERY = b"\x10\x04\x02\x10\x04\x04"  # DLE EOT 2 (offline cause), DLE EOT 4 (paper sensor)
STATUS_WAIT_SECONDS = 0.5  # a printer that has not answered by then does not do status on this link


def status_error(answer: bytes, where: str) -> PrinterError | None:
    """The error in the answers to ``DLE EOT 2`` (offline cause) and ``DLE EOT 4`` (paper sensor), if any.

    A real status byte has bits 1 and 4 set and bits 0 and 7 clear; anything else is ignored, as is a
    missing answer (the printer does not do status over this link).
    """

    def valid(index: int) -> int | None:
        return answer[index] if len(answer) > index and answer[index] & 0x93 == 0x12 else None

    offline, paper = valid(0), valid(1)
    if offline is not None and offline & 0x04:
        return printer_error("cover_open", where)
    if (offline is not None and offline & 0x20) or (paper is not None and paper & 0x60 == 0x60):
        return printer_error("paper_out", where)
    return None
