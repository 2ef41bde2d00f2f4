<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="es_ES">
<context>
    <name>AccountWidget</name>
    <message>
        <location filename="../../ui/account_widget.py" line="85"/>
        <source>Take payment (F5)</source>
        <translation>Cobrar (F5)</translation>
    </message>
    <message>
        <location filename="../../ui/account_widget.py" line="86"/>
        <source>Reprint copy (F9)</source>
        <translation>Reimprimir copia (F9)</translation>
    </message>
    <message>
        <location filename="../../ui/account_widget.py" line="87"/>
        <source>Void (F8)</source>
        <translation>Anular (F8)</translation>
    </message>
    <message>
        <location filename="../../ui/account_widget.py" line="88"/>
        <source>Back to search (Esc)</source>
        <translation>Volver a la búsqueda (Esc)</translation>
    </message>
    <message>
        <location filename="../../ui/account_widget.py" line="100"/>
        <source>Account</source>
        <translation>Cuenta</translation>
    </message>
    <message>
        <location filename="../../ui/account_widget.py" line="106"/>
        <source>Balance</source>
        <translation>Saldo</translation>
    </message>
    <message>
        <location filename="../../ui/account_widget.py" line="107"/>
        <source>Overdue</source>
        <translation>Vencido</translation>
    </message>
    <message>
        <location filename="../../ui/account_widget.py" line="108"/>
        <source>Payoff today</source>
        <translation>Para cancelar hoy</translation>
    </message>
    <message>
        <location filename="../../ui/account_widget.py" line="109"/>
        <source>Next due</source>
        <translation>Próxima cuota</translation>
    </message>
    <message>
        <location filename="../../ui/account_widget.py" line="110"/>
        <source>Late fees</source>
        <translation>Moras</translation>
    </message>
    <message>
        <location filename="../../ui/account_widget.py" line="111"/>
        <source>Status</source>
        <translation>Estado</translation>
    </message>
    <message>
        <location filename="../../ui/account_widget.py" line="125"/>
        <source>Installments</source>
        <translation>Cuotas</translation>
    </message>
    <message>
        <location filename="../../ui/account_widget.py" line="126"/>
        <source>Payments</source>
        <translation>Pagos</translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/account_widget.py" line="169"/>
        <source>(%n day(s))</source>
        <translation>
            <numerusform>(%n día)</numerusform>
            <numerusform>(%n días)</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../ui/account_widget.py" line="202"/>
        <source>active</source>
        <translation>activa</translation>
    </message>
    <message>
        <location filename="../../ui/account_widget.py" line="203"/>
        <source>paid off</source>
        <translation>cancelada</translation>
    </message>
    <message>
        <location filename="../../ui/account_widget.py" line="204"/>
        <source>closed</source>
        <translation>cerrada</translation>
    </message>
    <message>
        <location filename="../../ui/account_widget.py" line="205"/>
        <source>written off</source>
        <translation>castigada</translation>
    </message>
</context>
<context>
    <name>AllocationTableModel</name>
    <message>
        <location filename="../../ui/payment_dialog.py" line="64"/>
        <source>Installment</source>
        <translation>Cuota</translation>
    </message>
    <message>
        <location filename="../../ui/payment_dialog.py" line="65"/>
        <source>Due</source>
        <translation>Vence</translation>
    </message>
    <message>
        <location filename="../../ui/payment_dialog.py" line="66"/>
        <source>Late fee</source>
        <translation>Mora</translation>
    </message>
    <message>
        <location filename="../../ui/payment_dialog.py" line="67"/>
        <source>Interest</source>
        <translation>Interés</translation>
    </message>
    <message>
        <location filename="../../ui/payment_dialog.py" line="68"/>
        <source>Principal</source>
        <translation>Capital</translation>
    </message>
    <message>
        <location filename="../../ui/payment_dialog.py" line="69"/>
        <source>Total</source>
        <translation>Total</translation>
    </message>
    <message>
        <location filename="../../ui/payment_dialog.py" line="75"/>
        <source>credit</source>
        <translation>saldo a favor</translation>
    </message>
</context>
<context>
    <name>BannerWidget</name>
    <message>
        <location filename="../../ui/banner_widget.py" line="22"/>
        <source>Retry</source>
        <translation>Reintentar</translation>
    </message>
    <message>
        <location filename="../../ui/banner_widget.py" line="24"/>
        <source>Hide</source>
        <translation>Ocultar</translation>
    </message>
