"""The manager's reports screen: X, Z and the end-of-day report with a preview, Print and Save PDF.

Contracts:
- Every report is built on the database worker (the end of day of a big branch takes seconds) and
  printed on the printer worker; the screen stays responsive. ``shown(kind)`` is emitted when a
  report is on screen ("x", "z" or "eod"), ``printed(kind)`` and ``saved(path)`` when done.
- The preview is the PDF itself when QtPdf is installed (``PySide6.QtPdf``/``QtPdfWidgets``, in
  PySide6-Addons: PySide6-Essentials lacks them); otherwise the report's text rendering, which says
  exactly the same figures, and a line saying so (``previewMode``).
- Print sends the receipt-printer version (the X or Z as is; the short end-of-day slip). Save writes
  the PDF atomically (the A4 end-of-day report; the X or Z as an 80 mm receipt PDF).
- Issuing a Z is final (one per closed session), so it asks for confirmation first; a Z copy is
  marked COPY. Both, and the end of day, need a manager: for anyone else the buttons are disabled.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

from PySide6.QtCore import QBuffer, QByteArray, QDate, QIODevice, Signal
from PySide6.QtGui import QFontDatabase
from PySide6.QtWidgets import (
    QDateEdit,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.receipts import Document
from app.reports import EndOfDayReport, Reports
from app.users import UserInfo
from ui.errors import show_error
from ui.operations import CollectionOp, QueryOp, TaskManager

log = logging.getLogger("abono.desk")

try:  # QtPdf ships in PySide6-Addons; without it the preview is the text rendering.
    from PySide6.QtPdf import QPdfDocument
    from PySide6.QtPdfWidgets import QPdfView

    HAVE_QTPDF = True
except ImportError:  # pragma: no cover - depends on the installed PySide6 wheels
    HAVE_QTPDF = False


class Shown:
    """What is on screen: its kind, its text, the document to print and how to write its PDF."""

    def __init__(
        self, kind: str, text: str, document: Document, pdf: Callable[[], bytes], save: Callable[[Path], Path]
    ) -> None:
        self.kind = kind
        self.text = text
        self.document = document
        self.pdf = pdf
        self.save = save


class ReportsWidget(QWidget):
    shown = Signal(str)
    printed = Signal(str)
    saved = Signal(str)

    def __init__(
        self, reports: Reports, tasks: TaskManager, user: UserInfo, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._reports = reports
        self._tasks = tasks
        self._user = user
        self.current: Shown | None = None
        self.setObjectName("reportsWidget")
        self.x_button = QPushButton(self.tr("X report"), objectName="xButton")
        self.z_button = QPushButton(self.tr("Issue Z"), objectName="zButton")
        self.z_copy_button = QPushButton(self.tr("Z copy"), objectName="zCopyButton")
        self.day = QDateEdit(objectName="eodDate")
        self.day.setCalendarPopup(True)
        self.day.setDisplayFormat("dd/MM/yyyy")
        self.day.setDate(QDate(reports.today()))
        self.eod_button = QPushButton(self.tr("End of day"), objectName="eodButton")
        self.print_button = QPushButton(self.tr("Print"), objectName="printButton")
        self.save_button = QPushButton(self.tr("Save PDF…"), objectName="saveButton")
        for button in (self.print_button, self.save_button):
            button.setEnabled(False)
        manager = user.is_manager
        for button in (self.z_button, self.z_copy_button, self.eod_button):
            button.setEnabled(manager)
        self.x_button.clicked.connect(self.show_x)
        self.z_button.clicked.connect(self.confirm_z)
        self.z_copy_button.clicked.connect(self.show_z_copy)
        self.eod_button.clicked.connect(lambda: self.show_eod(self.day.date().toPython()))
        self.print_button.clicked.connect(self.print_current)
        self.save_button.clicked.connect(self.ask_save)
        self.status = QLabel("", objectName="status")
        self.preview_mode = QLabel(
            "" if HAVE_QTPDF else self.tr("Text preview (QtPdf is not installed); Save PDF writes the PDF."),
            objectName="previewMode",
        )
        self.text_view = QPlainTextEdit(objectName="preview")
        self.text_view.setReadOnly(True)
        self.text_view.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
        self.text_view.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        self.pdf_view: Any = None
        self._pdf_document: Any = None
        self._pdf_buffer: QBuffer | None = None
        if HAVE_QTPDF:  # pragma: no cover - not in PySide6-Essentials
            self._pdf_document = QPdfDocument(self)
            self.pdf_view = QPdfView(self)
            self.pdf_view.setObjectName("pdfPreview")
            self.pdf_view.setPageMode(QPdfView.PageMode.MultiPage)
            self.pdf_view.setZoomMode(QPdfView.ZoomMode.FitToWidth)
            self.pdf_view.setDocument(self._pdf_document)
            self.text_view.hide()
        top = QHBoxLayout()
        for widget in (self.x_button, self.z_button, self.z_copy_button, self.day, self.eod_button):
            top.addWidget(widget)
        top.addStretch(1)
        top.addWidget(self.print_button)
        top.addWidget(self.save_button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.preview_mode)
        layout.addWidget(self.text_view if self.pdf_view is None else self.pdf_view, 1)
        layout.addWidget(self.status)

    # ---- building reports (database worker) ---------------------------------------------------------
    def _busy(self, message: str) -> None:
        self.status.setText(message)
        for button in (self.x_button, self.z_button, self.z_copy_button, self.eod_button):
            button.setEnabled(False)

    def _idle(self) -> None:
        self.x_button.setEnabled(True)
        for button in (self.z_button, self.z_copy_button, self.eod_button):
            button.setEnabled(self._user.is_manager)

    def _failed(self, exc: Exception) -> None:
        self._idle()
        self.status.setText("")
        show_error(self, exc, self._tasks.lang)

    def _drawer_shown(self, kind: str) -> Callable[[Document], Shown]:
        reports = self._reports

        def build(document: Document) -> Shown:
            return Shown(
                kind,
                reports.text(document),
                document,
                lambda: reports.pdf_bytes(document),
                lambda path: reports.save_pdf(document, path),
            )

        return build

    def show_x(self) -> None:
        self._busy(self.tr("Building the X report…"))
        build = self._drawer_shown("x")
        QueryOp(self._tasks, self, lambda: build(self._reports.x_document()), self._show).failure(
            self._failed
        ).run()

    def confirm_z(self) -> None:
        box = QMessageBox(
            QMessageBox.Icon.Question,
            self.tr("Issue Z"),
            self.tr("Issue the Z report of the last closed drawer? It can be issued only once."),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            self,
        )
        box.setObjectName("confirmZ")
        box.accepted.connect(self.issue_z)
        box.open()

    def issue_z(self) -> None:
        self._busy(self.tr("Issuing the Z report…"))
        reports, user, build = self._reports, self._user, self._drawer_shown("z")
        CollectionOp(
            self._tasks,
            self,
            lambda: build(reports.z_document(reports.issue_z(user))),
            self._show,
            changes=frozenset({"drawer"}),
        ).failure(self._failed).run()

    def show_z_copy(self) -> None:
        self._busy(self.tr("Building the Z copy…"))
        reports, user, build = self._reports, self._user, self._drawer_shown("z")
        QueryOp(
            self._tasks, self, lambda: build(reports.z_document(reports.z_copy(user))), self._show
        ).failure(self._failed).run()

    def show_eod(self, day: date | None = None) -> None:
        """Build the end-of-day report of ``day`` (default: the branch's today) on the worker."""
        self._busy(self.tr("Building the end-of-day report…"))
        reports, user = self._reports, self._user
        built: list[date] = []

        def build() -> Shown:
            report: EndOfDayReport = reports.end_of_day(day, user)
            built.append(report.business_date)
            return Shown(
                "eod",
                reports.eod_text(report),
                reports.day_slip(report),
                lambda: reports.eod_pdf_bytes(report),
                lambda path: reports.eod_pdf(report, path),
            )

        def shown(result: Shown) -> None:
            self._show(result)
            # Then, on the upkeep worker (never in front of a search), the portfolio checkpoint moves
            # to this day so the next report reads only what changes after it. A cache: if it fails,
            # the report is still right.
            QueryOp(
                self._tasks,
                self,
                lambda: reports.keep_portfolio_checkpoint(built[-1]),
                lambda _moved: None,
                lane="upkeep",
            ).failure(lambda exc: log.warning("portfolio checkpoint not moved: %s", exc)).run()

        QueryOp(self._tasks, self, build, shown).failure(self._failed).run()

    def _show(self, shown: Shown) -> None:
        self.current = shown
        self._idle()
        self.text_view.setPlainText(shown.text)
        if self._pdf_document is not None:  # pragma: no cover - not in PySide6-Essentials
            self._load_pdf(shown.pdf())
        self.print_button.setEnabled(True)
        self.save_button.setEnabled(True)
        self.status.setText("")
        self.shown.emit(shown.kind)

    def _load_pdf(self, data: bytes) -> None:  # pragma: no cover - not in PySide6-Essentials
        buffer = QBuffer(self)
        buffer.setData(QByteArray(data))
        buffer.open(QIODevice.OpenModeFlag.ReadOnly)
        self._pdf_document.load(buffer)
        self._pdf_buffer = buffer  # the document reads from it: keep it alive

    # ---- print and save -----------------------------------------------------------------------------
    def print_current(self) -> None:
        """Print what is shown on the receipt printer (on the printer worker)."""
        shown = self.current
        if shown is None:
            return
        self.print_button.setEnabled(False)
        self.status.setText(self.tr("Printing…"))
        document = shown.document

        def done(_printer: object) -> None:
            self.print_button.setEnabled(True)
            self.status.setText(self.tr("Printed."))
            self.printed.emit(shown.kind)

        def failed(exc: Exception) -> None:
            self.print_button.setEnabled(True)
            self.status.setText("")
            show_error(self, exc, self._tasks.lang)

        QueryOp(self._tasks, self, lambda: self._reports.print(document), done, lane="printer").failure(
            failed
        ).run()

    def ask_save(self) -> None:
        if self.current is None:
            return
        name = f"reporte-{self.current.kind}.pdf"
        path, _ = QFileDialog.getSaveFileName(self, self.tr("Save PDF"), name, self.tr("PDF (*.pdf)"))
        if path:
            self.save_to(Path(path))

    def save_to(self, path: Path) -> None:
        """Write the shown report's PDF to ``path`` (atomically, on the worker)."""
        shown = self.current
        if shown is None:
            return
        self.save_button.setEnabled(False)

        def done(written: Path) -> None:
            self.save_button.setEnabled(True)
            self.status.setText(self.tr("Saved to {path}").format(path=written))
            self.saved.emit(str(written))

        def failed(exc: Exception) -> None:
            self.save_button.setEnabled(True)
            show_error(self, exc, self._tasks.lang)

        QueryOp(self._tasks, self, lambda: shown.save(path), done).failure(failed).run()
