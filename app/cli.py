"""The ``abono`` command line.

Exit codes: 0 done; 1 refused (a one-line message on stderr, nothing changed); 2 usage; 3 the payment
is saved but its receipt could not print (once printing lands). With ``--json`` the result is printed
as JSON on stdout and money is a string such as "123.45". Passwords come from ``ABONO_PASSWORD`` or
standard input, never from an argument. No traceback ever reaches the user: an unexpected error is
written to the log file and reported in one line.
"""

from __future__ import annotations

import argparse
import importlib
import json
import logging
import os
import sys
import traceback
from collections.abc import Callable, Sequence
from decimal import Decimal
from pathlib import Path
from typing import Any, NoReturn

from app.errors import AbonoError, InvalidInput
from app.i18n import default_language, translate
from app.jsonable import jsonable
from app.receipts.errors import PrinterError

EXIT_OK, EXIT_REFUSED, EXIT_USAGE, EXIT_PRINTER = 0, 1, 2, 3


def default_db_path() -> Path:
    """``ABONO_DB`` or ``branch.db`` in the user data directory (platformdirs)."""
    env = os.environ.get("ABONO_DB")
    if env:
        return Path(env).expanduser()
    from platformdirs import user_data_dir

    return Path(user_data_dir("abono", appauthor=False)) / "branch.db"


def log_path() -> Path:
    from platformdirs import user_log_dir

    return Path(user_log_dir("abono", appauthor=False)) / "abono.log"


class UsageError(Exception):
    pass


class Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        self.print_usage(sys.stderr)
        print(f"abono: {message}", file=sys.stderr)
        raise SystemExit(EXIT_USAGE)


def emit_json(value: Any) -> None:
    print(json.dumps(jsonable(value), ensure_ascii=False, indent=2))


# ---- passwords ------------------------------------------------------------------------------------
def read_password(confirm: bool = False) -> str:
    """The password from ``ABONO_PASSWORD``, else from stdin (twice when ``confirm``)."""
    env = os.environ.get("ABONO_PASSWORD")
    if env is not None:
        return env
    if sys.stdin is None:
        raise InvalidInput("password_missing")
    if sys.stdin.isatty():
        import getpass

        first = getpass.getpass("Contraseña / Password: ")
        if confirm and getpass.getpass("Repita / Repeat: ") != first:
            raise InvalidInput("password_mismatch")
        return first
    first_line = sys.stdin.readline()
    if not first_line:
        raise InvalidInput("password_missing")
    first = first_line.rstrip("\r\n")
    if confirm:
        second = sys.stdin.readline().rstrip("\r\n")
        if second != first:
            raise InvalidInput("password_mismatch")
    return first


# ---- commands -------------------------------------------------------------------------------------
def open_branch(args: argparse.Namespace) -> Any:
    """Open the branch of ``--db``; remember its language for error messages."""
    from app.branch import Branch

    branch = Branch.open(args.db)
    args.lang = branch.settings.language
    return branch


def cmd_init(args: argparse.Namespace) -> int:
    from app.branch import Branch

    with Branch.create(
        args.db,
        args.branch,
        args.name,
        register=args.register,
        currency=args.currency,
        locale=args.locale,
        timezone=args.timezone,
    ) as b:
        s = b.settings
        if args.json:
            emit_json(
                {
                    "branch_code": s.branch_code,
                    "branch_name": s.branch_name,
                    "register": s.register,
                    "db": str(b.path),
                }
            )
        else:
            print(f"{s.branch_code} {s.branch_name}: {b.path}")
    return EXIT_OK


def cmd_users_add(args: argparse.Namespace) -> int:
    password = read_password(confirm=True)
    with open_branch(args) as b:
        u = b.users.add(args.name, password, args.role, args.full_name or "", actor="cli")
        if args.json:
            emit_json({"username": u.username, "role": u.role, "full_name": u.full_name})
        else:
            print(f"{u.username} ({u.role})")
    return EXIT_OK


