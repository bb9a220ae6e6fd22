"""A competition's inputs and result as files: the three files ``lomba-desa score`` reads, and the XLSX recap.

Words:
- *inputs as files*: ``ruleset.yaml`` (the ruleset in the ``criteria_default.yaml`` format plus an
  ``entrants:`` list of ``{code, name}``), ``scores.csv`` (``judge,entrant,stage,indicator,value``; the LMS
  level on rows of the judge ``LMS``; a judge with a declared conflict has ``-`` rows, i.e. abstained) and
  ``pleno.yaml`` (the pleno decisions in force). Anyone holding them can recompute the ranking with
  ``lomba-desa score ruleset.yaml scores.csv --pleno pleno.yaml``.
- *recap* (rekap): the ranking as an Excel workbook, one sheet per stage plus the overall ranking, with
  the engine's numbers written as numbers (2 decimals), never as text.

Nothing here computes a score: every number comes from ``scoring`` through ``Ranking``.
"""

from __future__ import annotations

import csv
import io
import zipfile
from decimal import Decimal
from typing import Any

import yaml
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

import scoring
from app.i18n import _
from app.results.analysis import badge_labels, overall_rows, stage_rows
from app.results.repo import Inputs
from app.results.services import Ranking

NUMBER_FORMAT = "0.00"


def _yaml(data: Any) -> bytes:
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=120).encode("utf-8")


def ruleset_file(inputs: Inputs) -> bytes:
    data = scoring.ruleset_to_dict(inputs.ruleset)
    data["entrants"] = [{"code": e.code, "name": e.name} for e in inputs.entrants]
    return _yaml(data)


def scores_file(inputs: Inputs) -> bytes:
    stage_of = {i.code: i.stage for i in inputs.ruleset.indicators}
    judge_indicators = [i for i in inputs.ruleset.indicators if i.kind == "judge"]
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(("judge", "entrant", "stage", "indicator", "value"))
    for s in inputs.scores:
        writer.writerow((s.judge, s.entrant, stage_of[s.indicator], s.indicator, format(s.value, "f")))
    for a in inputs.abstentions:
        # The file format records abstentions per indicator; a whole-village conflict is every indicator.
        targets = judge_indicators if a.indicator is None else [inputs.ruleset.indicator(a.indicator)]
        for ind in targets:
            writer.writerow((a.judge, a.entrant, ind.stage, ind.code, "-"))
    return out.getvalue().encode("utf-8")


def pleno_file(inputs: Inputs) -> bytes:
    return _yaml([{"order": list(d.order), "reason": d.reason} for d in inputs.pleno])


def inputs_as_files(inputs: Inputs) -> dict[str, bytes]:
    """``{"ruleset.yaml", "scores.csv", "pleno.yaml"}`` -> contents: exactly what ``lomba-desa score`` reads."""
    return {
        "ruleset.yaml": ruleset_file(inputs),
        "scores.csv": scores_file(inputs),
        "pleno.yaml": pleno_file(inputs),
    }


def inputs_zip(inputs: Inputs) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in inputs_as_files(inputs).items():
            archive.writestr(name, content)
    return buffer.getvalue()


HEADER_FILL = PatternFill("solid", fgColor="1F4E79")
HEADER_FONT = Font(bold=True, color="FFFFFF")


def _sheet(ws: Any, title: str, header: list[str], rows: list[list[Any]], numeric: set[int]) -> None:
    ws.append([title])
    ws["A1"].font = Font(bold=True, size=13)
    ws.append([])
    ws.append(header)
    for col in range(1, len(header) + 1):
        cell = ws.cell(row=3, column=col)
        cell.fill, cell.font = HEADER_FILL, HEADER_FONT
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    for row in rows:
        ws.append(row)
        for col in numeric:
            cell = ws.cell(row=ws.max_row, column=col + 1)
            if isinstance(cell.value, int | float | Decimal):
                cell.number_format = NUMBER_FORMAT
    ws.freeze_panes = "A4"
    for col, name in enumerate(header, start=1):
        width = max([len(str(name))] + [len(str(r[col - 1])) for r in rows if r[col - 1] is not None])
        ws.column_dimensions[get_column_letter(col)].width = min(max(width + 2, 8), 48)


def _number(value: Decimal | None) -> float | None:
    # openpyxl writes floats; the engine's numbers are already rounded to 2 decimals.
    return None if value is None else float(scoring.report(value))


def recap_xlsx(current: Ranking, competition_name: str, *, final: bool) -> bytes:
    """The recap workbook: a sheet ``Peringkat`` (overall) then one per stage."""
    inputs, result = current.inputs, current.result
    stages = [s.code for s in inputs.ruleset.stages]
    state = _("FINAL") if final else _("PROVISIONAL (not final)")
    wb = Workbook()
    ws = wb.active
    ws.title = _("Ranking")[:31]
    header = [_("Rank"), _("Village code"), _("Village"), _("Kecamatan"), *stages, _("Total"), _("Award"), _("Notes")]
    rows = []
    for r in overall_rows(current):
        rows.append([
            r.rank_label, r.info.code, r.info.name, r.info.kecamatan,
            *(_number(r.result.stages.get(s)) for s in stages),
            _number(r.result.total), r.result.award or "", "; ".join(badge_labels(r.badges)),
        ])
    numeric = set(range(4, 5 + len(stages)))
    _sheet(ws, f"{competition_name} — {state}", header, rows, numeric)
    for stage in inputs.ruleset.stages:
        sheet = wb.create_sheet(stage.code[:31])
        rows = [
            [r.rank_label, r.info.code, r.info.name, r.info.kecamatan, _number(r.value),
             "; ".join(badge_labels(r.badges))]
            for r in stage_rows(current, stage.code)
        ]
        title = f"{competition_name} — {_('Stage')} {stage.code} {stage.name} — {state}"
        _sheet(sheet, title, [_("Rank"), _("Village code"), _("Village"), _("Kecamatan"), _("Value"), _("Notes")],
               rows, {4})
    if result.provisional or not final:
        ws.append([])
        ws.append([_("Provisional: the result is not final and may still change.")])
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()
