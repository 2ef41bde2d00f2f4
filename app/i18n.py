"""Messages for users, in Spanish (the default) and English.

Core code raises errors with a message code and parameters; this module is the one catalogue that turns
them into text. ``translate(code, lang, **params)`` never fails: an unknown code or a missing parameter
falls back to the code itself so that an error is never hidden behind another error.
"""

from __future__ import annotations

import os
from typing import Any

MESSAGES: dict[str, tuple[str, str]] = {
    # code: (Spanish, English)
    "error": ("Ocurrió un error.", "An error occurred."),
    "internal_error": (
        "Error interno: {detail}. No se guardó nada a medias; informe a soporte.",
        "Internal error: {detail}. Nothing was half-saved; please tell support.",
    ),
    # money
    "amount_empty": ("Ingrese un monto.", "Enter an amount."),
    "amount_not_number": ("«{text}» no es un monto válido.", "'{text}' is not a valid amount."),
    "amount_exponent": (
        "«{text}» no es un monto válido: escriba el número completo, sin exponente.",
        "'{text}' is not a valid amount: write the whole number, without an exponent.",
    ),
    "amount_not_finite": ("«{text}» no es un monto válido.", "'{text}' is not a valid amount."),
    "amount_negative": ("El monto no puede ser negativo: {text}.", "The amount cannot be negative: {text}."),
    "amount_zero": ("El monto debe ser mayor que cero.", "The amount must be greater than zero."),
    "amount_decimals": (
        "El monto {text} tiene más de {places} decimales.",
        "The amount {text} has more than {places} decimal places.",
    ),
    "amount_too_large": ("El monto {text} es demasiado grande.", "The amount {text} is too large."),
    # payments
    "amount_above_payoff": (
        "El monto {amount} supera el saldo para cancelar la cuenta ({payoff}).",
        "The amount {amount} is more than the payoff amount ({payoff}).",
    ),
    "account_settled": (
        "La cuenta {account_no} no tiene deuda pendiente.",
        "Account {account_no} has nothing left to pay.",
    ),
    "tendered_below_amount": (
        "El efectivo recibido ({tendered}) es menor que el monto ({amount}).",
        "The cash tendered ({tendered}) is less than the amount ({amount}).",
    ),
    "tendered_not_cash": (
        "El efectivo recibido solo se indica en pagos en efectivo.",
        "Cash tendered only applies to cash payments.",
    ),
    "unknown_method": (
        "Medio de pago desconocido: «{method}». Use uno de: {choices}.",
        "Unknown payment method '{method}'. Use one of: {choices}.",
    ),
    "card_last4": (
        "Los últimos dígitos de la tarjeta deben ser exactamente 4 números.",
        "The card's last digits must be exactly 4 numbers.",
    ),
    "card_brand_missing": ("Indique la marca de la tarjeta.", "Enter the card brand."),
    "auth_code_missing": (
        "Indique el código de autorización del terminal.",
        "Enter the terminal's authorization code.",
    ),
    "auth_code_invalid": (
        "El código de autorización debe tener de 4 a 12 letras o números.",
        "The authorization code must be 4 to 12 letters or digits.",
    ),
    "operation_number_missing": (
        "Indique el número de operación.",
        "Enter the operation number.",
    ),
    "operation_number_invalid": (
        "El número de operación debe tener de 4 a 20 letras o números.",
        "The operation number must be 4 to 20 letters or digits.",
    ),
    "card_number_refused": (
        "Parece un número de tarjeta completo. Nunca ingrese el número de la tarjeta: "
        "solo la marca, los últimos 4 dígitos y el código de autorización.",
        "That looks like a full card number. Never enter the card number: "
        "only the brand, the last 4 digits and the authorization code.",
    ),
    "field_not_for_method": (
        "El dato «{field}» no corresponde al medio de pago {method}.",
        "'{field}' does not apply to the payment method {method}.",
    ),
    "account_not_found": ("No existe la cuenta {account_no}.", "There is no account {account_no}."),
    "account_closed": (
        "La cuenta {account_no} está {status} y no acepta pagos.",
        "Account {account_no} is {status} and takes no payments.",
    ),
    "receipt_not_found": ("No existe el recibo {receipt_no}.", "There is no receipt {receipt_no}."),
    "customer_not_found": ("No existe el cliente {customer}.", "There is no customer {customer}."),
    "already_voided": (
        "El recibo {receipt_no} ya fue anulado el {voided_at} por {manager}.",
        "Receipt {receipt_no} was already voided on {voided_at} by {manager}.",
    ),
    "void_reason_missing": (
        "Indique el motivo de la anulación.",
        "Enter the reason for the void.",
    ),
    "manager_required": (
        "Solo un gerente puede {action}. {user} es {role}.",
        "Only a manager can {action}. {user} is a {role}.",
    ),
    "register_mismatch": (
        "Este pago no se puede registrar: {detail}.",
        "This payment cannot be recorded: {detail}.",
    ),
    "receipt_already_printed": (
        "El recibo {receipt_no} ya se imprimió; para otra impresión use una copia (--copy).",
        "Receipt {receipt_no} was already printed; print a copy instead (--copy).",
    ),
    "payment_saved_not_printed": (
        "Pago guardado con el recibo {receipt_no}, pero no se imprimió: {error} "
        "El recibo quedó en la cola de impresión (abono print-queue retry).",
        "Payment saved as receipt {receipt_no}, but it did not print: {error} "
        "The receipt is waiting in the print queue (abono print-queue retry).",
    ),
    "void_saved_not_printed": (
        "Anulación guardada, pero la constancia no se imprimió: {error} Quedó en la cola de impresión.",
        "Void saved, but its slip did not print: {error} It is waiting in the print queue.",
    ),
    # cash drawer
    "counts_invalid": (
        "Conteo no válido «{part}»: use denominación x cantidad, p. ej. 200x1,20x5,0.50x10.",
        "Invalid count '{part}': use denomination x quantity, e.g. 200x1,20x5,0.50x10.",
    ),
    "denomination_unknown": (
        "Denominación desconocida {value}. Use: {choices}.",
        "Unknown denomination {value}. Use: {choices}.",
    ),
    "drawer_already_open": (
        "La caja {register} ya está abierta.",
        "Register {register}'s drawer is already open.",
    ),
    "drawer_closed": (
        "La caja {register} no está abierta: ábrala con su fondo antes de recibir efectivo.",
        "Register {register}'s drawer is not open: open it with its float before taking cash.",
    ),
    "drawer_needs_approval": (
        "La diferencia de {over_short} supera el límite de {threshold}: un gerente debe aprobar el cierre con una nota.",
        "The difference of {over_short} is beyond the limit of {threshold}: a manager must approve the close with a note.",
    ),
    "drawer_none": ("La caja {register} no tiene sesiones.", "Register {register} has no drawer sessions."),
    "z_nothing_to_issue": (
        "No hay cierre de caja sin reporte Z en la caja {register} (para otra impresión use --copy).",
        "Register {register} has no closed drawer without a Z report (use --copy to reprint one).",
    ),
    "z_not_found": ("La caja {register} no tiene reportes Z.", "Register {register} has no Z reports."),
    # users and login
    "login_failed": ("Usuario o contraseña incorrectos.", "Wrong user name or password."),
    "user_locked": (
        "El usuario {user} está bloqueado por intentos fallidos hasta las {until}.",
        "User {user} is locked after failed attempts until {until}.",
    ),
    "user_inactive": ("El usuario {user} está desactivado.", "User {user} is disabled."),
    "user_exists": ("Ya existe el usuario {user}.", "User {user} already exists."),
    "user_name_invalid": (
        "Nombre de usuario no válido: use de 3 a 32 letras minúsculas, números, punto o guion.",
        "Invalid user name: use 3 to 32 lowercase letters, digits, dot or dash.",
    ),
    "password_short": (
        "La contraseña debe tener al menos {min} caracteres.",
        "The password must have at least {min} characters.",
    ),
    "password_mismatch": ("Las contraseñas no coinciden.", "The passwords do not match."),
    "password_missing": (
        "Falta la contraseña: use la variable ABONO_PASSWORD o escríbala en la entrada estándar.",
        "No password: set ABONO_PASSWORD or type it on standard input.",
    ),
    "role_invalid": ("Rol desconocido: {role}.", "Unknown role: {role}."),
    # database
    "db_not_abono": (
        "El archivo {path} no es una base de datos de Abono.",
        "The file {path} is not an Abono database.",
    ),
    "db_newer": (
        "La base de datos {path} es de una versión más nueva de Abono (esquema {revision}). "
        "Actualice Abono para abrirla.",
        "The database {path} comes from a newer version of Abono (schema {revision}). "
        "Update Abono to open it.",
    ),
    "db_not_initialised": (
        "La sucursal no está configurada en {path}. Ejecute: abono init --branch CODIGO --name NOMBRE",
        "No branch is set up in {path}. Run: abono init --branch CODE --name NAME",
    ),
    "db_already_initialised": (
        "La base de datos {path} ya tiene la sucursal {branch}.",
        "The database {path} already holds branch {branch}.",
    ),
    "db_missing": ("No existe la base de datos {path}.", "The database {path} does not exist."),
    "db_busy": (
        "La base de datos está ocupada por otro proceso; intente de nuevo.",
        "The database is busy in another process; try again.",
    ),
    # settings
    "branch_code_invalid": (
        "Código de sucursal no válido «{code}»: use de 2 a 8 letras mayúsculas o números.",
        "Invalid branch code '{code}': use 2 to 8 capital letters or digits.",
    ),
    "register_invalid": (
        "Código de caja no válido «{code}»: use 2 números.",
        "Invalid register code '{code}': use 2 digits.",
    ),
    "currency_invalid": ("Moneda desconocida: {code}.", "Unknown currency: {code}."),
    "locale_invalid": ("Idioma/región desconocido: {code}.", "Unknown locale: {code}."),
    "timezone_invalid": ("Zona horaria desconocida: {code}.", "Unknown time zone: {code}."),
    "date_invalid": (
        "Fecha no válida «{text}»: use AAAA-MM-DD.",
        "Invalid date '{text}': use YYYY-MM-DD.",
    ),
    # demo data
    "demo_not_empty": (
        "La base de datos ya tiene {count} clientes: los datos de demostración van en una sucursal vacía.",
        "The database already has {count} customers: demo data goes into an empty branch.",
    ),
    "demo_count_invalid": (
        "La cantidad de clientes debe estar entre 1 y {max}.",
        "The number of customers must be between 1 and {max}.",
    ),
    # import
    "import_failed": (
        "No se importó nada: el archivo tiene {count} errores.",
        "Nothing was imported: the file has {count} errors.",
    ),
    "import_done": ("Importados {count} registros ({kind}).", "Imported {count} rows ({kind})."),
    "import_line": ("  línea {line}: {message}", "  line {line}: {message}"),
    "import_more": ("  ... y {count} errores más.", "  ... and {count} more errors."),
    "import_file_unreadable": (
        "No se puede leer el archivo {path}: {detail}.",
        "Cannot read the file {path}: {detail}.",
    ),
    "import_encoding": (
        "El archivo no está en UTF-8 (línea {line}). Guárdelo como «CSV UTF-8».",
        "The file is not UTF-8 (line {line}). Save it as 'CSV UTF-8'.",
    ),
    "import_empty": ("El archivo no tiene filas de datos.", "The file has no data rows."),
    "import_missing_columns": (
        "Faltan columnas: {columns}. Se requieren: {required}.",
        "Missing columns: {columns}. Required: {required}.",
    ),
    "import_unknown_columns": ("Columnas desconocidas: {columns}.", "Unknown columns: {columns}."),
    "import_column_count": (
        "la fila tiene {found} columnas, se esperaban {expected}",
        "the row has {found} columns, {expected} expected",
    ),
    "field_required": ("falta «{field}»", "'{field}' is missing"),
    "field_invalid": ("«{field}» no es válido: {value}", "'{field}' is not valid: {value}"),
    "doc_type_invalid": (
        "tipo de documento «{value}» desconocido (DNI, CE o RUC)",
        "unknown document type '{value}' (DNI, CE or RUC)",
    ),
    "doc_number_invalid": (
        "número de {doc_type} no válido: «{value}»",
        "invalid {doc_type} number: '{value}'",
    ),
    "phone_invalid": ("teléfono no válido: «{value}»", "invalid phone: '{value}'"),
    "duplicate_in_file": (
        "{field} «{value}» repetido (ya en la línea {first_line})",
        "{field} '{value}' repeated (already on line {first_line})",
    ),
    "duplicate_in_db": ("{field} «{value}» ya existe", "{field} '{value}' already exists"),
    "customer_doc_unknown": (
        "no existe un cliente con {doc_type} {doc_number}",
        "no customer has {doc_type} {doc_number}",
    ),
    "term_invalid": ("plazo no válido: «{value}» (1 a 120 cuotas)", "invalid term '{value}' (1 to 120)"),
    "rate_invalid": (
        "tasa no válida: «{value}» (porcentaje mensual de 0 a 20)",
        "invalid rate '{value}' (monthly percent from 0 to 20)",
    ),
    "frequency_invalid": (
        "frecuencia «{value}» desconocida (monthly, biweekly, weekly)",
        "unknown frequency '{value}' (monthly, biweekly, weekly)",
    ),
    "credit_limit_below": (
        "el monto financiado {principal} supera la línea de crédito {limit}",
        "the principal {principal} is above the credit limit {limit}",
    ),
    # audit
    "audit_ok": (
        "Bitácora íntegra: {count} registros verificados.",
        "Audit log intact: {count} rows verified.",
    ),
    "audit_broken": (
        "La bitácora fue alterada en el registro {row_id}: {detail}.",
        "The audit log was tampered with at row {row_id}: {detail}.",
    ),
    "audit_missing": (
        "La bitácora fue alterada: falta el registro de {detail}.",
        "The audit log was tampered with: the row for {detail} is missing.",
    ),
}


def default_language() -> str:
    """The language for messages when no branch says otherwise: ``ABONO_LANG`` or Spanish."""
    lang = os.environ.get("ABONO_LANG", "es")[:2].lower()
    return lang if lang in ("es", "en") else "es"


def translate(code: str, lang: str = "es", **params: Any) -> str:
    """The message for ``code`` in ``lang`` with ``params`` filled in; never raises."""
    pair = MESSAGES.get(code)
    if pair is None:
        return code if not params else f"{code}: {params}"
    template = pair[1] if lang.startswith("en") else pair[0]
    try:
        return template.format(**params)
    except (KeyError, IndexError, ValueError):
        return template