</context>
<context>
    <name>CloseDrawerDialog</name>
    <message>
        <location filename="../../ui/drawer_dialogs.py" line="193"/>
        <source>Close the drawer</source>
        <translation>Cerrar la gaveta</translation>
    </message>
    <message>
        <location filename="../../ui/drawer_dialogs.py" line="206"/>
        <source>Submit count</source>
        <translation>Registrar conteo</translation>
    </message>
    <message>
        <location filename="../../ui/drawer_dialogs.py" line="209"/>
        <location filename="../../ui/drawer_dialogs.py" line="233"/>
        <source>Cancel</source>
        <translation>Cancelar</translation>
    </message>
    <message>
        <location filename="../../ui/drawer_dialogs.py" line="214"/>
        <source>Count the cash in the drawer by denomination, then submit the count.</source>
        <translation>Cuente el efectivo de la gaveta por denominación y luego registre el conteo.</translation>
    </message>
    <message>
        <location filename="../../ui/drawer_dialogs.py" line="231"/>
        <source>Approve and close</source>
        <translation>Aprobar y cerrar</translation>
    </message>
    <message>
        <location filename="../../ui/drawer_dialogs.py" line="236"/>
        <source>Manager</source>
        <translation>Gerente</translation>
    </message>
    <message>
        <location filename="../../ui/drawer_dialogs.py" line="237"/>
        <source>Password</source>
        <translation>Contraseña</translation>
    </message>
    <message>
        <location filename="../../ui/drawer_dialogs.py" line="238"/>
        <source>Note</source>
        <translation>Nota</translation>
    </message>
    <message>
        <location filename="../../ui/drawer_dialogs.py" line="250"/>
        <source>Done</source>
        <translation>Listo</translation>
    </message>
    <message>
        <location filename="../../ui/drawer_dialogs.py" line="281"/>
        <source>Counted {counted}, expected {expected}: a difference of {diff}, beyond {limit}. A manager must approve the close with a note.</source>
        <translation>Contado {counted}, esperado {expected}: una diferencia de {diff}, mayor que {limit}. Un gerente debe aprobar el cierre con una nota.</translation>
    </message>
    <message>
        <location filename="../../ui/drawer_dialogs.py" line="325"/>
        <source>Counted: {amount}</source>
        <translation>Contado: {amount}</translation>
    </message>
    <message>
        <location filename="../../ui/drawer_dialogs.py" line="326"/>
        <source>Expected: {amount}</source>
        <translation>Esperado: {amount}</translation>
    </message>
    <message>
        <location filename="../../ui/drawer_dialogs.py" line="327"/>
        <source>Over (+) / short (-): {amount}</source>
        <translation>Sobrante (+) / faltante (-): {amount}</translation>
    </message>
    <message>
        <location filename="../../ui/drawer_dialogs.py" line="330"/>
        <source>Approved by {manager}</source>
        <translation>Aprobado por {manager}</translation>
    </message>
</context>
<context>
    <name>CustomerTableModel</name>
    <message>
        <location filename="../../ui/customer_table_model.py" line="47"/>
        <source>Customer</source>
        <translation>Cliente</translation>
    </message>
    <message>
        <location filename="../../ui/customer_table_model.py" line="48"/>
        <source>Document</source>
        <translation>Documento</translation>
    </message>
    <message>
        <location filename="../../ui/customer_table_model.py" line="49"/>
        <source>Phone</source>
        <translation>Teléfono</translation>
    </message>
    <message>
        <location filename="../../ui/customer_table_model.py" line="50"/>
        <source>Account</source>
        <translation>Cuenta</translation>
    </message>
    <message>
        <location filename="../../ui/customer_table_model.py" line="51"/>
        <source>Balance</source>
        <translation>Saldo</translation>
    </message>
    <message>
        <location filename="../../ui/customer_table_model.py" line="52"/>
        <source>Overdue</source>
        <translation>Vencido</translation>
    </message>
    <message>
        <location filename="../../ui/customer_table_model.py" line="61"/>
        <source>no accounts</source>
        <translation>sin cuentas</translation>
    </message>
    <message>
        <location filename="../../ui/customer_table_model.py" line="63"/>
        <source>paid off</source>
        <translation>cancelada</translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/customer_table_model.py" line="65"/>
        <source>%n day(s) late</source>
        <translation>
            <numerusform>%n día de atraso</numerusform>
            <numerusform>%n días de atraso</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../ui/customer_table_model.py" line="66"/>
        <source>up to date</source>
        <translation>al día</translation>
    </message>
</context>
<context>
    <name>DenominationGrid</name>
    <message>
        <location filename="../../ui/drawer_dialogs.py" line="81"/>
        <source>Total counted</source>
        <translation>Total contado</translation>
    </message>
