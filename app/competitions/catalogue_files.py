"""The catalogue as files: import from YAML or XLSX, export to YAML and XLSX.

Words: the *document* is the mapping of ``criteria_default.yaml`` (``catalogue:`` and ``rules:``). The XLSX
workbook has one sheet per level: ``bidang`` (code, name, weight), ``aspek`` (domain, code, name),
``indikator`` (aspect, code, name, max, step, weight, stage, kind, evidence, rubric_0, rubric_1, ...; an
empty aspect makes a presentation item), ``kelayakan`` (code, name, evidence) and, for reading only,
``tahap`` (the competition's stages). A *location* tells the user where a problem is: the sheet and line
of a workbook, or the code of the item in a YAML file.
"""

from __future__ import annotations

import io
import json
import re
from typing import Any

import yaml

from app.competitions import files
from app.competitions.catalogue import plain
from app.competitions.validation import number
from app.i18n import N_

SHEETS = {"domains": "bidang", "aspects": "aspek", "indicators": "indikator", "eligibility": "kelayakan",
          "stages": "tahap"}
INDICATOR_COLUMNS = ["aspect", "code", "name", "max", "step", "weight", "stage", "kind", "evidence"]

MSG_NO_SHEET = N_("The workbook needs the sheets bidang, aspek and indikator (see the exported file).")
MSG_UNKNOWN_DOMAIN = N_("This domain code is not on the bidang sheet.")
MSG_UNKNOWN_ASPECT = N_("This aspect code is not on the aspek sheet.")
MSG_NO_HEADER = N_("The first line must name the columns (see the exported file).")

Located = tuple[str, str]  # (location, message msgid)


def from_yaml(data: bytes) -> tuple[dict[str, Any] | None, list[Located]]:
    doc = files.yaml_document(data)
    if not isinstance(doc, dict) or not isinstance(doc.get("catalogue"), dict):
        raise files.FileProblem(files.MSG_BAD_YAML)
    return doc, []


def _header(rows: list[files.Row]) -> tuple[dict[str, int], list[files.Row]]:
    if not rows:
        return {}, []
    _line, cells = rows[0]
    return {c.strip().lower(): i for i, c in enumerate(cells) if c.strip()}, rows[1:]


def _get(cells: list[str], columns: dict[str, int], name: str) -> str:
    index = columns.get(name)
    return cells[index].strip() if index is not None and index < len(cells) else ""


def from_xlsx(data: bytes) -> tuple[dict[str, Any] | None, list[Located], dict[str, str]]:
    """The document in a workbook, the row problems found while reading it, and where each item came from.

    The third value maps a validation path prefix (``catalogue.domains[0]``) to its location.
    """
    if len(data) > files.MAX_TABLE_BYTES:
        raise files.FileProblem(files.MSG_TOO_BIG)
    sheets = files.workbook_rows(data)
    if not all(SHEETS[k] in sheets for k in ("domains", "aspects", "indicators")):
        raise files.FileProblem(MSG_NO_SHEET)
    problems: list[Located] = []
    where: dict[str, str] = {}

    def at(sheet: str, line: int) -> str:
        return f"{sheet}:{line}"

    cat: dict[str, Any] = {"domains": [], "eligibility": [], "presentation": []}
    columns, rows = _header(sheets[SHEETS["domains"]])
    if "code" not in columns:
        problems.append((at(SHEETS["domains"], 1), MSG_NO_HEADER))
    domains: dict[str, dict[str, Any]] = {}
    for line, cells in rows:
        item = {"code": _get(cells, columns, "code"), "name": _get(cells, columns, "name"),
                "weight": _get(cells, columns, "weight"), "aspects": []}
        where[f"catalogue.domains[{len(cat['domains'])}]"] = at(SHEETS["domains"], line)
        cat["domains"].append(item)
        domains.setdefault(item["code"], item)
    columns, rows = _header(sheets[SHEETS["aspects"]])
    aspects: dict[str, tuple[str, dict[str, Any]]] = {}
    for line, cells in rows:
        domain_code = _get(cells, columns, "domain")
        item = {"code": _get(cells, columns, "code"), "name": _get(cells, columns, "name"), "indicators": []}
        domain = domains.get(domain_code)
        if domain is None:
            problems.append((at(SHEETS["aspects"], line), MSG_UNKNOWN_DOMAIN))
            continue
        d_index = cat["domains"].index(domain)
        where[f"catalogue.domains[{d_index}].aspects[{len(domain['aspects'])}]"] = at(SHEETS["aspects"], line)
        domain["aspects"].append(item)
        aspects.setdefault(item["code"], (f"catalogue.domains[{d_index}]", item))
    columns, rows = _header(sheets[SHEETS["indicators"]])
    rubric_columns = sorted(
        ((c, i) for c, i in columns.items() if re.fullmatch(r"rubric_[0-9.]+", c)),
        key=lambda ci: number(ci[0][7:]) or 0,
    )
    for line, cells in rows:
        ind: dict[str, Any] = {name: _get(cells, columns, name) for name in INDICATOR_COLUMNS[1:]}
        ind["rubric"] = {
            c[7:]: cells[i].strip() for c, i in rubric_columns if i < len(cells) and cells[i].strip()
        }
        if not ind["step"]:
            ind["step"] = "1"
        aspect_code = _get(cells, columns, "aspect")
        if not aspect_code:
            where[f"catalogue.presentation[{len(cat['presentation'])}]"] = at(SHEETS["indicators"], line)
            cat["presentation"].append(ind)
            continue
        found = aspects.get(aspect_code)
        if found is None:
            problems.append((at(SHEETS["indicators"], line), MSG_UNKNOWN_ASPECT))
            continue
        domain_path, aspect = found
        a_index = next(
            i for i, a in enumerate(domains_by_path(cat, domain_path)["aspects"]) if a is aspect
        )
        path = f"{domain_path}.aspects[{a_index}].indicators[{len(aspect['indicators'])}]"
        where[path] = at(SHEETS["indicators"], line)
        aspect["indicators"].append(ind)
    if SHEETS["eligibility"] in sheets:
        columns, rows = _header(sheets[SHEETS["eligibility"]])
        for line, cells in rows:
            where[f"catalogue.eligibility[{len(cat['eligibility'])}]"] = at(SHEETS["eligibility"], line)
            item = {"code": _get(cells, columns, "code"), "name": _get(cells, columns, "name")}
            if _get(cells, columns, "evidence"):
                item["evidence"] = _get(cells, columns, "evidence")
            cat["eligibility"].append(item)
    return {"catalogue": cat}, problems, where


