"""Head office errors and their messages (Spanish first, English second).

:class:`HeadOfficeError` is an ``AbonoError``, so the command line reports it in one line like every
other refusal; its messages live in :data:`MESSAGES` here, falling back to ``app.i18n``'s catalogue.
"""

from __future__ import annotations

from app.errors import AbonoError
from app.i18n import translate

MESSAGES: dict[str, tuple[str, str]] = {
    "ho_db_url_invalid": (
        "Base de datos de la oficina central no válida: «{url}». Use una ruta de archivo, "
        "sqlite:///RUTA o postgresql+psycopg://usuario@servidor/base.",
        "Invalid head office database '{url}'. Use a file path, sqlite:///PATH or "
        "postgresql+psycopg://user@host/db.",
    ),
    "ho_db_not_headoffice": (
        "El archivo {path} no es una base de datos de la oficina central (¿es la de una sucursal?).",
        "The file {path} is not a head office database (is it a branch's?).",
    ),
    "ho_db_unreachable": (
        "No se puede abrir la base de datos de la oficina central {url}: {detail}",
        "Cannot open the head office database {url}: {detail}",
    ),
    "ho_branch_exists": ("Ya existe la sucursal {code}.", "Branch {code} already exists."),
    "ho_branch_unknown": ("No existe la sucursal {code}.", "There is no branch {code}."),
    "ho_branch_name_missing": ("Indique el nombre de la sucursal.", "Enter the branch name."),
    "ho_tls_pair": (
        "Indique --tls-cert y --tls-key juntos.",
        "Give --tls-cert and --tls-key together.",
    ),
    "ho_tls_file": ("No se puede leer {path}.", "Cannot read {path}."),
    "ho_demo_count": (
        "La cantidad de clientes debe estar entre 1 y {max}.",
        "The number of customers must be between 1 and {max}.",
    ),
    "ho_demo_not_empty": (
        "La oficina central ya tiene {count} clientes: los datos de demostración van en una base vacía.",
        "Head office already has {count} customers: demo data goes into an empty database.",
    ),
    "ho_customer_conflict": (
        "{doc_type} {doc_number} ya pertenece a otro cliente",
        "{doc_type} {doc_number} already belongs to another customer",
    ),
}


class HeadOfficeError(AbonoError):
    """A head office command or setting was refused; nothing was changed."""

    code = "ho_error"

    def message(self, lang: str = "es") -> str:
        pair = MESSAGES.get(self.code)
        if pair is None:
            return translate(self.code, lang, **self.params)
        template = pair[1] if lang.startswith("en") else pair[0]
        try:
            return template.format(**self.params)
        except (KeyError, IndexError, ValueError):
            return template