</context>
<context>
    <name>DeskWidget</name>
    <message>
        <location filename="../../ui/desk_widget.py" line="150"/>
        <source>&amp;Desk</source>
        <translation>&amp;Caja</translation>
    </message>
    <message>
        <location filename="../../ui/desk_widget.py" line="151"/>
        <source>Search customer</source>
        <translation>Buscar cliente</translation>
    </message>
    <message>
        <location filename="../../ui/desk_widget.py" line="152"/>
        <source>Take payment</source>
        <translation>Cobrar</translation>
    </message>
    <message>
        <location filename="../../ui/desk_widget.py" line="153"/>
        <source>Back to search</source>
        <translation>Volver a la búsqueda</translation>
    </message>
    <message>
        <location filename="../../ui/desk_widget.py" line="155"/>
        <source>Lock</source>
        <translation>Bloquear</translation>
    </message>
    <message>
        <location filename="../../ui/desk_widget.py" line="156"/>
        <source>Quit</source>
        <translation>Salir</translation>
    </message>
    <message>
        <location filename="../../ui/desk_widget.py" line="157"/>
        <source>&amp;Receipts</source>
        <translation>&amp;Recibos</translation>
    </message>
    <message>
        <location filename="../../ui/desk_widget.py" line="158"/>
        <source>Void payment…</source>
        <translation>Anular pago…</translation>
    </message>
    <message>
        <location filename="../../ui/desk_widget.py" line="159"/>
        <source>Reprint copy</source>
        <translation>Reimprimir copia</translation>
    </message>
    <message>
        <location filename="../../ui/desk_widget.py" line="160"/>
        <source>Print queue…</source>
        <translation>Cola de impresión…</translation>
    </message>
    <message>
        <location filename="../../ui/desk_widget.py" line="162"/>
        <source>D&amp;rawer</source>
        <translation>&amp;Gaveta</translation>
    </message>
    <message>
        <location filename="../../ui/desk_widget.py" line="163"/>
        <source>Open drawer…</source>
        <translation>Abrir gaveta…</translation>
    </message>
    <message>
        <location filename="../../ui/desk_widget.py" line="164"/>
        <source>Close drawer…</source>
        <translation>Cerrar gaveta…</translation>
    </message>
    <message>
        <location filename="../../ui/desk_widget.py" line="167"/>
        <source>Reports (X, Z, end of day)…</source>
        <translation>Reportes (X, Z, cierre del día)…</translation>
    </message>
    <message>
        <location filename="../../ui/desk_widget.py" line="169"/>
        <source>&amp;Branch</source>
        <translation>&amp;Sucursal</translation>
    </message>
    <message>
        <location filename="../../ui/desk_widget.py" line="170"/>
        <source>Sync now</source>
        <translation>Sincronizar ahora</translation>
    </message>
    <message>
        <location filename="../../ui/desk_widget.py" line="171"/>
        <source>Settings…</source>
        <translation>Configuración…</translation>
    </message>
    <message>
        <location filename="../../ui/desk_widget.py" line="212"/>
        <source>Settings saved. Receipt header changes apply after a restart.</source>
        <translation>Configuración guardada. Los cambios del encabezado del recibo se aplican al reiniciar.</translation>
    </message>
    <message>
        <location filename="../../ui/desk_widget.py" line="247"/>
        <source>Payment saved: %1.</source>
        <translation>Pago registrado: %1.</translation>
    </message>
    <message>
        <location filename="../../ui/desk_widget.py" line="250"/>
        <source>Change: %1</source>
        <translation>Vuelto: %1</translation>
    </message>
    <message>
        <location filename="../../ui/desk_widget.py" line="252"/>
        <source>Only the first part was saved; take the rest as a new payment.</source>
        <translation>Solo se guardó la primera parte; cobre el resto como un pago nuevo.</translation>
    </message>
    <message>
        <location filename="../../ui/desk_widget.py" line="274"/>
        <source>Void saved; the slip did not print: %1</source>
        <translation>Anulación guardada; la constancia no se imprimió: %1</translation>
    </message>
    <message>
        <location filename="../../ui/desk_widget.py" line="276"/>
        <source>The copy did not print: %1</source>
        <translation>La copia no se imprimió: %1</translation>
    </message>
    <message>
        <location filename="../../ui/desk_widget.py" line="278"/>
        <source>Payment saved; the receipt did not print: %1</source>
        <translation>Pago guardado; el recibo no se imprimió: %1</translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/desk_widget.py" line="292"/>
        <source>Printed %n document(s) from the queue.</source>
        <translation>
            <numerusform>Se imprimió %n documento de la cola.</numerusform>
            <numerusform>Se imprimieron %n documentos de la cola.</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../ui/desk_widget.py" line="314"/>
        <source>Copy of %1 printed.</source>
        <translation>Copia de %1 impresa.</translation>
    </message>
    <message>
        <location filename="../../ui/desk_widget.py" line="344"/>
        <source>Receipt %1 is already voided.</source>
        <translation>El recibo %1 ya está anulado.</translation>
    </message>
    <message>
        <location filename="../../ui/desk_widget.py" line="361"/>
        <source>Receipt %1 voided (approved by %2).</source>
        <translation>Recibo %1 anulado (aprobó %2).</translation>
    </message>
    <message>
        <location filename="../../ui/desk_widget.py" line="402"/>
        <source>Reports</source>
        <translation>Reportes</translation>
    </message>
    <message>
        <location filename="../../ui/desk_widget.py" line="433"/>
        <source>Synced with head office: %1 sent, %2 received, %3 pending.</source>
        <translation>Sincronizado con la oficina central: %1 enviados, %2 recibidos, %3 pendientes.</translation>
    </message>
    <message>
        <location filename="../../ui/desk_widget.py" line="445"/>
        <source>Head office sync failed: %1</source>
        <translation>No se pudo sincronizar con la oficina central: %1</translation>
    </message>
    <message>
        <location filename="../../ui/desk_widget.py" line="460"/>
        <source>%1 events have not reached head office yet: sync before closing the day.</source>
        <translation>%1 eventos aún no llegan a la oficina central: sincronice antes de cerrar el día.</translation>
    </message>
