"""The fixed words printed on receipts and void slips, in Spanish (default) and English."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Labels:
    """One language's receipt vocabulary; templates use ``str.format`` fields."""

    receipt_title: str
    void_title: str
    copy: str
    reprinted: str  # {when}
    phone: str  # {phone}
    date: str
    register: str
    cashier: str
    customer: str
    account: str
    applied_to: str
    installment: str  # {number} {due}
    total_paid: str
    method: str
    tendered: str
    change: str
    card: str
    auth_code: str
    operation: str
    balance: str
    credit_balance: str
    next_due: str  # {due}
    overdue_notice: str  # {amount}
    voided_receipt: str
    void_date: str
    amount_voided: str
    reason: str
    approved_by: str
    customer_signature: str
    test_title: str = "PÁGINA DE PRUEBA"
    test_printer: str = "Impresora:"
    test_settings: str = "Ancho {width} col. · {codepage}"
    test_characters: str = "Caracteres:"
    test_ok: str = "Si lee bien los acentos y la ñ, la impresora está lista."


SPANISH = Labels(
    receipt_title="RECIBO DE PAGO",
    void_title="ANULACIÓN",
    copy="*** COPIA ***",
    reprinted="Reimpreso: {when}",
    phone="Tel. {phone}",
    date="Fecha:",
    register="Caja:",
    cashier="Cajero:",
    customer="Cliente:",
    account="Cuenta:",
    applied_to="Aplicado a:",
    installment="Cuota {number} vence {due}",
    total_paid="TOTAL PAGADO",
    method="Medio de pago:",
    tendered="Recibido:",
    change="Vuelto:",
    card="Tarjeta:",
    auth_code="Cód. autorización:",
    operation="N.º operación:",
    balance="Saldo pendiente:",
    credit_balance="Saldo a favor:",
    next_due="Próxima cuota {due}:",
    overdue_notice="Cuenta con {amount} vencido",
    voided_receipt="Recibo anulado:",
    void_date="Fecha:",
    amount_voided="MONTO ANULADO",
    reason="Motivo:",
    approved_by="Autorizado por:",
    customer_signature="Firma del cliente",
)

ENGLISH = Labels(
    receipt_title="PAYMENT RECEIPT",
    void_title="VOID",
    copy="*** COPY ***",
    reprinted="Reprinted: {when}",
    phone="Tel. {phone}",
    date="Date:",
    register="Register:",
    cashier="Cashier:",
    customer="Customer:",
    account="Account:",
    applied_to="Applied to:",
    installment="Inst. {number} due {due}",
    total_paid="TOTAL PAID",
    method="Payment method:",
    tendered="Tendered:",
    change="Change:",
    card="Card:",
    auth_code="Auth. code:",
    operation="Operation no.:",
    balance="Balance due:",
    credit_balance="Credit balance:",
    next_due="Next installment {due}:",
    overdue_notice="Overdue: {amount}",
    voided_receipt="Voided receipt:",
    void_date="Date:",
    amount_voided="AMOUNT VOIDED",
    reason="Reason:",
    approved_by="Approved by:",
    customer_signature="Customer signature",
    test_title="TEST PAGE",
    test_printer="Printer:",
    test_settings="Width {width} col. · {codepage}",
    test_characters="Characters:",
    test_ok="If the accents and the ñ read right, the printer is ready.",
)


def labels_for(language: str) -> Labels:
    """English for ``"en"``/``"en_US"``..., Spanish for ``"es"``; anything else is refused."""
    code = language.lower().replace("-", "_").split("_")[0]
    if code == "es":
        return SPANISH
    if code == "en":
        return ENGLISH
    raise ValueError(f"receipts are printed in 'es' or 'en', not {language!r}")