def cmd_users_list(args: argparse.Namespace) -> int:
    with open_branch(args) as b:
        users = b.users.list()
        if args.json:
            emit_json(
                [
                    {
                        "username": u.username,
                        "full_name": u.full_name,
                        "role": u.role,
                        "active": u.active,
                        "locked_until": u.locked_until,
                    }
                    for u in users
                ]
            )
        else:
            for u in users:
                flag = "" if u.active else " (inactive)"
                print(f"{u.username:<16} {u.role:<8} {u.full_name}{flag}")
    return EXIT_OK


def cmd_demo_data(args: argparse.Namespace) -> int:
    from app.demo.loader import load_demo

    report = load_demo(
        args.db, customers=args.customers, seed=args.seed, progress=None if args.json else _progress
    )
    if args.json:
        emit_json(report)
    else:
        print(
            f"{report['customers']} clientes, {report['accounts']} cuentas, {report['payments']} pagos "
            f"en {report['seconds']:.1f} s"
        )
        for user, password in report["users"].items():
            print(f"usuario {user}: contraseña {password}")
    return EXIT_OK


def _progress(text: str) -> None:
    print(text, file=sys.stderr, flush=True)


def cmd_import(args: argparse.Namespace) -> int:
    from app.importer import import_accounts, import_customers

    with open_branch(args) as b:
        fn = import_customers if args.kind == "customers" else import_accounts
        count = fn(b, Path(args.file))
        if args.json:
            emit_json({"imported": count, "kind": args.kind})
        else:
            print(translate("import_done", b.settings.language, count=count, kind=args.kind))
    return EXIT_OK


def cmd_search(args: argparse.Namespace) -> int:
    with open_branch(args) as b:
        results = b.customers.search(args.text, limit=args.limit)
        if args.json:
            emit_json(
                [
                    {
                        "customer_id": r.customer_id,
                        "name": r.name,
                        "doc_type": r.doc_type,
                        "doc_number": r.doc_number,
                        "phone": r.phone,
                        "accounts": [
                            {
                                "account_no": a.account_no,
                                "balance": a.balance,
                                "overdue_amount": a.overdue_amount,
                                "days_past_due": a.days_past_due,
                                "status": a.status,
                            }
                            for a in r.accounts
                        ],
                    }
                    for r in results
                ]
            )
        else:
            fmt = money_formatter(b)
            for r in results:
                accts = ", ".join(
                    f"{a.account_no} {fmt(a.balance)}"
                    + (f" (vencido {fmt(a.overdue_amount)}, {a.days_past_due} d)" if a.days_past_due else "")
                    for a in r.accounts
                )
                print(f"{r.name:<40} {r.doc_type} {r.doc_number:<12} {r.phone or '':<10} {accts}")
    return EXIT_OK


def money_formatter(b: Any) -> Callable[[Decimal], str]:
    from app.money import format_money

    return lambda v: format_money(v, b.settings.currency, b.settings.locale)


def account_json(v: Any) -> dict[str, Any]:
    return {
        "account_no": v.account_no,
        "account_id": v.account_id,
        "customer": {
            "customer_id": v.customer.customer_id,
            "name": v.customer.name,
            "doc_type": v.customer.doc_type,
            "doc_number": v.customer.doc_number,
            "phone": v.customer.phone,
        },
        "description": v.description,
        "status": v.status,
        "as_of": v.as_of,
        "principal": v.principal,
        "monthly_rate_pct": v.monthly_rate_pct,
        "term": v.term,
        "balance": v.balance,
        "overdue_amount": v.overdue_amount,
        "days_past_due": v.days_past_due,
        "aging_bucket": v.aging_bucket,
        "payoff_amount": v.payoff_amount,
        "late_fees": v.late_fees,
        "credit": v.credit,
        "next_due": {"date": v.next_due.date, "amount": v.next_due.amount} if v.next_due else None,
        "installments": [
            {
                "number": i.number,
                "due_date": i.due_date,
                "amount": i.amount,
                "principal": i.principal,
                "interest": i.interest,
                "late_fee": i.late_fee,
                "amount_due": i.amount_due,
                "paid": i.paid,
                "status": i.status,
                "days_late": i.days_late,
            }
            for i in v.installments
        ],
        "payments": [
            {
                "payment_id": p.payment_id,
                "receipt_no": p.receipt_no,
                "amount": p.amount,
                "method": p.method,
                "created_at": p.created_at,
                "business_date": p.business_date,
                "cashier": p.cashier,
                "voided": p.voided,
                "void_reason": p.void_reason,
            }
            for p in v.payments
        ],
    }


