"""``abono sync``: set up and run the branch's sync with head office, and show its state.

    abono sync --server URL --token TOKEN [--ca-file F]   save the settings, then run a round
    abono sync [--json]                                    run one round (push, then pull)
    abono sync status [--json]                             pending events, last success, last error

The token is read from ``--token`` or, if that is ``-``, from standard input (so it stays out of the
shell history). Exit codes as for every ``abono`` command: 0 done, 1 refused or failed (one line on
stderr; what was already synced stays synced).
"""

from __future__ import annotations

import argparse
import sys
from typing import Any

from app.cli import EXIT_OK, Parser, add_command, emit_json, open_branch


def _client(branch: Any) -> Any:
    from app.sync import SyncClient

    return SyncClient(branch)


def cmd_sync(args: argparse.Namespace) -> int:
    if args.sync_command == "status":
        return cmd_status(args)
    with open_branch(args) as b:
        client = _client(b)
        if args.server or args.token:
            from app.sync.errors import SyncError

            if not (args.server and args.token):
                raise SyncError("sync_not_configured")
            token = sys.stdin.readline().strip() if args.token == "-" else args.token
            client.configure(args.server, token, args.ca_file)
        report = client.run_round()
        if args.json:
            emit_json(report)
        else:
            en = b.settings.language == "en"
            print(
                (
                    "sent {0}, refused {1}; received {2} customers, {3} accounts, {4} payments, {5} voids; "
                    "pending {6} ({7} s)"
                    if en
                    else "enviados {0}, rechazados {1}; recibidos {2} clientes, {3} cuentas, {4} pagos, "
                    "{5} anulaciones; pendientes {6} ({7} s)"
                ).format(
                    report.pushed,
                    report.refused,
                    report.pulled_customers,
                    report.pulled_accounts,
                    report.pulled_payments,
                    report.pulled_voids,
                    report.pending,
                    report.seconds,
                )
            )
    return EXIT_OK


def cmd_status(args: argparse.Namespace) -> int:
    with open_branch(args) as b:
        status = _client(b).status()
        if args.json:
            emit_json(status)
        else:
            en = b.settings.language == "en"
            labels = ("server", "pending", "last success", "last error") if en else (
                "servidor", "pendientes", "última sincronización", "último error"
            )  # fmt: skip
            print(f"{labels[0]}: {status.server_url or '-'}")
            print(f"{labels[1]}: {status.pending}")
            print(f"{labels[2]}: {status.last_success or '-'}")
            print(
                f"{labels[3]}: {status.last_error or '-'}"
                + (f" ({status.last_error_at})" if status.last_error else "")
            )
    return EXIT_OK


def register(subparsers: Any) -> None:
    """Add ``sync`` (and ``sync status``) to the ``abono`` parser."""
    sp = add_command(subparsers, "sync", cmd_sync, "sync with head office: push payments, pull changes")
    sp.add_argument("--server", help="head office URL, e.g. https://central.example.pe:8750")
    sp.add_argument("--token", help='this branch\'s token ("-" reads it from standard input)')
    sp.add_argument("--ca-file", help="CA bundle to verify head office's certificate")
    sub = sp.add_subparsers(dest="sync_command", parser_class=Parser)
    add_command(sub, "status", cmd_status, "pending events, last success, last error")
