"""The fixed words printed on receipts, void slips and the X, Z and end-of-day reports, in Spanish
(default) and English."""

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
    # X and Z reports of a drawer session
    x_title: str = "REPORTE X"
    z_title: str = "REPORTE Z"
    z_number: str = "N.º {number}"
    business_day: str = "Día:"
    opened: str = "Abrió:"
    closed: str = "Cerró:"
    issued_by: str = "Emitido por:"
    still_open: str = "Caja abierta: sin cierre"
    float_title: str = "FONDO INICIAL"
    cash_title: str = "EFECTIVO"
    cash_payments: str = "Pagos en efectivo ({count})"
    cash_tendered: str = "Recibido"
    cash_change: str = "Vuelto entregado"
    cash_refunded: str = "Devuelto por anulaciones ({count})"
    cash_in: str = "Ingreso: {reason} ({manager})"
    cash_out: str = "Retiro: {reason} ({manager})"
    expected: str = "EFECTIVO ESPERADO"
    counted: str = "Contado"
    over_short: str = "Sobrante (+) / faltante (-)"
    note: str = "Nota:"
    by_method_title: str = "POR MEDIO DE PAGO"
    voids_count: str = "Anulaciones: {count}"
    line_count: str = "{label} ({count})"
    # the end-of-day slip
    day_title: str = "CIERRE DEL DÍA"
    generated: str = "Generado:"
    generated_by: str = "Por:"
    payments_total: str = "Pagos ({count})"
    voids_total: str = "Anulaciones ({count})"
    net_collected: str = "COBRADO NETO"
    reprints: str = "Reimpresiones: {count}"
    by_cashier_title: str = "POR CAJERO"
    sessions_title: str = "CAJAS"
    session_line: str = "Caja {register} ({opened_by})"
    session_open: str = "abierta"
    dues_title: str = "VENCIMIENTOS DEL DÍA"
    due_today: str = "Vence hoy"
    due_paid: str = "Pagado al cierre"
    efficiency: str = "Eficiencia de cobranza"
    aging_title: str = "CARTERA VENCIDA"
    aging_current: str = "Al día"
    aging_days: str = "{bucket} días"
    chase_title: str = "COBRAR PRIMERO"
    chase_days: str = "{days} días"


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
    x_title="X REPORT",
    z_title="Z REPORT",
    z_number="No. {number}",
    business_day="Day:",
    opened="Opened:",
    closed="Closed:",
    issued_by="Issued by:",
    still_open="Drawer open: not closed yet",
    float_title="OPENING FLOAT",
    cash_title="CASH",
    cash_payments="Cash payments ({count})",
    cash_tendered="Tendered",
    cash_change="Change given",
    cash_refunded="Refunded by voids ({count})",
    cash_in="Cash in: {reason} ({manager})",
    cash_out="Cash out: {reason} ({manager})",
    expected="EXPECTED CASH",
    counted="Counted",
    over_short="Over (+) / short (-)",
    note="Note:",
    by_method_title="BY PAYMENT METHOD",
    voids_count="Voids: {count}",
    day_title="END OF DAY",
    generated="Generated:",
    generated_by="By:",
    payments_total="Payments ({count})",
    voids_total="Voids ({count})",
    net_collected="NET COLLECTED",
    reprints="Reprints: {count}",
    by_cashier_title="BY CASHIER",
    sessions_title="DRAWERS",
    session_line="Register {register} ({opened_by})",
    session_open="open",
    dues_title="DUE TODAY",
    due_today="Due today",
    due_paid="Paid by day end",
    efficiency="Collection efficiency",
    aging_title="OVERDUE PORTFOLIO",
    aging_current="Current",
    aging_days="{bucket} days",
    chase_title="CHASE FIRST",
    chase_days="{days} days",
)


def labels_for(language: str) -> Labels:
    """English for ``"en"``/``"en_US"``..., Spanish for ``"es"``; anything else is refused."""
    code = language.lower().replace("-", "_").split("_")[0]
    if code == "es":
        return SPANISH
    if code == "en":
        return ENGLISH
    raise ValueError(f"receipts are printed in 'es' or 'en', not {language!r}")