def cmd_account(args: argparse.Namespace) -> int:
    from app.clock import parse_date

    as_of = parse_date(args.as_of) if args.as_of else None
    with open_branch(args) as b:
        v = b.accounts.get(args.account_no, as_of)
        if args.json:
            emit_json(account_json(v))
            return EXIT_OK
        fmt = money_formatter(b)
        print(
            f"{v.account_no}  {v.customer.name}  {v.customer.doc_type} {v.customer.doc_number}  [{v.status}]"
        )
        print(f"  {v.description}  {fmt(v.principal)} a {v.term} cuotas, {v.monthly_rate_pct}% mensual")
        print(
            f"  saldo {fmt(v.balance)}  vencido {fmt(v.overdue_amount)}  días de atraso {v.days_past_due}"
            f"  ({v.aging_bucket})  para cancelar {fmt(v.payoff_amount)}"
        )
        if v.next_due:
            print(f"  próxima cuota {v.next_due.date.isoformat()} {fmt(v.next_due.amount)}")
        for i in v.installments:
            late = f" {i.days_late} d" if i.days_late else ""
            print(
                f"  {i.number:>3} {i.due_date.isoformat()} {fmt(i.amount):>14} pagado {fmt(i.paid):>14} "
                f"debe {fmt(i.amount_due):>14} {i.status}{late}"
            )
        for p in v.payments:
            mark = " ANULADO" if p.voided else ""
            print(f"  {p.receipt_no} {p.created_at[:16]} {fmt(p.amount):>14} {p.method}{mark}")
    return EXIT_OK


def payment_json(r: Any) -> dict[str, Any]:
    return {
        "payment_id": r.payment_id,
        "receipt_no": r.receipt_no,
        "account_no": r.account_no,
        "amount": r.amount,
        "method": r.method,
        "tendered": r.tendered,
        "change": r.change,
        "card_brand": r.card_brand,
        "card_last4": r.card_last4,
        "auth_code": r.auth_code,
        "operation_number": r.operation_number,
        "cashier": r.cashier,
        "created_at": r.created_at,
        "allocations": [
            {
                "installment": a.installment,
                "due_date": a.due_date,
                "late_fee": a.late_fee,
                "interest": a.interest,
                "principal": a.principal,
            }
            for a in r.allocations
        ],
        "balance_after": r.balance_after,
        "next_due": {"date": r.next_due_date, "amount": r.next_due_amount} if r.next_due_date else None,
    }


def cmd_pay(args: argparse.Namespace) -> int:
    from app.money import parse_amount
    from app.payments import PaymentRequest

    with open_branch(args) as b:
        cur = b.settings.currency
        # Amount checks come before the password so that a typo costs no login attempt.
        amount = parse_amount(args.amount, cur)
        tendered = parse_amount(args.tendered, cur) if args.tendered is not None else None
        request = PaymentRequest(
            account_no=args.account_no,
            amount=amount,
            method=args.method,
            tendered=tendered,
            card_brand=args.card_brand,
            card_last4=args.card_last4,
            auth_code=args.auth_code,
            operation_number=args.operation_number,
        )
        b.payments.validate(request)
        if args.print:
            b.printing.printer(args.printer)  # a bad --printer URI is refused before anything is posted
        cashier = b.users.login(args.user, read_password())
        r = b.payments.take(request, cashier, queue_receipt=args.print)
        print_error = _print_after_commit(b, r.receipt_no, args, "payment") if args.print else None
        if args.json:
            emit_json(
                {**payment_json(r), "printed": args.print and print_error is None, "print_error": print_error}
            )
        else:
            fmt = money_formatter(b)
            print(f"{r.receipt_no}  {r.account_no}  {fmt(r.amount)} {r.method}")
            if r.change is not None:
                print(f"  vuelto {fmt(r.change)}")
            for a in r.allocations:
                label = f"cuota {a.installment}" if a.installment is not None else "saldo a favor"
                print(
                    f"  {label}: mora {fmt(a.late_fee)} interés {fmt(a.interest)} capital {fmt(a.principal)}"
                )
            print(f"  saldo {fmt(r.balance_after)}")
        if print_error is not None:
            print(
                f"abono: {translate('payment_saved_not_printed', args.lang, receipt_no=r.receipt_no, error=print_error)}",
                file=sys.stderr,
            )
            return EXIT_PRINTER
    return EXIT_OK