</context>
<context>
    <name>FirstRunDialog</name>
    <message>
        <location filename="../../ui/first_run_dialog.py" line="44"/>
        <source>Abono — set up this branch</source>
        <translation>Abono — configurar esta sucursal</translation>
    </message>
    <message>
        <location filename="../../ui/first_run_dialog.py" line="50"/>
        <source>There is no branch database at %1 yet. Set up this branch, or try the demo branch.</source>
        <translation>Todavía no hay una base de datos de sucursal en %1. Configure esta sucursal o pruebe la sucursal de demostración.</translation>
    </message>
    <message>
        <location filename="../../ui/first_run_dialog.py" line="66"/>
        <source>Branch &amp;code</source>
        <translation>&amp;Código de sucursal</translation>
    </message>
    <message>
        <location filename="../../ui/first_run_dialog.py" line="67"/>
        <source>Branch &amp;name</source>
        <translation>&amp;Nombre de la sucursal</translation>
    </message>
    <message>
        <location filename="../../ui/first_run_dialog.py" line="68"/>
        <source>&amp;Register</source>
        <translation>Ca&amp;ja</translation>
    </message>
    <message>
        <location filename="../../ui/first_run_dialog.py" line="69"/>
        <source>Administrator &amp;user</source>
        <translation>&amp;Usuario administrador</translation>
    </message>
    <message>
        <location filename="../../ui/first_run_dialog.py" line="70"/>
        <source>Administrator&apos;s full name</source>
        <translation>Nombre completo del administrador</translation>
    </message>
    <message>
        <location filename="../../ui/first_run_dialog.py" line="71"/>
        <source>&amp;Password</source>
        <translation>&amp;Contraseña</translation>
    </message>
    <message>
        <location filename="../../ui/first_run_dialog.py" line="72"/>
        <source>Password &amp;again</source>
        <translation>&amp;Repita la contraseña</translation>
    </message>
    <message>
        <location filename="../../ui/first_run_dialog.py" line="75"/>
        <source>Set up branch</source>
        <translation>Configurar sucursal</translation>
    </message>
    <message>
        <location filename="../../ui/first_run_dialog.py" line="77"/>
        <source>Open the demo branch</source>
        <translation>Abrir la sucursal de demostración</translation>
    </message>
    <message>
        <location filename="../../ui/first_run_dialog.py" line="79"/>
        <source>Quit</source>
        <translation>Salir</translation>
    </message>
    <message>
        <location filename="../../ui/first_run_dialog.py" line="110"/>
        <source>Setting up the branch…</source>
        <translation>Configurando la sucursal…</translation>
    </message>
    <message>
        <location filename="../../ui/first_run_dialog.py" line="114"/>
        <source>Creating the demo branch (a few seconds)…</source>
        <translation>Creando la sucursal de demostración (unos segundos)…</translation>
    </message>
</context>
<context>
    <name>InstallmentTableModel</name>
    <message>
        <location filename="../../ui/account_table_models.py" line="35"/>
        <source>#</source>
        <translation>N.º</translation>
    </message>
    <message>
        <location filename="../../ui/account_table_models.py" line="36"/>
        <source>Due date</source>
        <translation>Vencimiento</translation>
    </message>
    <message>
        <location filename="../../ui/account_table_models.py" line="37"/>
        <source>Installment</source>
        <translation>Cuota</translation>
    </message>
    <message>
        <location filename="../../ui/account_table_models.py" line="38"/>
        <source>Paid</source>
        <translation>Pagado</translation>
    </message>
    <message>
        <location filename="../../ui/account_table_models.py" line="39"/>
        <source>Late fee</source>
        <translation>Mora</translation>
    </message>
    <message>
        <location filename="../../ui/account_table_models.py" line="40"/>
        <source>Owed</source>
        <translation>Debe</translation>
    </message>
    <message>
        <location filename="../../ui/account_table_models.py" line="41"/>
        <source>Status</source>
        <translation>Estado</translation>
    </message>
    <message>
        <location filename="../../ui/account_table_models.py" line="46"/>
        <source>paid</source>
        <translation>pagada</translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/account_table_models.py" line="48"/>
        <source>overdue %n day(s)</source>
        <translation>
            <numerusform>vencida %n día</numerusform>
            <numerusform>vencida %n días</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../ui/account_table_models.py" line="50"/>
        <source>due</source>
        <translation>por vencer</translation>
    </message>
    <message>
        <location filename="../../ui/account_table_models.py" line="51"/>
        <source>upcoming</source>
        <translation>pendiente</translation>
    </message>
</context>
<context>
    <name>LockWidget</name>
    <message>
        <location filename="../../ui/lock_widget.py" line="36"/>
        <source>Password</source>
        <translation>Contraseña</translation>
    </message>
    <message>
        <location filename="../../ui/lock_widget.py" line="40"/>
        <source>Unlock</source>
        <translation>Desbloquear</translation>
    </message>
    <message>
        <location filename="../../ui/lock_widget.py" line="41"/>
        <source>Close the desk</source>
        <translation>Cerrar la caja</translation>
    </message>
    <message>
        <location filename="../../ui/lock_widget.py" line="61"/>
        <source>The desk is locked. %1, enter your password to go on.</source>
        <translation>La caja está bloqueada. %1, ingrese su contraseña para continuar.</translation>
    </message>
</context>
<context>
    <name>LoginDialog</name>
    <message>
        <location filename="../../ui/login_dialog.py" line="35"/>
        <source>Abono — log in</source>
        <translation>Abono — ingresar</translation>
    </message>
    <message>
        <location filename="../../ui/login_dialog.py" line="45"/>
        <source>&amp;User</source>
        <translation>&amp;Usuario</translation>
    </message>
    <message>
        <location filename="../../ui/login_dialog.py" line="46"/>
        <source>&amp;Password</source>
        <translation>&amp;Contraseña</translation>
    </message>
    <message>
        <location filename="../../ui/login_dialog.py" line="51"/>
        <source>Log in</source>
        <translation>Ingresar</translation>
    </message>
    <message>
        <location filename="../../ui/login_dialog.py" line="67"/>
        <source>Checking…</source>
        <translation>Verificando…</translation>
    </message>
</context>
<context>
    <name>OpenDrawerDialog</name>
    <message>
        <location filename="../../ui/drawer_dialogs.py" line="127"/>
        <source>Open the drawer</source>
        <translation>Abrir la gaveta</translation>
    </message>
    <message>
        <location filename="../../ui/drawer_dialogs.py" line="134"/>
        <source>Open drawer</source>
        <translation>Abrir gaveta</translation>
    </message>
    <message>
        <location filename="../../ui/drawer_dialogs.py" line="139"/>
        <source>Count the float by denomination.</source>
        <translation>Cuente el fondo de caja por denominación.</translation>
    </message>
