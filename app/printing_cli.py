"""``abono printer``, ``abono receipt`` and ``abono print-queue``: the printing commands.

Exit code 3 means the printer failed; whatever was being printed waits in the print queue.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from app.cli import EXIT_OK, EXIT_PRINTER, add_command, emit_json, open_branch, read_password
from app.errors import Refused
from app.printing import PrintJobView


def _job_json(j: PrintJobView) -> dict[str, Any]:
    return {
        "job_id": j.job_id,
        "kind": j.kind,
        "receipt_no": j.receipt_no,
        "copy": j.copy,
        "status": j.status,
        "attempts": j.attempts,
        "last_error": j.last_error,
        "created_at": j.created_at,
        "printed_at": j.printed_at,
    }


def cmd_printer_test(args: argparse.Namespace) -> int:
    with open_branch(args) as b:
        b.printing.test_page(args.printer)
        printer = b.printing.printer(args.printer)
        if args.json:
            emit_json({"printed": True, "printer": printer.describe()})
        else:
            print(f"Página de prueba enviada a {printer.describe()}")
    return EXIT_OK


def cmd_printer_set(args: argparse.Namespace) -> int:
    with open_branch(args) as b:
        manager = b.users.login(args.user, read_password())
        printer = b.printing.set_printer(args.uri, manager)
        if args.json:
            emit_json({"uri": args.uri, "printer": printer.describe(), "width": printer.width})
        else:
            print(
                f"Impresora predeterminada: {printer.describe()} ({printer.width} columnas, {printer.codepage})"
            )
    return EXIT_OK


def cmd_receipt_show(args: argparse.Namespace) -> int:
    with open_branch(args) as b:
        kind = "void" if args.void else "payment"
        text = b.printing.receipt_text(args.receipt_no, kind=kind, copy=args.copy, width=args.width)
        if args.json:
            emit_json({"receipt_no": args.receipt_no.upper(), "text": text})
        else:
            print(text, end="" if text.endswith("\n") else "\n")
    return EXIT_OK


def cmd_receipt_print(args: argparse.Namespace) -> int:
    kind = "void" if args.void else "payment"
    with open_branch(args) as b:
        if args.copy:
            user = b.users.login(args.user, read_password()) if args.user else None
            if user is None:
                raise Refused("field_required", field="--user")
            job = b.printing.reprint(args.receipt_no, user, args.printer, kind=kind)
        else:
            number = args.receipt_no.strip().upper()
            if b.printing.original_printed(number, kind):
                raise Refused("receipt_already_printed", receipt_no=number)
            job = b.printing.print_receipt(number, args.printer, kind=kind)
        if args.json:
            emit_json(_job_json(job))
        else:
            print(f"{job.receipt_no} impreso" + (" (COPIA)" if job.copy else ""))
    return EXIT_OK


def cmd_receipt_pdf(args: argparse.Namespace) -> int:
    with open_branch(args) as b:
        out = Path(args.out)
        kind = "void" if args.void else "payment"
        tmp = out.with_name(out.name + ".part")
        b.printing.receipt_pdf(args.receipt_no, tmp, kind=kind, copy=args.copy)
        tmp.replace(out)  # a half-written PDF never takes the name
        if args.json:
            emit_json({"receipt_no": args.receipt_no.upper(), "pdf": str(out)})
        else:
            print(out)
    return EXIT_OK


def cmd_queue_list(args: argparse.Namespace) -> int:
    with open_branch(args) as b:
        jobs = b.printing.recent(args.limit) if args.all else b.printing.waiting()
        if args.json:
            emit_json([_job_json(j) for j in jobs])
        else:
            for j in jobs:
                copy = " COPIA" if j.copy else ""
                print(
                    f"#{j.job_id:<5} {j.receipt_no:<16} {j.kind:<8}{copy} {j.status:<8} {j.attempts} intentos  {j.last_error or ''}"
                )
            if not jobs:
                print("La cola de impresión está vacía.")
    return EXIT_OK


def cmd_queue_retry(args: argparse.Namespace) -> int:
    with open_branch(args) as b:
        printed = b.printing.print_waiting(args.printer)
        if args.json:
            emit_json({"printed": [_job_json(j) for j in printed], "waiting": len(b.printing.waiting())})
        else:
            print(f"{len(printed)} impresos; {len(b.printing.waiting())} en cola")
    return EXIT_OK


def register(sub: Any) -> None:
    """Add the printing commands to the ``abono`` parser."""
    printer = sub.add_parser("printer", help="the receipt printer")
    psub = printer.add_subparsers(dest="printer_command", required=True, parser_class=type(printer))
    sp = add_command(psub, "test", cmd_printer_test, "print a test page with the Spanish characters")
    sp.add_argument("--printer", help="printer URI (default: the branch's printer)")
    sp = add_command(psub, "set", cmd_printer_set, "set the branch's default printer (a manager)")
    sp.add_argument(
        "uri", help="tcp://host:9100, usb://VID:PID, serial:///dev/ttyUSB0, file:///dev/usb/lp0, cups://queue"
    )
    sp.add_argument("--user", required=True)

    receipt = sub.add_parser("receipt", help="receipts and void slips")
    rsub = receipt.add_subparsers(dest="receipt_command", required=True, parser_class=type(receipt))
    for name, fn, help_text in (
        ("show", cmd_receipt_show, "the receipt as plain text"),
        ("print", cmd_receipt_print, "print the receipt (--copy for a reprint)"),
        ("pdf", cmd_receipt_pdf, "the receipt as a PDF"),
    ):
        sp = add_command(rsub, name, fn, help_text)
        sp.add_argument("receipt_no")
        sp.add_argument("--copy", action="store_true", help="a copy, marked COPIA")
        sp.add_argument("--void", action="store_true", help="the void slip instead of the receipt")
        if name == "show":
            sp.add_argument("--width", type=int, choices=[32, 42, 48])
        if name == "print":
            sp.add_argument("--printer")
            sp.add_argument("--user", help="who reprints (needed with --copy; password on stdin)")
        if name == "pdf":
            sp.add_argument("--out", required=True)

    queue = sub.add_parser("print-queue", help="receipts waiting to print")
    qsub = queue.add_subparsers(dest="queue_command", required=True, parser_class=type(queue))
    sp = add_command(qsub, "list", cmd_queue_list, "what is waiting (--all: the latest jobs)")
    sp.add_argument("--all", action="store_true")
    sp.add_argument("--limit", type=int, default=50)
    sp = add_command(qsub, "retry", cmd_queue_retry, "print everything waiting, oldest first")
    sp.add_argument("--printer")


def printer_failed(message: str) -> int:
    print(f"abono: {message}", file=sys.stderr)
    return EXIT_PRINTER
