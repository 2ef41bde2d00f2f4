"""The print queue: receipts and void slips wait here until they have printed.

Contracts:
- Printing happens after the payment commits, and never affects it: ``Payments.take(...,
  queue_receipt=True)`` puts the receipt's job in the queue in the payment's own transaction; a printer
  failure leaves the job waiting (``failed``, with the error) for :meth:`PrintQueue.print_waiting` or a
  reprint. Nothing here can lose or repeat a payment.
- Every job is rebuilt from the immutable payment (or void) when it prints, so a receipt printed
  tomorrow says exactly what it would have said today; a reprint is marked COPY with its time and is
  written to the audit log.
- Every printer failure is an ``app.receipts.PrinterError`` with a message in Spanish and English; the
  job is marked failed before the error is raised.
- Methods block for at most the printer's timeout; the desk calls them off the GUI thread.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from pathlib import Path
from typing import BinaryIO

from sqlalchemy import Engine, delete, insert, select, update
from sqlalchemy.orm import Session

from app.audit import AuditLog
from app.clock import Clock, iso_utc
from app.company import company_header, local_time, method_labels
from app.errors import NotFound
from app.payments import PaymentRecord, Payments, queue_print_job
from app.receipts import (
    CompanyHeader,
    PaymentReceipt,
    PrinterError,
    PrinterSettings,
    ReceiptAllocation,
    TestPage,
    VoidSlip,
    build_job,
    parse_printer_uri,
    receipt_pdf,
    render_text,
    send,
    verification_payload,
)
from app.receipts.errors import printer_error
from app.settings import BranchSettings
from app.storage.models import PrintJob, Setting
from app.users import UserInfo, require_manager

Document = PaymentReceipt | VoidSlip


@dataclass(frozen=True, slots=True)
class PrintJobView:
    job_id: int
    kind: str  # payment | void
    receipt_no: str
    copy: bool
    status: str  # pending | failed | printed
    attempts: int
    last_error: str | None
    requested_by: str
    created_at: str
    printed_at: str | None


def _view(j: PrintJob) -> PrintJobView:
    return PrintJobView(
        j.id,
        j.kind,
        j.receipt_no,
        bool(j.copy),
        j.status,
        j.attempts,
        j.last_error,
        j.requested_by,
        j.created_at,
        j.printed_at,
    )


class PrintQueue:
    """``branch.printing``: the branch's receipt printer and its queue. Safe from any thread."""

    def __init__(
        self, engine: Engine, write_engine: Engine, settings: BranchSettings, clock: Clock, payments: Payments
    ) -> None:
        self._engine = engine
        self._write = write_engine
        self._settings = settings
        self._clock = clock
        self._payments = payments
        self._uri = settings.printer_uri

    # ---- the printer ------------------------------------------------------------------------------
    def printer_uri(self) -> str | None:
        """The branch's default printer, or None when none is set up."""
        return self._uri

    def printer(self, uri: str | None = None) -> PrinterSettings:
        """The printer of ``uri``, else the default; ``PrinterError`` if there is none or it is invalid."""
        chosen = uri or self._uri
        if not chosen:
            raise printer_error("not_configured", "")
        return parse_printer_uri(chosen)

    def set_printer(self, uri: str, actor: UserInfo) -> PrinterSettings:
        """Make ``uri`` the default printer (managers only); a bad URI is refused and nothing changes."""
        require_manager(actor, "configurar la impresora")
        settings = parse_printer_uri(uri)
        now = iso_utc(self._clock())
        with Session(self._write) as s, s.begin():
            import json

            s.execute(delete(Setting).where(Setting.key == "printer"))
            s.execute(insert(Setting).values(key="printer", value=json.dumps({"uri": uri.strip()})))
            AuditLog.record(s, now, actor.username, "settings_change", "printer", {"uri": uri.strip()})
        self._uri = uri.strip()
        return settings

    @property
    def language(self) -> str:
        return self._settings.language

    # ---- documents --------------------------------------------------------------------------------
    def _company(self) -> CompanyHeader:
        return company_header(self._settings)

    def _local(self, stored: str) -> datetime:
        return local_time(stored, self._settings)

    def _label(self, code: str) -> str:
        return method_labels(self._settings).get(code, code)

    def payment_receipt(self, record: PaymentRecord) -> PaymentReceipt:
        """The printable receipt of a committed payment."""
        s = self._settings
        issued = self._local(record.created_at)
        return PaymentReceipt(
            company=self._company(),
            receipt_no=record.receipt_no,
            issued_at=issued,
            cashier=record.cashier,
            register=record.register,
            customer_name=record.customer_name,
            doc_type=record.doc_type,
            doc_number=record.doc_number,
            account_no=record.account_no,
            amount=record.amount,
            method=record.method_kind,  # type: ignore[arg-type]
            method_label=self._label(record.method),
            balance_after=record.balance_after,
            verification=verification_payload(
                record.receipt_no, record.amount, s.currency, record.account_no, issued
            ),
            allocations=tuple(
                ReceiptAllocation(a.installment, a.due_date, a.amount)
                for a in record.allocations
                if a.installment is not None and a.due_date is not None
            ),
            currency=s.currency,
            locale=s.locale,
            tendered=record.tendered,
            change=record.change,
            card_brand=record.card_brand,
            card_last4=record.card_last4,
            auth_code=record.auth_code,
            operation_number=record.operation_number,
            next_due_date=record.next_due_date,
            next_due_amount=record.next_due_amount,
            still_overdue_amount=max(record.overdue_after, Decimal("0.00")),
        )

    def void_slip(self, record: PaymentRecord) -> VoidSlip:
        """The printable slip of a voided payment; ``NotFound`` if it was not voided."""
        v = record.void
        if v is None:
            raise NotFound("receipt_not_found", receipt_no=record.receipt_no)
        return VoidSlip(
            company=self._company(),
            receipt_no=record.receipt_no,
            voided_at=self._local(v.created_at),
            amount=record.amount,
            method=record.method_kind,  # type: ignore[arg-type]
            method_label=self._label(record.method),
            customer_name=record.customer_name,
            account_no=record.account_no,
            approved_by=v.manager,
            reason=v.reason,
            cashier=v.requested_by,
            register=record.register,
            currency=self._settings.currency,
            locale=self._settings.locale,
        )

    def document(self, receipt_no: str, *, kind: str = "payment", copy: bool = False) -> Document:
        """The receipt (or, with ``kind="void"``, the void slip) of ``receipt_no``; COPY when ``copy``."""
        record = self._payments.get(receipt_no)
        doc: Document = self.void_slip(record) if kind == "void" else self.payment_receipt(record)
        return doc.as_copy(self._clock().astimezone(self._settings.zone)) if copy else doc

    def receipt_text(
        self, receipt_no: str, *, kind: str = "payment", copy: bool = False, width: int | None = None
    ) -> str:
        """The document as plain text, ``width`` columns (default: the printer's width, else 42)."""
        if width is None:
            width = parse_printer_uri(self._uri).width if self._uri else 42
        return render_text(self.document(receipt_no, kind=kind, copy=copy), width, self.language)

    def receipt_pdf(
        self, receipt_no: str, target: str | Path | BinaryIO, *, kind: str = "payment", copy: bool = False
    ) -> None:
        """The document as a PDF (80 mm wide), for email or WhatsApp."""
        receipt_pdf(self.document(receipt_no, kind=kind, copy=copy), target, language=self.language)

    # ---- the queue --------------------------------------------------------------------------------
    def waiting(self) -> list[PrintJobView]:
        """Jobs not printed yet, oldest first."""
        with Session(self._engine) as s:
            return [
                _view(j)
                for j in s.scalars(select(PrintJob).where(PrintJob.status != "printed").order_by(PrintJob.id))
            ]

    def recent(self, limit: int = 50) -> list[PrintJobView]:
        with Session(self._engine) as s:
            return [_view(j) for j in s.scalars(select(PrintJob).order_by(PrintJob.id.desc()).limit(limit))]

    def job(self, job_id: int) -> PrintJobView:
        with Session(self._engine) as s:
            j = s.get(PrintJob, job_id)
            if j is None:
                raise NotFound("receipt_not_found", receipt_no=f"#{job_id}")
            return _view(j)

    def original_printed(self, receipt_no: str, kind: str = "payment") -> bool:
        """Whether the original (not a copy) of ``receipt_no`` has already printed."""
        with Session(self._engine) as s:
            return (
                s.scalar(
                    select(PrintJob.id)
                    .where(
                        PrintJob.receipt_no == receipt_no.strip().upper(),
                        PrintJob.kind == kind,
                        PrintJob.copy == 0,
                        PrintJob.status == "printed",
                    )
                    .limit(1)
                )
                is not None
            )

    def print_job(self, job_id: int, uri: str | None = None) -> PrintJobView:
        """Print one queued job; on failure mark it failed with the message and raise ``PrinterError``."""
        job = self.job(job_id)
        try:
            printer = self.printer(uri)
            doc = self.document(job.receipt_no, kind=job.kind, copy=job.copy)
            if job.copy:
                # the reprint time is when it was asked for, not when the printer finally took it
                doc = doc.as_copy(self._local(job.created_at))
            data = build_job(doc, printer, language=self.language)
            send(printer, data)
        except PrinterError as e:
            self._mark(job_id, "failed", e.message(self.language))
            raise
        return self._mark(job_id, "printed", None)

    def _mark(self, job_id: int, status: str, error: str | None) -> PrintJobView:
        now = iso_utc(self._clock())
        with Session(self._write) as s, s.begin():
            values: dict[str, object] = {"status": status, "last_error": error, "updated_at": now}
            if status == "printed":
                values["printed_at"] = now
            s.execute(
                update(PrintJob).where(PrintJob.id == job_id).values(attempts=PrintJob.attempts + 1, **values)
            )
        return self.job(job_id)

    def print_receipt(
        self, receipt_no: str, uri: str | None = None, *, kind: str = "payment"
    ) -> PrintJobView:
        """Print the original receipt (or void slip) of ``receipt_no``: its waiting job, or a new one."""
        number = receipt_no.strip().upper()
        with Session(self._engine) as s:
            job_id = s.scalar(
                select(PrintJob.id)
                .where(
                    PrintJob.receipt_no == number,
                    PrintJob.kind == kind,
                    PrintJob.copy == 0,
                    PrintJob.status != "printed",
                )
                .order_by(PrintJob.id)
                .limit(1)
            )
        if job_id is None:
            self._payments.get(number)  # NotFound for an unknown receipt
            with Session(self._write) as s, s.begin():
                job_id = queue_print_job(s, kind, number, "system", iso_utc(self._clock()))
        return self.print_job(job_id, uri)

    def reprint(
        self, receipt_no: str, user: UserInfo, uri: str | None = None, *, kind: str = "payment"
    ) -> PrintJobView:
        """Queue and print a COPY of ``receipt_no``; the reprint is audited even if the printer fails."""
        record = self._payments.get(receipt_no)
        if kind == "void" and record.void is None:
            raise NotFound("receipt_not_found", receipt_no=receipt_no)
        now = iso_utc(self._clock())
        with Session(self._write) as s, s.begin():
            job_id = queue_print_job(s, kind, record.receipt_no, user.username, now, copy=True)
            AuditLog.record(
                s, now, user.username, "reprint", record.receipt_no, {"kind": kind, "job_id": job_id}
            )
        return self.print_job(job_id, uri)

    def print_waiting(self, uri: str | None = None) -> list[PrintJobView]:
        """Print every waiting job, oldest first; stops at the first failure and raises it (the rest
        keep waiting). Returns the jobs printed."""
        printed = []
        for job in self.waiting():
            printed.append(self.print_job(job.job_id, uri))
        return printed

    def test_page(self, uri: str | None = None) -> None:
        """Print the test page (every Spanish character, a ruler, an amount, a QR code) on the printer."""
        printer = self.printer(uri)
        page = TestPage(
            company=self._company(),
            printed_at=self._clock().astimezone(self._settings.zone),
            printer=printer.describe(),
            width=printer.width,
            codepage=printer.codepage,
            currency=self._settings.currency,
            locale=self._settings.locale,
        )
        send(printer, build_job(page, printer, language=self.language))
