"""One payment method's fields in the payment dialog: the method, and its details by kind.

cash: tendered amount and the live change; card: brand, last four digits, authorization code;
wallet and deposit: operation number. The second part of a split also has its own amount. The widget
only collects text (``value()``); ``app.flows.payment_form`` decides what it means.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QComboBox, QFormLayout, QLabel, QLineEdit, QWidget

from app.flows.payment_form import DETAIL_FIELDS, PartInput
from app.settings import BranchSettings

CARD_BRANDS = ("Visa", "Mastercard", "American Express", "Diners Club")


class PaymentPartWidget(QWidget):
    changed = Signal()

    def __init__(self, settings: BranchSettings, *, with_amount: bool, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._settings = settings
        lang = settings.language
        self.method = QComboBox(objectName="method")
        for m in settings.payment_methods:
            self.method.addItem(m.label(lang), m.code)
        self.amount = QLineEdit(objectName="partAmount")
        self.tendered = QLineEdit(objectName="tendered")
        self.tendered.setPlaceholderText(self.tr("exact amount if empty"))
        self.change = QLabel(objectName="change")
        self.card_brand = QComboBox(objectName="cardBrand")
        self.card_brand.setEditable(True)
        self.card_brand.addItems(CARD_BRANDS)
        self.card_brand.setCurrentIndex(-1)
        self.card_last4 = QLineEdit(objectName="cardLast4")
        self.card_last4.setMaxLength(4)
        self.card_last4.setInputMask("")
        self.auth_code = QLineEdit(objectName="authCode")
        self.auth_code.setMaxLength(12)
        self.operation_number = QLineEdit(objectName="operationNumber")
        self.operation_number.setMaxLength(24)
        self.form = QFormLayout(self)
        self.form.setContentsMargins(0, 0, 0, 0)
        self.form.addRow(self.tr("&Method"), self.method)
        if with_amount:
            self.form.addRow(self.tr("Amount with this method"), self.amount)
        self.form.addRow(self.tr("Cash &received"), self.tendered)
        self.form.addRow(self.tr("Change"), self.change)
        self.form.addRow(self.tr("Card &brand"), self.card_brand)
        self.form.addRow(self.tr("Last &4 digits"), self.card_last4)
        self.form.addRow(self.tr("&Authorization code"), self.auth_code)
        self.form.addRow(self.tr("&Operation number"), self.operation_number)
        self.with_amount = with_amount
        self.method.currentIndexChanged.connect(self._method_changed)
        for edit in (self.amount, self.tendered, self.card_last4, self.auth_code, self.operation_number):
            edit.textChanged.connect(self.changed)
        self.card_brand.currentTextChanged.connect(self.changed)
        self._method_changed()

    def kind(self) -> str:
        return self._settings.method(self.method_code()).kind

    def method_code(self) -> str:
        return str(self.method.currentData())

    def set_method(self, code: str) -> None:
        index = self.method.findData(code)
        if index >= 0:
            self.method.setCurrentIndex(index)

    def _method_changed(self) -> None:
        wanted = set(DETAIL_FIELDS[self.kind()])
        rows = {
            "tendered": (self.tendered, self.change),
            "card_brand": (self.card_brand,),
            "card_last4": (self.card_last4,),
            "auth_code": (self.auth_code,),
            "operation_number": (self.operation_number,),
        }
        for name, widgets in rows.items():
            for widget in widgets:
                self.form.setRowVisible(widget, name in wanted)
        self.changed.emit()

    def value(self) -> PartInput:
        return PartInput(
            method=self.method_code(),
            amount_text=self.amount.text(),
            tendered_text=self.tendered.text(),
            card_brand=self.card_brand.currentText(),
            card_last4=self.card_last4.text(),
            auth_code=self.auth_code.text(),
            operation_number=self.operation_number.text(),
        )

    def field_widget(self, name: str) -> QWidget | None:
        return {
            "method": self.method,
            "amount": self.amount if self.with_amount else None,
            "tendered": self.tendered,
            "card_brand": self.card_brand,
            "card_last4": self.card_last4,
            "auth_code": self.auth_code,
            "operation_number": self.operation_number,
        }.get(name)

    def first_detail(self) -> QWidget:
        """The field the cashier fills first after choosing the method."""
        first = DETAIL_FIELDS[self.kind()][0]
        return self.field_widget(first) or self.method