</context>
<context>
    <name>PaymentDialog</name>
    <message>
        <location filename="../../ui/payment_dialog.py" line="109"/>
        <source>Take payment</source>
        <translation>Cobrar</translation>
    </message>
    <message>
        <location filename="../../ui/payment_dialog.py" line="115"/>
        <source>&amp;Split between two methods</source>
        <translation>&amp;Dividir entre dos medios de pago</translation>
    </message>
    <message>
        <location filename="../../ui/payment_dialog.py" line="116"/>
        <source>Second method</source>
        <translation>Segundo medio de pago</translation>
    </message>
    <message>
        <location filename="../../ui/payment_dialog.py" line="122"/>
        <source>Confirm (Enter)</source>
        <translation>Confirmar (Enter)</translation>
    </message>
    <message>
        <location filename="../../ui/payment_dialog.py" line="123"/>
        <source>Cancel (Esc)</source>
        <translation>Cancelar (Esc)</translation>
    </message>
    <message>
        <location filename="../../ui/payment_dialog.py" line="135"/>
        <source>Account %1</source>
        <translation>Cuenta %1</translation>
    </message>
    <message>
        <location filename="../../ui/payment_dialog.py" line="137"/>
        <source>Overdue %1</source>
        <translation>Vencido %1</translation>
    </message>
    <message>
        <location filename="../../ui/payment_dialog.py" line="140"/>
        <source>Next due %1 on %2</source>
        <translation>Próxima cuota %1 el %2</translation>
    </message>
    <message>
        <location filename="../../ui/payment_dialog.py" line="144"/>
        <source>Payoff %1</source>
        <translation>Para cancelar %1</translation>
    </message>
    <message>
        <location filename="../../ui/payment_dialog.py" line="148"/>
        <source>Overdue</source>
        <translation>Vencido</translation>
    </message>
    <message>
        <location filename="../../ui/payment_dialog.py" line="149"/>
        <source>Next installment</source>
        <translation>Próxima cuota</translation>
    </message>
    <message>
        <location filename="../../ui/payment_dialog.py" line="150"/>
        <source>Payoff</source>
        <translation>Cancelar deuda</translation>
    </message>
    <message>
        <location filename="../../ui/payment_dialog.py" line="163"/>
        <source>&amp;Amount to pay</source>
        <translation>&amp;Monto a pagar</translation>
    </message>
    <message>
        <location filename="../../ui/payment_dialog.py" line="191"/>
        <source>How the payment is applied</source>
        <translation>Cómo se aplica el pago</translation>
    </message>
    <message>
        <location filename="../../ui/payment_dialog.py" line="242"/>
        <source>%1 missing</source>
        <translation>faltan %1</translation>
    </message>
    <message>
        <location filename="../../ui/payment_dialog.py" line="248"/>
        <source>With the first method: %1</source>
        <translation>Con el primer medio: %1</translation>
    </message>
    <message>
        <location filename="../../ui/payment_dialog.py" line="322"/>
        <source>Saving…</source>
        <translation>Guardando…</translation>
    </message>
    <message>
        <location filename="../../ui/payment_dialog.py" line="344"/>
        <source>The first part was saved (receipt %1); the second was not: %2 Press Confirm to retry the second part.</source>
        <translation>La primera parte se guardó (recibo %1); la segunda no: %2 Pulse Confirmar para reintentar la segunda parte.</translation>
    </message>
</context>
<context>
    <name>PaymentHistoryTableModel</name>
    <message>
        <location filename="../../ui/account_table_models.py" line="86"/>
        <source>Date</source>
        <translation>Fecha</translation>
    </message>
    <message>
        <location filename="../../ui/account_table_models.py" line="87"/>
        <source>Receipt</source>
        <translation>Recibo</translation>
    </message>
    <message>
        <location filename="../../ui/account_table_models.py" line="88"/>
        <source>Amount</source>
        <translation>Monto</translation>
    </message>
    <message>
        <location filename="../../ui/account_table_models.py" line="89"/>
        <source>Method</source>
        <translation>Medio</translation>
    </message>
    <message>
        <location filename="../../ui/account_table_models.py" line="90"/>
        <source>Cashier</source>
        <translation>Cajero</translation>
    </message>
    <message>
        <location filename="../../ui/account_table_models.py" line="91"/>
        <source>State</source>
        <translation>Estado</translation>
    </message>
    <message>
        <location filename="../../ui/account_table_models.py" line="99"/>
        <source>VOIDED by %1: %2</source>
        <translation>ANULADO por %1: %2</translation>
    </message>
    <message>
        <location filename="../../ui/account_table_models.py" line="103"/>
        <source>valid</source>
        <translation>vigente</translation>
    </message>
