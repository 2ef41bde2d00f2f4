"""The printer settings form as one URI, without Qt.

The branch stores one printer URI (``app.receipts.settings``); the settings screen shows its address
(``tcp://10.0.0.5:9100``), paper width and code page as separate fields. :func:`split_uri` and
:func:`compose_uri` convert between the two and keep every other query option as it was;
:func:`check_uri` validates with the core's parser (``PrinterError`` of kind ``invalid_uri``).
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from app.flows.messages import flow_error
from app.receipts import PrinterSettings, parse_printer_uri

WIDTHS = (32, 42, 48)
CODEPAGES = ("CP858", "CP850", "CP437", "CP1252")
DEFAULT_WIDTH = 42
DEFAULT_CODEPAGE = "CP858"


@dataclass(frozen=True, slots=True)
class PrinterFields:
    address: str
    width: int = DEFAULT_WIDTH
    codepage: str = DEFAULT_CODEPAGE
    other_options: tuple[tuple[str, str], ...] = ()


def split_uri(uri: str | None) -> PrinterFields:
    """The fields of ``uri`` (no validation; an empty URI gives empty fields)."""
    if not uri or not uri.strip():
        return PrinterFields("")
    parts = urlsplit(uri.strip())
    width, codepage, others = DEFAULT_WIDTH, DEFAULT_CODEPAGE, []
    for key, value in parse_qsl(parts.query, keep_blank_values=True):
        if key == "width" and value.isdigit():
            width = int(value)
        elif key == "codepage":
            codepage = value.upper()
        else:
            others.append((key, value))
    address = urlunsplit((parts.scheme, parts.netloc, parts.path, "", ""))
    return PrinterFields(address, width, codepage, tuple(others))


def compose_uri(fields: PrinterFields) -> str:
    """The URI of ``fields``; width and code page are written only when not the defaults."""
    if fields.width not in WIDTHS:
        raise flow_error("printer_width")
    address = fields.address.strip()
    options = list(fields.other_options)
    if fields.width != DEFAULT_WIDTH:
        options.append(("width", str(fields.width)))
    if fields.codepage.upper() != DEFAULT_CODEPAGE:
        options.append(("codepage", fields.codepage.upper()))
    return f"{address}?{urlencode(options)}" if options else address


def check_uri(uri: str) -> PrinterSettings:
    """The parsed printer settings; ``PrinterError`` (kind ``invalid_uri``) for a bad URI."""
    return parse_printer_uri(uri)
