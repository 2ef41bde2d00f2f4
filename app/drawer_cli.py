"""``abono drawer open|move|close|status``: the register's cash drawer from the command line."""

from __future__ import annotations

import argparse
from typing import Any

from app.cli import EXIT_OK, add_command, emit_json, money_formatter, open_branch, read_password
from app.drawer import summary_json
from app.money import format_money, parse_amount


def cmd_open(args: argparse.Namespace) -> int:
    with open_branch(args) as b:
        counts = b.drawer.parse_counts(args.float_counts)
        user = b.users.login(args.user, read_password())
        x = b.drawer.open(counts, user)
        if args.json:
            emit_json(summary_json(x))
        else:
            print(
                f"Caja {x.register} abierta por {x.opened_by} con fondo "
                f"{format_money(x.float_amount, b.settings.currency, b.settings.locale)}"
            )
    return EXIT_OK


def cmd_move(args: argparse.Namespace) -> int:
    with open_branch(args) as b:
        text = args.amount.strip()
        sign = -1 if text.startswith("-") else 1
        amount = parse_amount(text.lstrip("+-"), b.settings.currency) * sign
        manager = b.users.login(args.user, read_password())
        move = b.drawer.move(amount, args.reason, manager)
        if args.json:
            emit_json(move)
        else:
            kind = "Ingreso" if move.amount > 0 else "Retiro"
            print(
                f"{kind} de {format_money(abs(move.amount), b.settings.currency, b.settings.locale)}: {move.reason}"
            )
    return EXIT_OK


def cmd_close(args: argparse.Namespace) -> int:
    with open_branch(args) as b:
        counts = b.drawer.parse_counts(args.counts)
        user = b.users.login(args.user, read_password())
        approver = None
        if args.approve_by:
            # The manager's password follows the cashier's on stdin (or ABONO_APPROVER_PASSWORD).
            import os

            secret = os.environ.get("ABONO_APPROVER_PASSWORD")
            approver = b.users.login(args.approve_by, secret if secret is not None else read_password())
        result = b.drawer.close(counts, user, approved_by=approver, note=args.note or "")
        if args.json:
            emit_json(result)
        else:
            fmt = money_formatter(b)
            print(
                f"Caja cerrada. Contado {fmt(result.counted)}, esperado {fmt(result.expected)}, "
                f"diferencia {fmt(result.over_short)}"
                + (f" (aprobó {result.approved_by})" if result.approved_by else "")
            )
    return EXIT_OK


def cmd_status(args: argparse.Namespace) -> int:
    with open_branch(args) as b:
        x = b.drawer.summary()
        data: dict[str, Any] = summary_json(x)
        if x.status == "open":
            data.pop("expected")  # the status of an open drawer never shows the expected cash (blind close)
        if args.json:
            emit_json(data)
        else:
            fmt = money_formatter(b)
            state = "abierta" if x.status == "open" else "cerrada"
            print(
                f"Caja {x.register} {state}: abrió {x.opened_by} el {x.opened_at[:16].replace('T', ' ')} UTC, "
                f"fondo {fmt(x.float_amount)}, {x.cash_payments} pagos en efectivo"
            )
    return EXIT_OK


def register(sub: Any) -> None:
    drawer = sub.add_parser("drawer", help="the register's cash drawer")
    dsub = drawer.add_subparsers(dest="drawer_command", required=True, parser_class=type(drawer))
    sp = add_command(dsub, "open", cmd_open, "open the drawer with a counted float")
    sp.add_argument("--float-counts", required=True, help='e.g. "200x1,20x5,0.50x10"')
    sp.add_argument("--user", required=True)
    sp = add_command(dsub, "move", cmd_move, "cash in (positive) or out (negative), by a manager")
    sp.add_argument("--amount", required=True, help="e.g. 200.00 or -150.00")
    sp.add_argument("--reason", required=True)
    sp.add_argument("--user", required=True)
    sp = add_command(dsub, "close", cmd_close, "close with a blind count")
    sp.add_argument("--counts", required=True, help='e.g. "100x3,20x4,1x7"')
    sp.add_argument("--user", required=True)
    sp.add_argument("--approve-by", help="manager approving a difference beyond the threshold")
    sp.add_argument("--note", help="the manager's note (required with an approval)")
    add_command(dsub, "status", cmd_status, "is the drawer open, since when, with what float")