</context>
<context>
    <name>PaymentPartWidget</name>
    <message>
        <location filename="../../ui/payment_part_widget.py" line="31"/>
        <source>exact amount if empty</source>
        <translation>vacío: monto exacto</translation>
    </message>
    <message>
        <location filename="../../ui/payment_part_widget.py" line="46"/>
        <source>&amp;Method</source>
        <translation>&amp;Medio de pago</translation>
    </message>
    <message>
        <location filename="../../ui/payment_part_widget.py" line="48"/>
        <source>Amount with this method</source>
        <translation>Monto con este medio</translation>
    </message>
    <message>
        <location filename="../../ui/payment_part_widget.py" line="49"/>
        <source>Cash &amp;received</source>
        <translation>Efectivo &amp;recibido</translation>
    </message>
    <message>
        <location filename="../../ui/payment_part_widget.py" line="50"/>
        <source>Change</source>
        <translation>Vuelto</translation>
    </message>
    <message>
        <location filename="../../ui/payment_part_widget.py" line="51"/>
        <source>Card &amp;brand</source>
        <translation>Mar&amp;ca de la tarjeta</translation>
    </message>
    <message>
        <location filename="../../ui/payment_part_widget.py" line="52"/>
        <source>Last &amp;4 digits</source>
        <translation>Últimos &amp;4 dígitos</translation>
    </message>
    <message>
        <location filename="../../ui/payment_part_widget.py" line="53"/>
        <source>&amp;Authorization code</source>
        <translation>Código de &amp;autorización</translation>
    </message>
    <message>
        <location filename="../../ui/payment_part_widget.py" line="54"/>
        <source>&amp;Operation number</source>
        <translation>Número de &amp;operación</translation>
    </message>
</context>
<context>
    <name>PrintJobTableModel</name>
    <message>
        <location filename="../../ui/print_queue_dialog.py" line="42"/>
        <source>Receipt</source>
        <translation>Recibo</translation>
    </message>
    <message>
        <location filename="../../ui/print_queue_dialog.py" line="43"/>
        <source>Document</source>
        <translation>Documento</translation>
    </message>
    <message>
        <location filename="../../ui/print_queue_dialog.py" line="44"/>
        <source>Copy</source>
        <translation>Copia</translation>
    </message>
    <message>
        <location filename="../../ui/print_queue_dialog.py" line="45"/>
        <source>Status</source>
        <translation>Estado</translation>
    </message>
    <message>
        <location filename="../../ui/print_queue_dialog.py" line="46"/>
        <source>Attempts</source>
        <translation>Intentos</translation>
    </message>
    <message>
        <location filename="../../ui/print_queue_dialog.py" line="47"/>
        <source>Last error</source>
        <translation>Último error</translation>
    </message>
    <message>
        <location filename="../../ui/print_queue_dialog.py" line="48"/>
        <source>Queued</source>
        <translation>En cola desde</translation>
    </message>
    <message>
        <location filename="../../ui/print_queue_dialog.py" line="52"/>
        <source>receipt</source>
        <translation>recibo</translation>
    </message>
    <message>
        <location filename="../../ui/print_queue_dialog.py" line="52"/>
        <source>void slip</source>
        <translation>constancia de anulación</translation>
    </message>
    <message>
        <location filename="../../ui/print_queue_dialog.py" line="53"/>
        <source>waiting</source>
        <translation>en espera</translation>
    </message>
    <message>
        <location filename="../../ui/print_queue_dialog.py" line="53"/>
        <source>failed</source>
        <translation>falló</translation>
    </message>
    <message>
        <location filename="../../ui/print_queue_dialog.py" line="53"/>
        <source>printed</source>
        <translation>impreso</translation>
    </message>
    <message>
        <location filename="../../ui/print_queue_dialog.py" line="57"/>
        <source>yes</source>
        <translation>sí</translation>
    </message>