def domains_by_path(cat: dict[str, Any], domain_path: str) -> dict[str, Any]:
    index = int(domain_path.rsplit("[", 1)[1].rstrip("]"))
    return cat["domains"][index]  # type: ignore[no-any-return]


def locate(path: str, doc: dict[str, Any], where: dict[str, str]) -> str:
    """Where the item at ``path`` is: a workbook ``sheet:line`` or the item's code, plus the field."""
    field = path.rsplit(".", 1)[1] if "." in path else path
    prefix = path.rsplit(".", 1)[0]
    while prefix:
        if prefix in where:
            return f"{where[prefix]} · {field}"
        code = _code_at(doc, prefix)
        if code:
            return f"{code} · {field}"
        if "." not in prefix:
            break
        prefix = prefix.rsplit(".", 1)[0]
    return path


def _code_at(doc: dict[str, Any], path: str) -> str:
    node: Any = doc
    for part in path.split("."):
        match = re.fullmatch(r"(\w+)(?:\[(\d+)\])?", part)
        if not match or not isinstance(node, dict):
            return ""
        node = node.get(match.group(1))
        if match.group(2) is not None:
            if not isinstance(node, list) or int(match.group(2)) >= len(node):
                return ""
            node = node[int(match.group(2))]
    return str(node.get("code") or "") if isinstance(node, dict) else ""


def to_yaml(doc: dict[str, Any]) -> str:
    out = {"catalogue": doc["catalogue"]}
    if doc.get("rules"):
        out["rules"] = doc["rules"]
    # Plain dicts and lists only (JSON columns may come back as their own mapping types).
    out = json.loads(json.dumps(out, default=str))
    return yaml.safe_dump(out, allow_unicode=True, sort_keys=False, width=120)


def _levels(doc: dict[str, Any]) -> list[Any]:
    levels: set[Any] = set()
    cat = doc["catalogue"]
    for ind in _all_indicators(cat):
        levels.update((ind.get("rubric") or {}).keys())
    return sorted(levels, key=lambda v: number(v) or 0)


def _all_indicators(cat: dict[str, Any]) -> list[dict[str, Any]]:
    out = [i for d in cat.get("domains") or [] for a in d.get("aspects") or [] for i in a.get("indicators") or []]
    return out + list(cat.get("presentation") or [])


def to_xlsx(doc: dict[str, Any]) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    cat = doc["catalogue"]
    book = Workbook()
    book.remove(book.active)
    levels = _levels(doc)

    def sheet(name: str, header: list[str], rows: list[list[Any]]) -> None:
        ws = book.create_sheet(name)
        ws.append(header)
        for cell in ws[1]:
            cell.font = Font(bold=True)
        for row in rows:
            ws.append([plain(v) for v in row])
        ws.column_dimensions["C" if name == SHEETS["indicators"] else "B"].width = 60

    sheet(SHEETS["domains"], ["code", "name", "weight"],
          [[d["code"], d["name"], d["weight"]] for d in cat.get("domains") or []])
    sheet(SHEETS["aspects"], ["domain", "code", "name"],
          [[d["code"], a["code"], a["name"]] for d in cat.get("domains") or [] for a in d.get("aspects") or []])
    rows = []
    for d in cat.get("domains") or []:
        for a in d.get("aspects") or []:
            rows += [_indicator_row(a["code"], i, levels) for i in a.get("indicators") or []]
    rows += [_indicator_row("", i, levels) for i in cat.get("presentation") or []]
    sheet(SHEETS["indicators"], INDICATOR_COLUMNS + [f"rubric_{plain(lv)}" for lv in levels], rows)
    sheet(SHEETS["eligibility"], ["code", "name", "evidence"],
          [[e["code"], e["name"], e.get("evidence", "")] for e in cat.get("eligibility") or []])
    sheet(SHEETS["stages"], ["code", "name", "weight", "only_top_n"],
          [[s["code"], s["name"], s["weight"], s.get("only_top_n")] for s in cat.get("stages") or []])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _indicator_row(aspect: str, ind: dict[str, Any], levels: list[Any]) -> list[Any]:
    rubric = {str(plain(number(k))): v for k, v in (ind.get("rubric") or {}).items()}
    return [aspect, ind["code"], ind["name"], ind["max"], ind.get("step", 1), ind["weight"], ind.get("stage", ""),
            ind.get("kind", "judge"), ind.get("evidence", "")] + [rubric.get(str(plain(number(lv))), "")
                                                                  for lv in levels]
