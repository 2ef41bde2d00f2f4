"""Branch settings for managers: the receipt printer, the company header and footer, and (read-only)
the payment methods and the late-fee and allocation policy.

Contract: the printer URI is validated by the core before anything is stored ("Print test page" works
on the typed URI without storing it). Save stores the printer (``set_printer``, audited, managers only)
and the company data (``update_settings``, audited) on the database worker, then emits ``saved``.
The printer takes effect at once; the open desk keeps the old header until it is restarted.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QPlainTextEdit,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app.flows.printer_form import CODEPAGES, WIDTHS, PrinterFields, check_uri, compose_uri, split_uri
from app.settings import BranchSettings, CompanyInfo
from app.users import UserInfo
from ui.errors import error_text
from ui.formatting import Formatter
from ui.operations import CollectionOp, QueryOp, TaskManager


class SettingsDialog(QDialog):
    saved = Signal(object)  # the new BranchSettings

    def __init__(
        self,
        settings: BranchSettings,
        printer_uri: str | None,
        actor: UserInfo,
        services: Any,
        tasks: TaskManager,
        fmt: Formatter,
        parent: QWidget | None = None,
    ) -> None:
        """``services`` offers ``set_printer(uri, actor)``, ``test_page(uri)`` and
        ``update_settings(settings, actor_name)`` (the desk passes thin wrappers over the branch)."""
        super().__init__(parent)
        self.setObjectName("settingsDialog")
        self.setWindowTitle(self.tr("Settings"))
        self._settings = settings
        self._old_uri = printer_uri or ""
        self._actor = actor
        self._services = services
        self._tasks = tasks
        self._fmt = fmt
        fields = split_uri(printer_uri)
        self._other_options = fields.other_options
        self.address = QLineEdit(fields.address, objectName="printerAddress")
        self.address.setPlaceholderText("tcp://192.168.1.50:9100")
        self.width = QComboBox(objectName="printerWidth")
        for w in WIDTHS:
            self.width.addItem(self.tr("%1 columns").replace("%1", str(w)), w)
        self.width.setCurrentIndex(max(self.width.findData(fields.width), 0))
        self.codepage = QComboBox(objectName="printerCodepage")
        self.codepage.addItems(CODEPAGES)
        self.codepage.setCurrentText(fields.codepage)
        self.test_button = QPushButton(self.tr("Print test page"), objectName="testPage")
        self.test_button.setAutoDefault(False)
        self.test_button.clicked.connect(self.test_page)
        c = settings.company
        self.trade_name = QLineEdit(c.trade_name)
        self.tax_id = QLineEdit(c.tax_id)
        self.company_address = QLineEdit(c.address)
        self.phone = QLineEdit(c.phone)
        self.footer = QPlainTextEdit(c.footer)
        self.footer.setMaximumHeight(80)
        self.message = QLabel(objectName="inlineError")
        self.message.setWordWrap(True)
        self.save_button = QPushButton(self.tr("Save"), objectName="save")
        self.save_button.setDefault(True)
        cancel = QPushButton(self.tr("Cancel"))
        cancel.setAutoDefault(False)
        self.save_button.clicked.connect(self.save)
        cancel.clicked.connect(self.reject)
        tabs = QTabWidget()
        tabs.addTab(self._printer_tab(), self.tr("Printer"))
        tabs.addTab(self._company_tab(), self.tr("Company"))
        tabs.addTab(self._methods_tab(), self.tr("Payment methods"))
        tabs.addTab(self._policy_tab(), self.tr("Late fees"))
        buttons = QHBoxLayout()
        buttons.addStretch()
        buttons.addWidget(self.save_button)
        buttons.addWidget(cancel)
        layout = QVBoxLayout(self)
        layout.addWidget(tabs)
        layout.addWidget(self.message)
        layout.addLayout(buttons)
        self.setMinimumWidth(560)

    # ---- tabs ---------------------------------------------------------------------------------------
    def _printer_tab(self) -> QWidget:
        tab = QWidget()
        form = QFormLayout(tab)
        form.addRow(self.tr("Printer &address"), self.address)
        form.addRow(self.tr("Paper &width"), self.width)
        form.addRow(self.tr("&Code page"), self.codepage)
        form.addRow("", self.test_button)
        note = QLabel(
            self.tr(
                "Examples: tcp://192.168.1.50:9100, usb://04b8:0e15, serial:///dev/ttyUSB0, cups://caja1"
            ),
            objectName="hint",
        )
        note.setWordWrap(True)
        form.addRow(note)
        return tab

    def _company_tab(self) -> QWidget:
        tab = QWidget()
        form = QFormLayout(tab)
        form.addRow(self.tr("Trade name"), self.trade_name)
        form.addRow(self.tr("Tax ID (RUC)"), self.tax_id)
        form.addRow(self.tr("Address"), self.company_address)
        form.addRow(self.tr("Phone"), self.phone)
        form.addRow(self.tr("Receipt footer"), self.footer)
        return tab

    def _methods_tab(self) -> QWidget:
        kinds = {
            "cash": self.tr("cash"),
            "card": self.tr("card"),
            "wallet": self.tr("mobile wallet"),
            "deposit": self.tr("bank deposit"),
        }
        methods = QListWidget(objectName="methodList")
        for m in self._settings.payment_methods:
            methods.addItem(f"{m.label(self._fmt.lang)}  ({m.code}, {kinds.get(m.kind, m.kind)})")
        tab = QWidget()
        layout = QVBoxLayout(tab)
        layout.addWidget(methods)
        layout.addWidget(QLabel(self.tr("Payment methods are set by head office."), objectName="hint"))
        return tab

    def _policy_tab(self) -> QWidget:
        lf, al = self._settings.late_fee, self._settings.allocation
        modes = {
            "installment": self.tr("oldest installment first (late fee, interest, principal)"),
            "component": self.tr("all late fees, then all interest, then principal"),
        }
        tab = QWidget()
        form = QFormLayout(tab)
        form.addRow(self.tr("Grace days"), QLabel(str(lf.grace_days)))
        form.addRow(self.tr("Fixed fee per late installment"), QLabel(self._fmt.money(lf.fixed_fee)))
        form.addRow(self.tr("Monthly late rate"), QLabel(f"{lf.monthly_rate_pct} %"))
        form.addRow(self.tr("Allocation"), QLabel(modes.get(al.mode, al.mode)))
        form.addRow(
            self.tr("Credit balance"),
            QLabel(self.tr("allowed") if al.allow_credit_balance else self.tr("refused")),
        )
        return tab

    # ---- actions ------------------------------------------------------------------------------------
    def printer_uri(self) -> str:
        """The URI the printer fields describe ("" when the address is empty)."""
        if not self.address.text().strip():
            return ""
        fields = PrinterFields(
            self.address.text().strip(),
            int(self.width.currentData()),
            self.codepage.currentText(),
            self._other_options,
        )
        return compose_uri(fields)

    def test_page(self) -> None:
        try:
            uri = self.printer_uri()
            if uri:
                check_uri(uri)
        except Exception as exc:
            self.message.setText(error_text(exc, self._tasks.lang))
            return
        self.test_button.setEnabled(False)
        self.message.setText(self.tr("Printing the test page…"))
        service = self._services
        QueryOp(
            self._tasks, self, lambda: service.test_page(uri or None), self._tested, lane="printer"
        ).failure(self._test_failed).run()

    def _tested(self, _result: object) -> None:
        self.test_button.setEnabled(True)
        self.message.setText(self.tr("The test page was sent to the printer."))

    def _test_failed(self, exc: Exception) -> None:
        self.test_button.setEnabled(True)
        self.message.setText(error_text(exc, self._tasks.lang))

    def new_settings(self) -> BranchSettings:
        company = CompanyInfo(
            trade_name=self.trade_name.text().strip(),
            tax_id=self.tax_id.text().strip(),
            address=self.company_address.text().strip(),
            phone=self.phone.text().strip(),
            footer=self.footer.toPlainText().strip(),
        )
        return replace(self._settings, company=company)

    def save(self) -> None:
        try:
            uri = self.printer_uri()
            if uri:
                check_uri(uri)
            settings = self.new_settings()
        except Exception as exc:
            self.message.setText(error_text(exc, self._tasks.lang))
            return
        if hasattr(settings, "printer_uri"):
            settings = replace(settings, printer_uri=uri or None)
        service, actor, old_uri = self._services, self._actor, self._old_uri

        def op() -> BranchSettings:
            if uri and uri != old_uri:
                service.set_printer(uri, actor)
            service.update_settings(settings, actor.username)
            return settings

        self.save_button.setEnabled(False)
        CollectionOp(self._tasks, self, op, self._saved, changes=frozenset({"settings"})).failure(
            self._save_failed
        ).run()

    def _saved(self, settings: BranchSettings) -> None:
        self.saved.emit(settings)
        self.accept()

    def _save_failed(self, exc: Exception) -> None:
        self.save_button.setEnabled(True)
        self.message.setText(error_text(exc, self._tasks.lang))