</context>
<context>
    <name>PrintQueueDialog</name>
    <message>
        <location filename="../../ui/print_queue_dialog.py" line="77"/>
        <source>Print queue</source>
        <translation>Cola de impresión</translation>
    </message>
    <message>
        <location filename="../../ui/print_queue_dialog.py" line="90"/>
        <source>Retry printing</source>
        <translation>Reintentar impresión</translation>
    </message>
    <message>
        <location filename="../../ui/print_queue_dialog.py" line="91"/>
        <source>Refresh</source>
        <translation>Actualizar</translation>
    </message>
    <message>
        <location filename="../../ui/print_queue_dialog.py" line="92"/>
        <source>Close</source>
        <translation>Cerrar</translation>
    </message>
    <message>
        <location filename="../../ui/print_queue_dialog.py" line="115"/>
        <source>Nothing is waiting to print.</source>
        <translation>No hay nada esperando impresión.</translation>
    </message>
    <message>
        <location filename="../../ui/print_queue_dialog.py" line="119"/>
        <source>Printing…</source>
        <translation>Imprimiendo…</translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/print_queue_dialog.py" line="125"/>
        <source>%n document(s) printed.</source>
        <translation>
            <numerusform>%n documento impreso.</numerusform>
            <numerusform>%n documentos impresos.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ReportsWidget</name>
    <message>
        <location filename="../../ui/reports_widget.py" line="79"/>
        <source>X report</source>
        <translation>Reporte X</translation>
    </message>
    <message>
        <location filename="../../ui/reports_widget.py" line="80"/>
        <location filename="../../ui/reports_widget.py" line="172"/>
        <source>Issue Z</source>
        <translation>Emitir Z</translation>
    </message>
    <message>
        <location filename="../../ui/reports_widget.py" line="81"/>
        <source>Z copy</source>
        <translation>Copia del Z</translation>
    </message>
    <message>
        <location filename="../../ui/reports_widget.py" line="86"/>
        <source>End of day</source>
        <translation>Cierre del día</translation>
    </message>
    <message>
        <location filename="../../ui/reports_widget.py" line="87"/>
        <source>Print</source>
        <translation>Imprimir</translation>
    </message>
    <message>
        <location filename="../../ui/reports_widget.py" line="88"/>
        <source>Save PDF…</source>
        <translation>Guardar PDF…</translation>
    </message>
    <message>
        <location filename="../../ui/reports_widget.py" line="102"/>
        <source>Text preview (QtPdf is not installed); Save PDF writes the PDF.</source>
        <translation>Vista previa en texto (QtPdf no está instalado); Guardar PDF escribe el PDF.</translation>
    </message>
    <message>
        <location filename="../../ui/reports_widget.py" line="163"/>
        <source>Building the X report…</source>
        <translation>Preparando el reporte X…</translation>
    </message>
    <message>
        <location filename="../../ui/reports_widget.py" line="173"/>
        <source>Issue the Z report of the last closed drawer? It can be issued only once.</source>
        <translation>¿Emitir el reporte Z de la última gaveta cerrada? Solo se puede emitir una vez.</translation>
    </message>
    <message>
        <location filename="../../ui/reports_widget.py" line="182"/>
        <source>Issuing the Z report…</source>
        <translation>Emitiendo el reporte Z…</translation>
    </message>
    <message>
        <location filename="../../ui/reports_widget.py" line="193"/>
        <source>Building the Z copy…</source>
        <translation>Preparando la copia del Z…</translation>
    </message>
    <message>
        <location filename="../../ui/reports_widget.py" line="201"/>
        <source>Building the end-of-day report…</source>
        <translation>Preparando el reporte de cierre del día…</translation>
    </message>
    <message>
        <location filename="../../ui/reports_widget.py" line="241"/>
        <source>Printing…</source>
        <translation>Imprimiendo…</translation>
    </message>
    <message>
        <location filename="../../ui/reports_widget.py" line="246"/>
        <source>Printed.</source>
        <translation>Impreso.</translation>
    </message>
    <message>
        <location filename="../../ui/reports_widget.py" line="262"/>
        <source>Save PDF</source>
        <translation>Guardar PDF</translation>
    </message>
    <message>
        <location filename="../../ui/reports_widget.py" line="262"/>
        <source>PDF (*.pdf)</source>
        <translation>PDF (*.pdf)</translation>
    </message>
    <message>
        <location filename="../../ui/reports_widget.py" line="275"/>
        <source>Saved to {path}</source>
        <translation>Guardado en {path}</translation>
    </message>
</context>
<context>
    <name>SearchWidget</name>
    <message>
        <location filename="../../ui/search_widget.py" line="55"/>
        <source>Search by name, ID document, phone or account (F2)</source>
        <translation>Buscar por nombre, DNI, teléfono o cuenta (F2)</translation>
    </message>
    <message>
        <location filename="../../ui/search_widget.py" line="70"/>
        <location filename="../../ui/search_widget.py" line="125"/>
        <source>Type a name, an ID number, a phone or an account number.</source>
        <translation>Escriba un nombre, un número de documento, un teléfono o un número de cuenta.</translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/search_widget.py" line="128"/>
        <source>%n customer(s). Arrows choose, Enter opens the account.</source>
        <translation>
            <numerusform>%n cliente. Flechas para elegir, Enter abre la cuenta.</numerusform>
            <numerusform>%n clientes. Flechas para elegir, Enter abre la cuenta.</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../ui/search_widget.py" line="131"/>
        <source>No customer matches “%1”.</source>
        <translation>Ningún cliente coincide con «%1».</translation>
    </message>
