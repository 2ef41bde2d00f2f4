"""``abono report x|z|eod``: the drawer's X and Z reports and the end-of-day collection report.

Exit codes as everywhere: 0 done; 1 refused (e.g. a second Z for the same session) with nothing
changed; 2 usage; 3 the printer failed (what was asked is done, e.g. the Z is issued: print its copy
with ``report z --copy --print``).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from app.cli import EXIT_OK, EXIT_PRINTER, EXIT_REFUSED, add_command, emit_json, open_branch, read_password
from app.clock import parse_date
from app.drawer import summary_json
from app.receipts import Document, PrinterError
from app.reports import Reports, eod_json
from app.reports.portfolio_state import checkpoint_status, forget_checkpoint, verify_checkpoint


def _say(lang: str, es: str, en: str) -> str:
    return en if lang.startswith("en") else es


def _print(reports: Reports, document: Document, args: argparse.Namespace) -> int:
    """Print ``document`` if ``--print``; the exit code (3 with the message when the printer fails)."""
    if not args.print:
        return EXIT_OK
    try:
        reports.print(document, args.printer)
    except PrinterError as e:
        print(f"abono: {e.message(args.lang)}", file=sys.stderr)
        return EXIT_PRINTER
    return EXIT_OK


def cmd_x(args: argparse.Namespace) -> int:
    with open_branch(args) as b:
        reports = Reports(b)
        if args.print:
            b.printing.printer(args.printer)  # a bad --printer URI is refused before anything else
        summary = b.drawer.summary()
        document = reports.x_document(summary)
        if args.json:
            emit_json({"kind": "X", **summary_json(summary)})
        else:
            print(reports.text(document, args.width), end="")
        return _print(reports, document, args)


def cmd_z(args: argparse.Namespace) -> int:
    with open_branch(args) as b:
        reports = Reports(b)
        if args.print:
            b.printing.printer(args.printer)
        user = b.users.login(args.user, read_password())
        z = reports.z_copy(user) if args.copy else reports.issue_z(user)
        document = reports.z_document(z)
        if args.json:
            emit_json(
                {
                    "kind": "Z",
                    "z_no": z.z_no,
                    "register": z.register,
                    "issued_by": z.issued_by,
                    "issued_at": z.issued_at,
                    "copy": z.copy,
                    "summary": z.summary,
                }
            )
        else:
            print(reports.text(document, args.width), end="")
        code = _print(reports, document, args)
        if code == EXIT_PRINTER and not args.copy:
            print(
                "abono: "
                + _say(
                    args.lang,
                    f"el reporte Z {z.z_no:06d} quedó emitido; imprima su copia con «report z --copy --print».",
                    f"Z report {z.z_no:06d} is issued; print its copy with 'report z --copy --print'.",
                ),
                file=sys.stderr,
            )
        return code


def cmd_eod(args: argparse.Namespace) -> int:
    with open_branch(args) as b:
        reports = Reports(b)
        day = parse_date(args.date) if args.date else None
        if args.print:
            b.printing.printer(args.printer)
        user = b.users.login(args.user, read_password()) if args.user else None
        report = reports.end_of_day(day, user)
        if args.out:
            path = reports.eod_pdf(report, Path(args.out))
            if not args.json:
                print(_say(args.lang, f"PDF guardado en {path}", f"PDF saved to {path}"))
        if args.json:
            data: dict[str, Any] = eod_json(report)
            emit_json(data)
        elif not args.out:
            print(reports.eod_text(report, args.width or 100), end="")
        sys.stdout.flush()
        # The next report reads only what changes after this one (a cache; see portfolio_state).
        reports.keep_portfolio_checkpoint(report.business_date)
        return _print(reports, reports.day_slip(report), args)


def cmd_checkpoint(args: argparse.Namespace) -> int:
    with open_branch(args) as b:
        reports = Reports(b)
        day = parse_date(args.date) if args.date else b.today()
        if args.rebuild:
            forget_checkpoint(b.engine)
            reports.keep_portfolio_checkpoint(day)
        status = checkpoint_status(b.engine)
        differing = verify_checkpoint(b.engine, day) if args.verify else None
        if args.json:
            emit_json(
                {
                    "as_of": status.as_of.isoformat() if status.as_of else None,
                    "accounts": status.accounts,
                    "updated_at": status.updated_at,
                    "pending_changes": status.pending_changes,
                    **(
                        {"verified_on": day.isoformat(), "differing_accounts": differing}
                        if args.verify
                        else {}
                    ),
                }
            )
        elif status.as_of is None:
            print(_say(args.lang, "Sin punto de control de cartera.", "No portfolio checkpoint."))
        else:
            print(
                _say(
                    args.lang,
                    f"Punto de control de cartera al {status.as_of}: {status.accounts} cuentas"
                    f" (actualizado {status.updated_at}); {status.pending_changes} cambios de cuentas desde entonces.",
                    f"Portfolio checkpoint as of {status.as_of}: {status.accounts} accounts"
                    f" (updated {status.updated_at}); {status.pending_changes} account changes since.",
                )
            )
        if differing is not None and not args.json:
            if differing:
                print(
                    _say(
                        args.lang,
                        f"{len(differing)} cuentas difieren del libro al {day}; corrija con --rebuild.",
                        f"{len(differing)} accounts differ from the ledger on {day}; fix with --rebuild.",
                    )
                )
            else:
                print(
                    _say(args.lang, f"Coincide con el libro al {day}.", f"Agrees with the ledger on {day}.")
                )
        return EXIT_OK if not differing else EXIT_REFUSED


def register(sub: Any) -> None:
    report = sub.add_parser("report", help="X, Z and end-of-day reports")
    rsub = report.add_subparsers(dest="report_command", required=True, parser_class=type(report))
    sp = add_command(rsub, "x", cmd_x, "the X report of the open drawer (or the last one); changes nothing")
    sp.add_argument("--width", type=int, choices=[32, 42, 48], help="text width (default: the printer's)")
    sp.add_argument("--print", action="store_true", help="print it (exit 3 if the printer fails)")
    sp.add_argument("--printer", help="printer URI (default: the branch's printer)")
    sp = add_command(rsub, "z", cmd_z, "issue the Z of the last closed drawer (a manager; once per session)")
    sp.add_argument("--copy", action="store_true", help="reprint the latest Z, marked COPIA")
    sp.add_argument("--user", required=True, help="a manager (password on stdin or ABONO_PASSWORD)")
    sp.add_argument("--width", type=int, choices=[32, 42, 48], help="text width (default: the printer's)")
    sp.add_argument("--print", action="store_true", help="print it (exit 3 if the printer fails)")
    sp.add_argument("--printer", help="printer URI (default: the branch's printer)")
    sp = add_command(rsub, "eod", cmd_eod, "the end-of-day collection report")
    sp.add_argument("--date", help="business date YYYY-MM-DD (default: today)")
    sp.add_argument("--out", help="write the PDF to this file")
    sp.add_argument("--user", help="the manager running it (password on stdin or ABONO_PASSWORD)")
    sp.add_argument("--width", type=int, help="text width, 60-200 (default 100)")
    sp.add_argument(
        "--print", action="store_true", help="print the short version (exit 3 if the printer fails)"
    )
    sp.add_argument("--printer", help="printer URI (default: the branch's printer)")
    sp = add_command(
        rsub,
        "checkpoint",
        cmd_checkpoint,
        "the portfolio checkpoint (a cache of every account's aging): where it stands, --verify, --rebuild",
    )
    sp.add_argument("--date", help="business date YYYY-MM-DD to verify or rebuild at (default: today)")
    sp.add_argument("--verify", action="store_true", help="compare with the ledger (exit 1 if they differ)")
    sp.add_argument("--rebuild", action="store_true", help="forget it and compute it again from the ledger")
