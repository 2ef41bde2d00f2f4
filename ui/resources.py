"""Where the desk's resources are (translations, style sheet), and installing them on the application."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QLibraryInfo, QLocale, QTranslator
from PySide6.QtWidgets import QApplication

RESOURCES = Path(__file__).resolve().parents[1] / "resources"
TRANSLATIONS = RESOURCES / "i18n"
STYLE_SHEET = RESOURCES / "desk.qss"


def install_language(app: QApplication, lang: str) -> list[QTranslator]:
    """Install the desk's translation for ``lang`` ("es" or "en") and Qt's own (standard buttons).

    The source strings are English, so "en" needs no catalogue; a missing file leaves English. Returns
    the installed translators (keep them alive as long as the application)."""
    installed: list[QTranslator] = []
    for old in getattr(app, "_abono_translators", []):
        app.removeTranslator(old)
    candidates = [(TRANSLATIONS, f"abono_{lang}")]
    qt_dir = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    candidates.append((Path(qt_dir), f"qtbase_{lang}"))
    for folder, name in candidates:
        translator = QTranslator(app)
        if translator.load(name, str(folder)):
            app.installTranslator(translator)
            installed.append(translator)
    app._abono_translators = installed  # type: ignore[attr-defined]
    QLocale.setDefault(QLocale(QLocale.Language.Spanish if lang == "es" else QLocale.Language.English))
    return installed


def apply_style(app: QApplication) -> None:
    """The desk's style: Fusion plus ``resources/desk.qss``."""
    app.setStyle("Fusion")
    if STYLE_SHEET.exists():
        app.setStyleSheet(STYLE_SHEET.read_text(encoding="utf-8"))