</context>
<context>
    <name>SettingsDialog</name>
    <message>
        <location filename="../../ui/settings_dialog.py" line="56"/>
        <source>Settings</source>
        <translation>Configuración</translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialog.py" line="69"/>
        <source>%1 columns</source>
        <translation>%1 columnas</translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialog.py" line="74"/>
        <source>Print test page</source>
        <translation>Imprimir página de prueba</translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialog.py" line="86"/>
        <source>Save</source>
        <translation>Guardar</translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialog.py" line="88"/>
        <source>Cancel</source>
        <translation>Cancelar</translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialog.py" line="93"/>
        <source>Printer</source>
        <translation>Impresora</translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialog.py" line="94"/>
        <source>Company</source>
        <translation>Empresa</translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialog.py" line="95"/>
        <source>Payment methods</source>
        <translation>Medios de pago</translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialog.py" line="96"/>
        <source>Late fees</source>
        <translation>Moras</translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialog.py" line="111"/>
        <source>Printer &amp;address</source>
        <translation>&amp;Dirección de la impresora</translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialog.py" line="112"/>
        <source>Paper &amp;width</source>
        <translation>&amp;Ancho del papel</translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialog.py" line="113"/>
        <source>&amp;Code page</source>
        <translation>&amp;Página de códigos</translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialog.py" line="117"/>
        <source>Examples: tcp://192.168.1.50:9100, usb://04b8:0e15, serial:///dev/ttyUSB0, cups://caja1</source>
        <translation>Ejemplos: tcp://192.168.1.50:9100, usb://04b8:0e15, serial:///dev/ttyUSB0, cups://caja1</translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialog.py" line="128"/>
        <source>Trade name</source>
        <translation>Razón social</translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialog.py" line="129"/>
        <source>Tax ID (RUC)</source>
        <translation>RUC</translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialog.py" line="130"/>
        <source>Address</source>
        <translation>Dirección</translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialog.py" line="131"/>
        <source>Phone</source>
        <translation>Teléfono</translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialog.py" line="132"/>
        <source>Receipt footer</source>
        <translation>Pie del recibo</translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialog.py" line="137"/>
        <source>cash</source>
        <translation>efectivo</translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialog.py" line="138"/>
        <source>card</source>
        <translation>tarjeta</translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialog.py" line="139"/>
        <source>mobile wallet</source>
        <translation>billetera móvil</translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialog.py" line="140"/>
        <source>bank deposit</source>
        <translation>depósito bancario</translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialog.py" line="148"/>
        <source>Payment methods are set by head office.</source>
        <translation>Los medios de pago los define la oficina central.</translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialog.py" line="154"/>
        <source>oldest installment first (late fee, interest, principal)</source>
        <translation>primero la cuota más antigua (mora, interés, capital)</translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialog.py" line="155"/>
        <source>all late fees, then all interest, then principal</source>
        <translation>todas las moras, luego todo el interés, luego el capital</translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialog.py" line="159"/>
        <source>Grace days</source>
        <translation>Días de gracia</translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialog.py" line="160"/>
        <source>Fixed fee per late installment</source>
        <translation>Cargo fijo por cuota atrasada</translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialog.py" line="161"/>
        <source>Monthly late rate</source>
        <translation>Tasa moratoria mensual</translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialog.py" line="162"/>
        <source>Allocation</source>
        <translation>Aplicación de pagos</translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialog.py" line="164"/>
        <source>Credit balance</source>
        <translation>Saldo a favor</translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialog.py" line="165"/>
        <source>allowed</source>
        <translation>permitido</translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialog.py" line="165"/>
        <source>refused</source>
        <translation>no permitido</translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialog.py" line="191"/>
        <source>Printing the test page…</source>
        <translation>Imprimiendo la página de prueba…</translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialog.py" line="199"/>
        <source>The test page was sent to the printer.</source>
        <translation>La página de prueba se envió a la impresora.</translation>
    </message>
</context>
<context>
    <name>StatusWidget</name>
    <message>
        <location filename="../../ui/status_widget.py" line="28"/>
        <source>Branch: %1</source>
        <translation>Sucursal: %1</translation>
    </message>
    <message>
        <location filename="../../ui/status_widget.py" line="29"/>
        <source>Register: %1</source>
        <translation>Caja: %1</translation>
    </message>
    <message>
        <location filename="../../ui/status_widget.py" line="30"/>
        <source>User: %1</source>
        <translation>Usuario: %1</translation>
    </message>
    <message>
        <location filename="../../ui/status_widget.py" line="33"/>
        <source>open</source>
        <translation>abierta</translation>
    </message>
    <message>
        <location filename="../../ui/status_widget.py" line="33"/>
        <source>closed</source>
        <translation>cerrada</translation>
    </message>
    <message>
        <location filename="../../ui/status_widget.py" line="34"/>
        <source>Drawer: %1</source>
        <translation>Gaveta: %1</translation>
    </message>
    <message>
        <location filename="../../ui/status_widget.py" line="42"/>
        <source>Sync: not configured</source>
        <translation>Sincronización: sin configurar</translation>
    </message>
    <message>
        <location filename="../../ui/status_widget.py" line="44"/>
        <source>Sync: error, %1 pending</source>
        <translation>Sincronización: error, %1 pendientes</translation>
    </message>
    <message>
        <location filename="../../ui/status_widget.py" line="47"/>
        <source>never</source>
        <translation>nunca</translation>
    </message>
    <message>
        <location filename="../../ui/status_widget.py" line="49"/>
        <source>Sync: %1 pending, last %2</source>
        <translation>Sincronización: %1 pendientes, última %2</translation>
    </message>
</context>
<context>
    <name>VoidDialog</name>
    <message>
        <location filename="../../ui/void_dialog.py" line="48"/>
        <location filename="../../ui/void_dialog.py" line="78"/>
        <source>Void payment</source>
        <translation>Anular pago</translation>
    </message>
    <message>
        <location filename="../../ui/void_dialog.py" line="54"/>
        <source>Receipt %1 · %2 · %3 · %4</source>
        <translation>Recibo %1 · %2 · %3 · %4</translation>
    </message>
    <message>
        <location filename="../../ui/void_dialog.py" line="66"/>
        <source>&amp;Reason</source>
        <translation>&amp;Motivo</translation>
    </message>
    <message>
        <location filename="../../ui/void_dialog.py" line="68"/>
        <source>A manager must approve this void: the manager types their user and password here.</source>
        <translation>Un gerente debe aprobar esta anulación: el gerente escribe aquí su usuario y contraseña.</translation>
    </message>
    <message>
        <location filename="../../ui/void_dialog.py" line="74"/>
        <source>&amp;Manager</source>
        <translation>&amp;Gerente</translation>
    </message>
    <message>
        <location filename="../../ui/void_dialog.py" line="75"/>
        <source>Manager&apos;s &amp;password</source>
        <translation>&amp;Contraseña del gerente</translation>
    </message>
    <message>
        <location filename="../../ui/void_dialog.py" line="80"/>
        <source>Cancel</source>
        <translation>Cancelar</translation>
    </message>
    <message>
        <location filename="../../ui/void_dialog.py" line="108"/>
        <source>Checking…</source>
        <translation>Verificando…</translation>
    </message>
</context>
</TS>
