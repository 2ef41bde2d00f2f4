"""The ESC/POS job: decoded back, it says what the receipt says, in the right code page, never "?"."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from datetime import datetime
from pathlib import Path

import pytest
from PIL import Image

from app.receipts import build_job, parse_printer_uri
from app.receipts.text import clean, encode, fit_to_codec
from tests.support.escpos_decoder import Command, decode
from tests.support.receipts import LIMA, card_receipt, cash_receipt, void_slip, wallet_receipt

ROOT = Path(__file__).resolve().parents[2]
SPANISH = "ñÑ áéíóú ÁÉÍÓÚ ü Ü ¿¡ º"


def job(document: object = None, uri: str = "tcp://printer?width=42", **kwargs: object) -> bytes:
    return build_job(document or cash_receipt(), parse_printer_uri(uri), logo=None, **kwargs)  # type: ignore[arg-type]


def test_job_starts_with_reset_then_cp858() -> None:
    data = job()
    assert data.startswith(b"\x1b@\x1bt\x13")
    decoded = decode(data)
    assert decoded.commands[:2] == [Command("init"), Command("codepage", (19,))]
    assert len(decoded.named("codepage")) == 1  # never switched behind our back


def test_decoded_text_matches_the_receipt() -> None:
    receipt = cash_receipt()
    text = decode(job(receipt)).text
    assert "B012-01-000123" in text
    assert "S/ 350.00" in text and "TOTAL PAGADO" in text
    assert "María Ñáñez" in text
    assert "José Ángel Muñoz Güemes" in text
    assert "Próxima cuota" in text
    assert "¿Dudas? Llámenos" in text
    assert "?" not in text.replace("¿Dudas?", "")


def test_title_is_bold_and_double_size() -> None:
    decoded = decode(job())
    assert "RECIBO DE PAGO" in decoded.text_while("bold", True)
    assert "RECIBO DE PAGO" in decoded.text_while("print_mode", 0x30)
    assert "RECIBO DE PAGO" not in decoded.text_while("print_mode", 0x00)


def test_qr_payload_is_the_verification_data() -> None:
    receipt = cash_receipt()
    decoded = decode(job(receipt))
    assert decoded.qr_payloads == [receipt.verification]
    assert decoded.named("qr_print")


def test_cut_is_the_last_command() -> None:
    decoded = decode(job())
    assert decoded.commands[-1] == Command("cut", ("partial",))
    assert decoded.tokens[-1] == decoded.commands[-1]


@pytest.mark.parametrize("pin, m", [(2, 0), (5, 1)])
def test_drawer_kick_for_cash_on_the_configured_pin(pin: int, m: int) -> None:
    decoded = decode(job(uri=f"tcp://printer?drawer_pin={pin}"))
    assert decoded.named("drawer") == [Command("drawer", (m, 50, 50))]


@pytest.mark.parametrize(
    "document",
    [card_receipt(), wallet_receipt(), cash_receipt().as_copy(datetime(2024, 3, 6, 9, 0, tzinfo=LIMA))],
    ids=["card", "wallet", "cash-copy"],
)
def test_no_drawer_kick_unless_cash_is_handed_over(document: object) -> None:
    assert decode(job(document)).named("drawer") == []


def test_void_slip_job() -> None:
    decoded = decode(job(void_slip()))
    assert "ANULACIÓN" in decoded.text and "MONTO ANULADO" in decoded.text
    assert decoded.named("drawer") and decoded.named("qr_store") == []
    assert decoded.commands[-1].name == "cut"


@pytest.mark.parametrize("width", [32, 42, 48])
def test_printed_rows_fit_the_paper(width: int) -> None:
    decoded = decode(job(uri=f"tcp://printer?width={width}"))
    double = decoded.text_while("print_mode", 0x30)
    for line in decoded.text.splitlines():
        limit = width // 2 if line and line in double else width
        assert len(line) <= limit, line


@pytest.mark.parametrize(
    ("codepage", "slot", "codec"), [("CP858", 19, "cp858"), ("CP850", 2, "cp850"), ("CP437", 0, "cp437")]
)
def test_spanish_survives_every_code_page(codepage: str, slot: int, codec: str) -> None:
    receipt = cash_receipt(customer_name=f"Peña {SPANISH} “Ñandú” — 10 € ő", cashier="Zoë Ødegård")
    decoded = decode(job(receipt, uri=f"tcp://printer?codepage={codepage}"))
    assert decoded.named("codepage") == [Command("codepage", (slot,))]
    text = decoded.text
    assert "?" not in text.replace("¿Dudas?", "").replace("¿", "")
    assert '"Ñandú" - 10' in text
    assert "Peña ñÑ áéíóú" in text
    assert ("AÉIOU" if codec == "cp437" else "ÁÉÍÓÚ") in text  # CP437 has no capital accents but É
    assert ("10 € o" if codec == "cp858" else "10 EUR o") in text  # only CP858 has the euro sign
    assert ("Zoë Odegård" if codec == "cp437" else "Zoë Ødegård") in text


def test_commands_hidden_in_names_are_not_sent() -> None:
    decoded = decode(job(cash_receipt(customer_name="Ana\x1b@\x1dV\x00\x10\x04\x01 Pérez")))
    assert len(decoded.named("init")) == 1 and len(decoded.named("cut")) == 1
    assert decoded.named("status_request") == []
    assert "Cliente: Ana @ V Pérez\n" in decoded.text


@pytest.mark.parametrize("codec", ["cp858", "cp850", "cp437", "cp1252"])
def test_transliteration_never_gives_a_question_mark(codec: str) -> None:
    sample = (
        "“quotes” ‘single’ — – … € ő Ő ł Ł ß œ Œ ø Ø ™ © ® • · ½ ² ﬁ ｆｕｌｌ 中文 😀 ٣ \u200b\u00a0\u202f"
    )
    fitted = fit_to_codec(sample, codec)
    assert "?" not in fitted
    fitted.encode(codec)  # every character is in the code page
    assert encode(sample, codec).decode(codec) == fit_to_codec(clean(sample), codec)
    assert fit_to_codec("“a” — b € ő", "cp437") == '"a" - b EUR o'
    assert fit_to_codec("ñ á ¿ ¡ ü", codec) == "ñ á ¿ ¡ ü"


def test_logo_is_printed_first_when_present(tmp_path: Path) -> None:
    logo = tmp_path / "logo.png"
    Image.new("RGB", (800, 300), "black").save(logo)
    data = build_job(card_receipt(), parse_printer_uri("tcp://printer?width=48"), logo=logo)
    decoded = decode(data)
    images = decoded.named("raster_image")
    assert len(images) == 1
    width, height = images[0].args
    assert width == 576 and isinstance(height, int) and 0 < height <= 160  # full width of 80 mm paper
    first_text = next(i for i, token in enumerate(decoded.tokens) if isinstance(token, str))
    assert decoded.tokens.index(images[0]) < first_text


def test_missing_or_broken_logo_is_skipped(tmp_path: Path) -> None:
    broken = tmp_path / "broken.png"
    broken.write_bytes(b"not a png")
    for logo in (tmp_path / "absent.png", broken):
        data = build_job(card_receipt(), parse_printer_uri("tcp://printer"), logo=logo)
        assert decode(data).named("raster_image") == []


def test_profile_without_native_qr_gets_an_image_and_keeps_the_code_page() -> None:
    decoded = decode(job(uri="tcp://printer?profile=simple&codepage=CP437"))
    assert decoded.named("qr_store") == []
    assert len(decoded.named("raster_image")) == 1
    assert decoded.named("codepage") == [Command("codepage", (0,))]


def test_english_job() -> None:
    assert "PAYMENT RECEIPT" in decode(job(language="en")).text


def _run_python(code: str, env: dict[str, str] | None = None) -> str:
    result = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code)],
        cwd=ROOT,
        env={**os.environ, **(env or {})},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout


def test_importing_receipts_does_not_import_escpos_or_reportlab() -> None:
    out = _run_python(
        """
        import sys
        import app.receipts
        print(sorted(m for m in sys.modules if m.split(".")[0] in ("escpos", "reportlab", "PIL", "qrcode")))
        """
    )
    assert out.strip() == "[]"


def test_building_a_job_leaves_logging_and_temp_dir_untouched(tmp_path: Path) -> None:
    scratch = tmp_path / "tmp"
    scratch.mkdir()
    out = _run_python(
        """
        import logging, os, sys
        root = logging.getLogger()
        before = list(root.handlers)
        from app.receipts import build_job, parse_printer_uri
        from tests.support.receipts import cash_receipt
        data = build_job(cash_receipt(), parse_printer_uri("tcp://printer"), logo=None)
        assert "escpos" in sys.modules and data.startswith(b"\\x1b@")
        print(root.handlers == before, os.listdir(os.environ["TMPDIR"]))
        """,
        env={"TMPDIR": str(scratch)},
    )
    assert out.strip() == "True []"
