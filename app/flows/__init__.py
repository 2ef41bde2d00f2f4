"""Flow logic of the desk, without Qt (Electrum-style): what a screen decides, tested without a screen.

- :mod:`app.flows.payment_form`: the take-payment form (amount, methods, split, change, double-confirm
  guard, retry-safe request ids) and posting its parts.
- :mod:`app.flows.idle_lock`: when the desk locks itself after inactivity.
- :mod:`app.flows.search_flow`: latest-wins scheduling of type-to-search on one database worker.
- :mod:`app.flows.void_flow`: who may void, and a manager's approval typed on a cashier's screen.
- :mod:`app.flows.first_run`: setting up a branch with its first administrator.
- :mod:`app.flows.printer_form`: the printer settings (URI, width, code page) as one URI.
- :mod:`app.flows.desk_status`: what the status bar says about sync.

The Qt side (``ui/``) only renders these and runs their database work off the GUI thread.
"""
