"""Developer tool for the translations: find user-facing strings without an Indonesian translation.

    uv run python -m app.i18n_tools missing            list msgids that lack an Indonesian text
    uv run python -m app.i18n_tools add PART           append them, untranslated, to locales/id/.../PART.po
    uv run python -m app.i18n_tools translate PART < FILE   set texts from lines "msgid<TAB>Indonesian"

Strings are found in ``app/`` (``_()``, ``N_()``, ``gettext``, ``ngettext``) and ``templates/``
(``{{ _("...") }}``, ``{% trans %}``), the same way Babel's extractor does.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po, write_po

from app.i18n import LOCALES_DIR, translations
from app.settings import ROOT

KEYWORDS = {"_": None, "N_": None, "gettext": None, "ngettext": (1, 2)}
METHOD_MAP = [("app/**.py", "python"), ("templates/**.html", "jinja2"), ("templates/**.svg", "jinja2")]
OPTIONS = {"templates/**.html": {"extensions": "jinja2.ext.i18n"}}


def extracted() -> Iterator[tuple[str, str, int]]:
    """(msgid, file, line) for every user-facing string of the app."""
    for folder in ("app", "templates"):
        base = ROOT / folder
        method_map = [(pattern.split("/", 1)[1], method) for pattern, method in METHOD_MAP
                      if pattern.startswith(folder + "/")]
        for filename, lineno, message, _comments, _context in extract_from_dir(
            str(base), method_map=method_map, keywords=KEYWORDS,
            options_map={"**.html": {"extensions": "jinja2.ext.i18n"}},
        ):
            msgid = message[0] if isinstance(message, tuple) else message
            if msgid:
                yield msgid, f"{folder}/{filename}", lineno


def missing(lang: str = "id") -> dict[str, str]:
    catalog = translations(lang)
    out: dict[str, str] = {}
    for msgid, filename, lineno in extracted():
        if msgid not in catalog._catalog and msgid not in out:
            out[msgid] = f"{filename}:{lineno}"
    return out


def add(part: str, lang: str = "id") -> int:
    path = LOCALES_DIR / lang / "LC_MESSAGES" / f"{part}.po"
    path.parent.mkdir(parents=True, exist_ok=True)
    if path.exists():
        with path.open("rb") as fh:
            catalog = read_po(fh, locale=lang)
    else:
        catalog = Catalog(locale=lang, project="lomba-desa")
    todo = missing(lang)
    for msgid, where in todo.items():
        if msgid not in catalog:
            catalog.add(msgid, "", locations=[(where.rsplit(":", 1)[0], int(where.rsplit(":", 1)[1]))])
    with path.open("wb") as fh:
        write_po(fh, catalog, width=110, omit_header=False)
    return len(todo)


def translate(part: str, lines: list[str], lang: str = "id") -> int:
    path = LOCALES_DIR / lang / "LC_MESSAGES" / f"{part}.po"
    with path.open("rb") as fh:
        catalog = read_po(fh, locale=lang)
    count = 0
    for line in lines:
        if "\t" not in line:
            continue
        msgid, text = line.rstrip("\n").split("\t", 1)
        if msgid in catalog:
            catalog[msgid].string = text
        else:
            catalog.add(msgid, text)
        count += 1
    with path.open("wb") as fh:
        write_po(fh, catalog, width=110)
    return count


def main(argv: list[str]) -> int:
    if not argv or argv[0] == "missing":
        todo = missing()
        for msgid, where in todo.items():
            print(f"{where}\t{msgid}")
        print(f"{len(todo)} missing", file=sys.stderr)
        return 1 if todo else 0
    if argv[0] == "add" and len(argv) == 2:
        print(f"{add(argv[1])} added to {argv[1]}.po; now write their Indonesian text")
        return 0
    if argv[0] == "translate" and len(argv) == 2:
        print(f"{translate(argv[1], sys.stdin.readlines())} texts set in {argv[1]}.po")
        return 0
    print(__doc__)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))


