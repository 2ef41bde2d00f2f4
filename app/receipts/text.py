"""Text for printers: clean it, fit it to a code page, encode it. Never a "?" on paper.

Contracts:
- :func:`clean` turns anything a person typed into one printable line: control characters (including
  ESC and GS, which would otherwise be printer commands hidden in a customer's name) become spaces,
  odd spaces become plain spaces, and the text is NFC-composed so one letter is one column.
- :func:`fit_to_codec` returns text whose every character the codec can encode: ñ, á, ¿, ¡, ü stay as
  they are on CP858/CP850/CP437; what the code page lacks is transliterated (“ -> ", — -> -, € -> EUR,
  ő -> o, Á -> A on CP437) through a small table and then Unicode NFKD; a character with no Latin
  equivalent at all (a CJK ideograph, an emoji) becomes "_" (letters, digits) or is dropped (symbols).
- :func:`encode` is ``fit_to_codec(clean(text)).encode(codec)``; it cannot raise for any input.
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache

# ESC/POS code page names (as in python-escpos's capabilities) -> Python codec.
CODEPAGE_CODECS: dict[str, str] = {
    "CP437": "cp437",
    "CP850": "cp850",
    "CP858": "cp858",
    "CP860": "cp860",
    "CP863": "cp863",
    "CP865": "cp865",
    "CP1252": "cp1252",
    "ISO_8859-1": "latin_1",
    "ISO_8859-15": "iso8859_15",
}

_ALIASES = {"PC858_EURO": "CP858", "PC850_MULTILINGUAL": "CP850", "PC437_USA": "CP437", "WPC1252": "CP1252"}

# Used only for characters the code page lacks. Checked before NFKD, which maps none of these.
_TRANSLITERATIONS: dict[str, str] = {
    **dict.fromkeys("“”„‟″«»〝〞", '"'),
    **dict.fromkeys("‘’‚‛′`´", "'"),
    **dict.fromkeys("‐‑‒–—―−", "-"),
    "…": "...",
    "€": "EUR",
    "£": "GBP",
    "•": "*",
    "·": ".",
    "™": "TM",
    "©": "(C)",
    "®": "(R)",
    "×": "x",
    "÷": "/",
    "⁄": "/",
    "Œ": "OE",
    "œ": "oe",
    "Æ": "AE",
    "æ": "ae",
    "Ø": "O",
    "ø": "o",
    "Đ": "D",
    "đ": "d",
    "Ð": "D",
    "ð": "d",
    "Ł": "L",
    "ł": "l",
    "ı": "i",
    "Þ": "Th",
    "þ": "th",
    "ß": "ss",
    "º": "o",
    "ª": "a",
    "°": "o",
    # Only reached on a code page without them: the closing "?" or "!" still reads right.
    "¿": "",
    "¡": "",
}


def codec_for(codepage: str) -> str:
    """The Python codec for an ESC/POS code page name ("CP858", "cp858", "PC858_EURO", "858")."""
    name = normalize_codepage(codepage)
    return CODEPAGE_CODECS[name]


def normalize_codepage(codepage: str) -> str:
    """Canonical code page name, e.g. ``"pc858_euro"`` -> ``"CP858"``; ``KeyError`` if unsupported."""
    name = codepage.strip().upper().replace(" ", "")
    name = _ALIASES.get(name, name)
    if name.isdigit():
        name = "CP" + name
    if name.startswith("PC") and name[2:].isdigit():
        name = "CP" + name[2:]
    if name.startswith("ISO8859-"):
        name = "ISO_" + name[3:]
    if name not in CODEPAGE_CODECS:
        raise KeyError(codepage)
    return name


@lru_cache(maxsize=16)
def _encodable(codec: str) -> frozenset[str]:
    upper = set()
    for byte in range(0x80, 0x100):
        try:
            upper.add(bytes([byte]).decode(codec))
        except UnicodeDecodeError:
            continue
    printable_ascii = {chr(c) for c in range(0x20, 0x7F)}
    return frozenset(
        c for c in upper | printable_ascii if not unicodedata.category(c).startswith(("C", "Z"))
    ) | {" "}


def clean(text: str) -> str:
    """One printable line: controls and odd spaces become spaces, format characters are dropped, the
    text is NFC-composed, runs of spaces collapse to one and the ends are stripped."""
    if text.isascii() and text.isprintable() and "  " not in text and text == text.strip():
        return text
    out = []
    for char in unicodedata.normalize("NFC", text):
        category = unicodedata.category(char)
        if category in ("Cc", "Zs", "Zl", "Zp"):
            out.append(" ")
        elif category not in ("Cf", "Cs", "Co", "Cn"):
            out.append(char)
    return " ".join(part for part in "".join(out).split(" ") if part)


@lru_cache(maxsize=4096)
def _fit_char(char: str, codec: str) -> str:
    encodable = _encodable(codec)
    if char in encodable:
        return char
    category = unicodedata.category(char)
    if category.startswith(("C", "Z")):
        return " " if category.startswith("Z") or char in "\t\n\r" else ""
    mapped = _TRANSLITERATIONS.get(char)
    if mapped is not None and all(c in encodable for c in mapped):
        return mapped
    decomposed = unicodedata.normalize("NFKD", char)
    if decomposed != char:
        parts = []
        for part in decomposed:
            if unicodedata.combining(part):
                continue
            fitted = _fit_char(part, codec) if part != char else ""
            parts.append(fitted)
        result = "".join(parts)
        if result.strip() or char.isspace():
            return result
    digit = unicodedata.decimal(char, None)
    if digit is not None:
        return str(digit)
    if category.startswith(("L", "N")):
        return "_"
    return ""


def fit_to_codec(text: str, codec: str) -> str:
    """``text`` with every character encodable in ``codec`` (see the module contract)."""
    try:
        text.encode(codec)
    except UnicodeEncodeError:
        pass
    else:
        if text.isprintable():
            return text
    return "".join(_fit_char(char, codec) for char in text)


def encode(text: str, codec: str) -> bytes:
    """Printable bytes for ``text`` in ``codec``; never raises, never produces "?" for a missing glyph."""
    return fit_to_codec(clean(text), codec).encode(codec)
