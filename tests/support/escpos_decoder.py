"""Decode an ESC/POS byte stream back into text and commands, strictly, for tests.

Text bytes are decoded with the code page selected by the last ``ESC t n`` (the printer's default,
CP437, before any). Every command the receipts use is recognised; any other control byte raises
``ValueError`` with its offset, so a stray or malformed command fails the test instead of being skipped.
"""

from __future__ import annotations

from dataclasses import dataclass, field

# ESC t n slots of python-escpos's "default" (Epson) profile that receipts may use.
SLOT_CODECS = {
    0: "cp437",
    2: "cp850",
    3: "cp860",
    4: "cp863",
    5: "cp865",
    16: "cp1252",
    19: "cp858",
    40: "iso8859_15",
}

ESC, GS, DLE = 0x1B, 0x1D, 0x10


@dataclass(frozen=True)
class Command:
    """One recognised command, e.g. ``Command("drawer", (0, 50, 50))`` or ``Command("qr_store", (b"...",))``."""

    name: str
    args: tuple[object, ...] = ()


@dataclass
class DecodedJob:
    """The decoded stream: ``tokens`` in order (``str`` for text, :class:`Command` otherwise)."""

    tokens: list[str | Command] = field(default_factory=list)

    @property
    def text(self) -> str:
        """All printed text, in order."""
        return "".join(t for t in self.tokens if isinstance(t, str))

    @property
    def commands(self) -> list[Command]:
        return [t for t in self.tokens if isinstance(t, Command)]

    def named(self, name: str) -> list[Command]:
        return [c for c in self.commands if c.name == name]

    @property
    def qr_payloads(self) -> list[str]:
        return [bytes(c.args[0]).decode("utf-8") for c in self.named("qr_store")]  # type: ignore[call-overload]

    def text_while(self, name: str, value: object) -> str:
        """The text printed while the last ``name`` command had ``value`` (e.g. bold on)."""
        current: object = None
        out = []
        for token in self.tokens:
            if isinstance(token, Command) and token.name == name:
                current = token.args[0] if token.args else None
            elif isinstance(token, str) and current == value:
                out.append(token)
        return "".join(out)


def decode(data: bytes) -> DecodedJob:
    """Split ``data`` into text and :class:`Command` tokens; ``ValueError`` on anything unknown."""
    job = DecodedJob()
    codec = "cp437"
    pending = bytearray()
    i = 0

    def flush() -> None:
        if pending:
            job.tokens.append(pending.decode(codec))
            pending.clear()

    def need(count: int) -> bytes:
        if i + count > len(data):
            raise ValueError(f"truncated command at offset {i}")
        return data[i : i + count]

    while i < len(data):
        byte = data[i]
        if byte == 0x0A or (byte >= 0x20 and byte != 0x7F):
            pending.append(byte)
            i += 1
            continue
        flush()
        if byte == ESC:
            op = need(2)[1]
            if op == 0x40:  # ESC @
                job.tokens.append(Command("init"))
                codec = "cp437"
                i += 2
            elif op == 0x74:  # ESC t n
                slot = need(3)[2]
                if slot not in SLOT_CODECS:
                    raise ValueError(f"unknown code page slot {slot} at offset {i}")
                codec = SLOT_CODECS[slot]
                job.tokens.append(Command("codepage", (slot,)))
                i += 3
            elif op in (0x45, 0x21, 0x61, 0x64, 0x4D, 0x2D, 0x7B, 0x33):  # E ! a d M - { 3: one argument
                names = {
                    0x45: "bold",
                    0x21: "print_mode",
                    0x61: "align",
                    0x64: "feed",
                    0x4D: "font",
                    0x2D: "underline",
                    0x7B: "upside_down",
                    0x33: "line_spacing",
                }
                value = need(3)[2]
                job.tokens.append(Command(names[op], (bool(value) if op == 0x45 else value,)))
                i += 3
            elif op == 0x32:  # ESC 2
                job.tokens.append(Command("line_spacing_default"))
                i += 2
            elif op == 0x70:  # ESC p m t1 t2
                m, t1, t2 = need(5)[2:5]
                job.tokens.append(Command("drawer", (m, t1, t2)))
                i += 5
            else:
                raise ValueError(f"unknown ESC {op:#04x} at offset {i}")
        elif byte == GS:
            op = need(2)[1]
            if op == 0x56:  # GS V m [n]
                m = need(3)[2]
                if m in (0, 1, 48, 49):
                    job.tokens.append(Command("cut", ("full" if m in (0, 48) else "partial",)))
                    i += 3
                else:
                    n = need(4)[3]
                    job.tokens.append(Command("cut", ("full" if m == 65 else "partial", n)))
                    i += 4
            elif op == 0x21:  # GS ! n
                job.tokens.append(Command("size", (need(3)[2],)))
                i += 3
            elif op in (0x42, 0x62, 0x7C):  # GS B / GS b / GS |
                job.tokens.append(
                    Command({0x42: "invert", 0x62: "smooth", 0x7C: "density"}[op], (need(3)[2],))
                )
                i += 3
            elif op == 0x28 and need(3)[2] == 0x6B:  # GS ( k pL pH cn fn [m] data
                p_low, p_high, cn, fn = need(7)[3:7]
                length = p_low + 256 * p_high
                body = need(5 + length)[5 : 5 + length]  # cn fn and the rest
                if cn != 0x31:
                    raise ValueError(f"2D code type {cn:#04x} is not QR, at offset {i}")
                if fn == 80:
                    job.tokens.append(Command("qr_store", (body[3:],)))  # skip cn, fn, m
                elif fn == 81:
                    job.tokens.append(Command("qr_print"))
                else:
                    job.tokens.append(
                        Command(
                            {65: "qr_model", 67: "qr_size", 69: "qr_ec"}.get(fn, f"qr_fn{fn}"), (body[2:],)
                        )
                    )
                i += 5 + length
            elif op == 0x76 and need(3)[2] == 0x30:  # GS v 0 m xL xH yL yH data
                header = need(8)
                width_bytes = header[4] + 256 * header[5]
                height = header[6] + 256 * header[7]
                need(8 + width_bytes * height)
                job.tokens.append(Command("raster_image", (width_bytes * 8, height)))
                i += 8 + width_bytes * height
            else:
                raise ValueError(f"unknown GS {op:#04x} at offset {i}")
        elif byte == DLE and need(2)[1] == 0x04:  # DLE EOT n (real-time status request)
            job.tokens.append(Command("status_request", (need(3)[2],)))
            i += 3
        else:
            raise ValueError(f"unexpected control byte {byte:#04x} at offset {i}")
    flush()
    return job