def _print_after_commit(b: Any, receipt_no: str, args: argparse.Namespace, kind: str) -> str | None:
    """Print the document whose job was queued with the commit; the error message if the printer failed."""
    from app.receipts import PrinterError

    try:
        b.printing.print_receipt(receipt_no, args.printer, kind=kind)
    except PrinterError as e:
        return e.message(args.lang)
    return None


def cmd_void(args: argparse.Namespace) -> int:
    with open_branch(args) as b:
        paid = b.payments.get(args.receipt_no)  # an unknown receipt is reported before any password
        if args.print:
            b.printing.printer(args.printer)
        manager = b.users.login(args.user, read_password())
        v = b.payments.void(args.receipt_no, args.reason, manager, queue_slip=args.print)
        print_error = _print_after_commit(b, v.receipt_no, args, "void") if args.print else None
        if args.json:
            emit_json(
                {
                    "void_id": v.void_id,
                    "receipt_no": v.receipt_no,
                    "amount": v.amount,
                    "method": v.method,
                    "manager": v.manager,
                    "reason": v.reason,
                    "created_at": v.created_at,
                    "account_no": paid.account_no,
                    "balance_after": b.accounts.get(paid.account_no).balance,
                }
            )
        else:
            print(f"{v.receipt_no} anulado por {v.manager}: {v.reason}")
    if print_error is not None:
        print(f"abono: {translate('void_saved_not_printed', args.lang, error=print_error)}", file=sys.stderr)
        return EXIT_PRINTER
    return EXIT_OK


def cmd_audit_verify(args: argparse.Namespace) -> int:
    with open_branch(args) as b:
        report = b.audit.verify()
        lang = b.settings.language
        if args.json:
            emit_json(report)
        if report.ok:
            if not args.json:
                print(translate("audit_ok", lang, count=report.count))
            return EXIT_OK
        if report.broken_at is None:
            message = translate("audit_missing", lang, detail=report.detail.removeprefix("no audit row for "))
        else:
            message = translate("audit_broken", lang, row_id=report.broken_at, detail=report.detail)
        print(message, file=sys.stderr)
        return EXIT_REFUSED


# ---- parser ---------------------------------------------------------------------------------------
# Modules that add their own subcommands: each has ``register(subparsers)`` and uses ``add_command``.
EXTENSIONS: tuple[str, ...] = (
    "app.printing_cli",
    "app.drawer_cli",
    "app.sync_cli",
    "app.headoffice_cli",
    "app.report_cli",
)


def add_command(parent: Any, name: str, fn: Callable[[argparse.Namespace], int], help_text: str) -> Parser:
    """Add subcommand ``name`` running ``fn(args)``; every command takes ``--json``."""
    sp: Parser = parent.add_parser(name, help=help_text)
    sp.set_defaults(func=fn)
    sp.add_argument("--json", action="store_true", help="print the result as JSON")
    return sp


