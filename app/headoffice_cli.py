"""``abono headoffice ...``: run the head office server and manage its branches and master data.

Every command takes ``--db URL`` (a file path or ``sqlite:///...`` / ``postgresql+psycopg://...``;
default ``ABONO_HEADOFFICE_DB`` or ``headoffice.db`` in the user data directory). ``branch add`` prints
the new token once: only its hash is kept. Exit codes and ``--json`` as for every ``abono`` command.
``python -m app.headoffice ...`` runs the same commands.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import Any

from app.cli import EXIT_OK, EXIT_REFUSED, Parser, add_command, emit_json
from app.errors import AbonoError
from app.i18n import default_language, translate

_LABELS = {
    "es": ("pagos", "anulados", "neto", "token (guárdelo: no se vuelve a mostrar)", "revocada", "activa"),
    "en": ("payments", "voids", "net", "token (keep it: it is not shown again)", "revoked", "active"),
}


def _store(args: argparse.Namespace) -> Any:
    from app.headoffice.store import open_store

    return open_store(args.ho_db)


def _labels(args: argparse.Namespace) -> tuple[str, ...]:
    return _LABELS["en" if args.lang == "en" else "es"]


def cmd_serve(args: argparse.Namespace) -> int:
    from app.headoffice.server import serve

    serve(args.ho_db, args.host, args.port, tls_cert=args.tls_cert, tls_key=args.tls_key)
    return EXIT_OK


def cmd_branch_add(args: argparse.Namespace) -> int:
    from app.headoffice.branches import add_branch

    store = _store(args)
    try:
        info, token = add_branch(store, args.code, args.name, replace=args.replace)
    finally:
        store.close()
    if args.json:
        emit_json({"branch_code": info.code, "name": info.name, "token": token})
    else:
        print(f"{info.code} {info.name}")
        print(f"{_labels(args)[3]}: {token}")
    return EXIT_OK


def cmd_branch_revoke(args: argparse.Namespace) -> int:
    from app.headoffice.branches import revoke_branch

    store = _store(args)
    try:
        info = revoke_branch(store, args.code)
    finally:
        store.close()
    if args.json:
        emit_json({"branch_code": info.code, "revoked_at": info.revoked_at})
    else:
        print(f"{info.code} {_labels(args)[4]} {info.revoked_at}")
    return EXIT_OK


def cmd_branch_list(args: argparse.Namespace) -> int:
    from app.headoffice.branches import list_branches

    store = _store(args)
    try:
        branches = list_branches(store)
    finally:
        store.close()
    if args.json:
        emit_json(
            [
                {
                    "branch_code": b.code,
                    "name": b.name,
                    "created_at": b.created_at,
                    "revoked_at": b.revoked_at,
                }
                for b in branches
            ]
        )
    else:
        labels = _labels(args)
        for b in branches:
            state = f"{labels[4]} {b.revoked_at}" if b.revoked_at else labels[5]
            print(f"{b.code:<8} {b.name:<30} {state}")
    return EXIT_OK


def cmd_import(args: argparse.Namespace) -> int:
    from app.headoffice.masterdata import import_accounts, import_customers

    store = _store(args)
    try:
        fn = import_customers if args.kind == "customers" else import_accounts
        count = fn(store, Path(args.file))
    finally:
        store.close()
    if args.json:
        emit_json({"imported": count, "kind": args.kind})
    else:
        print(translate("import_done", args.lang, count=count, kind=args.kind))
    return EXIT_OK


def cmd_demo_data(args: argparse.Namespace) -> int:
    from app.headoffice.masterdata import load_demo

    store = _store(args)
    try:
        say = None if args.json else (lambda text: print(text, file=sys.stderr, flush=True))
        result = load_demo(store, args.customers, args.seed, progress=say)
    finally:
        store.close()
    if args.json:
        emit_json(result)
    else:
        print(f"{result['customers']:,} customers, {result['accounts']:,} accounts, {result['seconds']} s")
    return EXIT_OK


def cmd_report(args: argparse.Namespace) -> int:
    from app.clock import parse_date
    from app.headoffice.report import collections_report
    from app.money import format_money

    day = parse_date(args.date) if args.date else date.today()
    store = _store(args)
    try:
        report = collections_report(store, day)
    finally:
        store.close()
    if args.json:
        emit_json(report)
        return EXIT_OK
    paid, voids, net = _labels(args)[:3]

    def fmt(v: Any) -> str:
        return format_money(v, "PEN", "es_PE")

    print(day.isoformat())
    for b in (*report.branches, report.total):
        print(
            f"{b.branch_code:<8} {paid} {b.payments:>6} {fmt(b.collected):>16}  {voids} {b.voids:>4} "
            f"{fmt(b.voided):>14}  {net} {fmt(b.net):>16}"
        )
        for m in b.by_method:
            print(f"{'':<8}   {m.method:<10} {m.count:>6} {fmt(m.amount):>16}")
    return EXIT_OK


def register(subparsers: Any) -> None:
    """Add ``headoffice`` and its subcommands to the ``abono`` parser."""
    from app.headoffice.server import DEFAULT_HOST, DEFAULT_PORT

    ho = subparsers.add_parser("headoffice", help="head office server, branches and master data")
    hsub = ho.add_subparsers(dest="ho_command", required=True, parser_class=Parser)

    def with_db(sp: Any) -> Any:
        sp.add_argument(
            "--db",
            dest="ho_db",
            default=None,
            help="head office database URL or file (default: $ABONO_HEADOFFICE_DB)",
        )
        return sp

    sp = with_db(add_command(hsub, "serve", cmd_serve, "run the head office server"))
    sp.add_argument("--host", default=DEFAULT_HOST)
    sp.add_argument("--port", type=int, default=DEFAULT_PORT)
    sp.add_argument("--tls-cert")
    sp.add_argument("--tls-key")

    branch = hsub.add_parser("branch", help="branches allowed to sync")
    bsub = branch.add_subparsers(dest="ho_branch_command", required=True, parser_class=Parser)
    sp = with_db(add_command(bsub, "add", cmd_branch_add, "register a branch and print its token once"))
    sp.add_argument("code")
    sp.add_argument("--name", required=True)
    sp.add_argument("--replace", action="store_true", help="issue a new token for a revoked branch")
    sp = with_db(add_command(bsub, "revoke", cmd_branch_revoke, "revoke a branch's token"))
    sp.add_argument("code")
    with_db(add_command(bsub, "list", cmd_branch_list, "list branches"))

    sp = with_db(
        add_command(hsub, "import", cmd_import, "import customers or accounts (CSV), whole or not at all")
    )
    sp.add_argument("kind", choices=["customers", "accounts"])
    sp.add_argument("file")

    sp = with_db(
        add_command(hsub, "demo-data", cmd_demo_data, "fill an empty head office with demo customers")
    )
    sp.add_argument("--customers", type=int, default=1000)
    sp.add_argument("--seed", type=int, default=1)

    sp = with_db(add_command(hsub, "report", cmd_report, "collections per branch and in total"))
    sp.add_argument("--date")


def main(argv: Sequence[str] | None = None) -> int:
    """``python -m app.headoffice``: the ``headoffice`` commands on their own."""
    parser = Parser(prog="python -m app.headoffice", description="Abono head office")
    sub = parser.add_subparsers(dest="command", required=True, parser_class=Parser)
    register(sub)
    args = parser.parse_args(["headoffice", *(argv if argv is not None else sys.argv[1:])])
    args.lang = default_language()
    try:
        code: int = args.func(args)
        return code
    except AbonoError as e:
        print(f"abono: {e.message(args.lang)}", file=sys.stderr)
        return EXIT_REFUSED
    except KeyboardInterrupt:
        return 130
    except Exception as e:
        print(f"abono: {translate('internal_error', args.lang, detail=type(e).__name__)}", file=sys.stderr)
        return EXIT_REFUSED
