"""The words of the end-of-day report (PDF and text), in Spanish (default) and English."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class EodWords:
    title: str = "Reporte de cobranza del día"
    date: str = "Fecha"
    generated: str = "Generado el {when} por {who}"
    summary: str = "Resumen del día"
    payments: str = "Pagos"
    voids: str = "Anulaciones"
    voids_short: str = "Anul."
    net: str = "Cobrado neto"
    reprints: str = "Reimpresiones"
    by_method: str = "Por medio de pago"
    by_cashier: str = "Por cajero"
    method: str = "Medio"
    cashier: str = "Cajero"
    count: str = "Cant."
    amount: str = "Monto"
    voided: str = "Anulado"
    net_short: str = "Neto"
    total: str = "Total"
    receipt: str = "Recibo"
    paid_on: str = "Pagado el"
    approved_by: str = "Aprobó"
    requested_by: str = "Pidió"
    reason: str = "Motivo"
    kind: str = "Tipo"
    user: str = "Usuario"
    time: str = "Hora"
    kind_payment: str = "recibo"
    kind_void: str = "anulación"
    none: str = "Ninguna."
    sessions: str = "Sesiones de caja"
    register: str = "Caja"
    opened_by: str = "Abrió"
    float_amount: str = "Fondo"
    expected: str = "Esperado"
    counted: str = "Contado"
    over_short: str = "Dif."
    status_open: str = "abierta"
    z_no: str = "Z"
    dues: str = "Cobrado frente a lo que vencía hoy"
    due_installments: str = "Cuotas que vencen hoy"
    due: str = "Capital e interés que vence hoy"
    due_paid: str = "De eso, pagado al cierre del día"
    due_paid_today: str = "Pagado con los pagos de hoy"
    efficiency: str = "Eficiencia de cobranza (pagado / vence hoy)"
    collected_vs_due: str = "Cobrado neto del día / vence hoy"
    aging: str = "Antigüedad de la cartera al cierre del día"
    bucket: str = "Tramo"
    accounts: str = "Cuentas"
    overdue: str = "Vencido"
    outstanding: str = "Saldo (capital e interés)"
    current: str = "Al día"
    days: str = "{bucket} días"
    aging_note: str = "Montos de capital e interés, sin moras."
    chase: str = "Cuentas a cobrar primero (las más antiguas, luego las de mayor deuda)"
    account: str = "Cuenta"
    customer: str = "Cliente"
    phone: str = "Teléfono"
    dpd: str = "Días"
    oldest_due: str = "Cuota más antigua"
    chart_aging: str = "Vencido por tramo"
    chart_methods: str = "Pagos por medio"
    page: str = "Página {page}"


SPANISH = EodWords()
ENGLISH = EodWords(
    title="End-of-day collection report",
    date="Date",
    generated="Generated on {when} by {who}",
    summary="Day summary",
    payments="Payments",
    voids="Voids",
    voids_short="Voids",
    net="Net collected",
    reprints="Reprints",
    by_method="By payment method",
    by_cashier="By cashier",
    method="Method",
    cashier="Cashier",
    count="Count",
    amount="Amount",
    voided="Voided",
    net_short="Net",
    total="Total",
    receipt="Receipt",
    paid_on="Paid on",
    approved_by="Approved by",
    requested_by="Requested by",
    reason="Reason",
    kind="Kind",
    user="User",
    time="Time",
    kind_payment="receipt",
    kind_void="void slip",
    none="None.",
    sessions="Drawer sessions",
    register="Register",
    opened_by="Opened by",
    float_amount="Float",
    expected="Expected",
    counted="Counted",
    over_short="Over/short",
    status_open="open",
    dues="Collected versus due today",
    due_installments="Installments due today",
    due="Principal and interest due today",
    due_paid="Of which paid by the end of the day",
    due_paid_today="Paid by today's payments",
    efficiency="Collection efficiency (paid / due today)",
    collected_vs_due="Net collected today / due today",
    aging="Portfolio aging at the end of the day",
    bucket="Bucket",
    accounts="Accounts",
    overdue="Overdue",
    outstanding="Balance (principal and interest)",
    current="Current",
    days="{bucket} days",
    aging_note="Principal and interest amounts, late fees left out.",
    chase="Accounts to chase first (oldest first, then the largest overdue)",
    account="Account",
    customer="Customer",
    phone="Phone",
    dpd="Days",
    oldest_due="Oldest installment",
    chart_aging="Overdue by bucket",
    chart_methods="Payments by method",
    page="Page {page}",
)


def eod_words(language: str) -> EodWords:
    return ENGLISH if language.lower().startswith("en") else SPANISH


def bucket_name(bucket: str, words: EodWords) -> str:
    return words.current if bucket == "current" else words.days.format(bucket=bucket)