def build_parser() -> Parser:
    p = Parser(prog="abono", description="Abono: cobranzas de sucursal / branch collections")
    p.add_argument(
        "--db", type=Path, default=None, help="branch database (default: $ABONO_DB or the user data dir)"
    )
    sub = p.add_subparsers(dest="command", required=True, parser_class=Parser)

    def cmd(name: str, fn: Callable[[argparse.Namespace], int], help_text: str, parent: Any = sub) -> Parser:
        return add_command(parent, name, fn, help_text)

    sp = cmd("init", cmd_init, "set up a new branch database")
    sp.add_argument("--branch", required=True)
    sp.add_argument("--name", required=True)
    sp.add_argument("--register", default="01")
    sp.add_argument("--currency", default="PEN")
    sp.add_argument("--locale", default="es_PE")
    sp.add_argument("--timezone", default="America/Lima")

    users = sub.add_parser("users", help="branch users")
    usub = users.add_subparsers(dest="users_command", required=True, parser_class=Parser)
    sp = cmd("add", cmd_users_add, "add a user (password twice on stdin or ABONO_PASSWORD)", usub)
    sp.add_argument("name")
    sp.add_argument("--role", required=True, choices=["cashier", "manager", "admin"])
    sp.add_argument("--full-name")
    cmd("list", cmd_users_list, "list users", usub)

    sp = cmd("demo-data", cmd_demo_data, "fill an empty branch with realistic demo data")
    sp.add_argument("--customers", type=int, default=1000)
    sp.add_argument("--seed", type=int, default=1)

    sp = cmd("import", cmd_import, "import a CSV file whole or not at all")
    sp.add_argument("kind", choices=["customers", "accounts"])
    sp.add_argument("file")

    sp = cmd("search", cmd_search, "find customers by name, document, phone or account")
    sp.add_argument("text")
    sp.add_argument("--limit", type=int, default=20)

    sp = cmd("account", cmd_account, "show an account")
    sp.add_argument("account_no")
    sp.add_argument("--as-of")

    sp = cmd("pay", cmd_pay, "take a payment (the user's password on stdin or ABONO_PASSWORD)")
    sp.add_argument("account_no")
    sp.add_argument("amount")
    sp.add_argument("--method", required=True)
    sp.add_argument("--user", required=True)
    sp.add_argument("--tendered")
    sp.add_argument("--card-brand")
    sp.add_argument("--card-last4")
    sp.add_argument("--auth-code")
    sp.add_argument("--operation-number")
    sp.add_argument("--print", action="store_true", help="print the receipt (exit 3 if the printer fails)")
    sp.add_argument("--printer", help="printer URI (default: the branch's printer)")

    sp = cmd("void", cmd_void, "void a payment (a manager's password on stdin or ABONO_PASSWORD)")
    sp.add_argument("receipt_no")
    sp.add_argument("--reason", required=True)
    sp.add_argument("--user", required=True)
    sp.add_argument("--print", action="store_true", help="print the void slip (exit 3 if the printer fails)")
    sp.add_argument("--printer", help="printer URI (default: the branch's printer)")

    audit = sub.add_parser("audit", help="the audit log")
    asub = audit.add_subparsers(dest="audit_command", required=True, parser_class=Parser)
    cmd("verify", cmd_audit_verify, "verify the hash chain", asub)
    for module_name in EXTENSIONS:
        importlib.import_module(module_name).register(sub)
    return p


def main(argv: Sequence[str] | None = None) -> int:
    """Run one command; returns the exit code (see the module docstring)."""
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.db is None:
        args.db = default_db_path()
    args.lang = default_language()
    try:
        code: int = args.func(args)
        return code
    except AbonoError as e:
        print(f"abono: {e.message(args.lang)}", file=sys.stderr)
        return EXIT_REFUSED
    except PrinterError as e:
        print(f"abono: {e.message(args.lang)}", file=sys.stderr)
        return EXIT_PRINTER
    except KeyboardInterrupt:
        return 130
    except Exception as e:
        _log_crash()
        detail = type(e).__name__
        print(f"abono: {translate('internal_error', args.lang, detail=detail)}", file=sys.stderr)
        return EXIT_REFUSED


def _log_crash() -> None:
    try:
        path = log_path()
        path.parent.mkdir(parents=True, exist_ok=True)
        logging.basicConfig(filename=path, level=logging.ERROR)
        logging.getLogger("abono").error("unexpected error\n%s", traceback.format_exc())
    except OSError:
        pass


if __name__ == "__main__":
    raise SystemExit(main())
