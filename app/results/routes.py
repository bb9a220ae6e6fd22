"""Committee pages of the results: the ranking (overall and per stage), "why this number" for one village,
the judges' agreement, and the downloads (XLSX recap, the inputs as files). Every number comes from the
scoring engine through ``app.results.services.ranking``; handlers only fetch, arrange and render."""

from __future__ import annotations

from typing import Any

from litestar import Request, Response, Router, get
from litestar.exceptions import NotFoundException
from litestar.params import FromPath, FromQuery
from litestar.response import Template
from markupsafe import Markup

from app.competitions import repo as competitions_repo
from app.i18n import _, current_language
from app.results import analysis, charts, export, finality
from app.results.repo import load_inputs
from app.results.services import cached_ranking as ranking
from app.web import committee_guard, render

AnyRequest = Request[Any, Any, Any]
BASE = "/competitions/{competition_id:int}/results"


async def _competition(competition_id: int) -> dict[str, Any]:
    comp = await competitions_repo.competition(competition_id)
    if comp is None:
        raise NotFoundException()
    return comp


async def finality_state(comp: dict[str, Any]) -> tuple[bool, dict[str, Any] | None]:
    """``(final, current snapshot)``: final when the competition is ``final`` and has a current snapshot."""
    snap = await finality.current_snapshot(comp["id"])
    return comp["status"] == "final" and snap is not None, snap


def _summary(rows: list[analysis.RankRow]) -> dict[str, int]:
    return {key: sum(1 for r in rows if key in r.badges) for key in analysis.BADGES}


def _render_fragment(request: AnyRequest, template: str, **context: Any) -> Markup:
    env = request.app.template_engine.engine  # type: ignore[union-attr]
    return Markup(env.get_template(template).render(**context))  # noqa: S704 - a Jinja template, autoescaped


@get(BASE, name="results_ranking")
async def ranking_page(
    request: AnyRequest, competition_id: FromPath[int], stage: FromQuery[str | None] = None
) -> Template:
    comp = await _competition(competition_id)
    current = await ranking(competition_id, detail=False)
    stages = current.inputs.ruleset.stages
    if stage is not None and stage not in {s.code for s in stages}:
        raise NotFoundException()
    overall = analysis.per_ranking(("overall",), current, lambda: analysis.overall_rows(current))

    def table() -> Markup:
        rows = analysis.stage_rows(current, stage) if stage else overall
        return _render_fragment(
            request, "results/_ranking_table.html", comp=comp, stages=stages, stage=stage, rows=rows,
            badge_names=analysis.BADGES,
        )

    final, snap = await finality_state(comp)
    return render(
        request, "results/ranking.html", comp=comp, stages=stages, stage=stage,
        table=analysis.per_ranking(("table", stage, current_language.get()), current, table),
        summary=analysis.per_ranking(("summary",), current, lambda: _summary(overall)),
        result=current.result, final=final, snapshot=snap, badge_names=analysis.BADGES,
    )


@get(BASE + "/{entrant_id:int}", name="results_why")
async def why_page(request: AnyRequest, competition_id: FromPath[int], entrant_id: FromPath[int]) -> Template:
    comp = await _competition(competition_id)
    current = await ranking(competition_id, detail=True)
    entrant = next((e for e in current.inputs.entrants if e.id == entrant_id), None)
    if entrant is None:
        raise NotFoundException()
    final, snap = await finality_state(comp)
    return render(
        request, "results/why.html", comp=comp, why=analysis.why(current, entrant.code),
        rules=current.inputs.ruleset.rules, final=final, snapshot=snap, badge_names=analysis.BADGES,
    )


@get(BASE + "/agreement", name="results_agreement")
async def agreement_page(request: AnyRequest, competition_id: FromPath[int]) -> Template:
    comp = await _competition(competition_id)
    current = await ranking(competition_id, detail=True)
    rs = current.inputs.ruleset
    names = {d.code: d.name or d.code for d in rs.domains} | {s.code: s.name or s.code for s in rs.stages}

    def figures() -> tuple[dict[str, list[analysis.JudgeStat]], Markup, dict[str, Markup]]:
        stats = analysis.agreement(current)
        keys, bars = analysis.stacked_totals(current)
        totals_chart = charts.stacked_totals_svg(keys, bars, title=_("Totals per village, by domain"), names=names)
        spread_charts = {
            code: charts.judge_spread_svg(
                found, title=_("Spread of each judge in %(stage)s") % {"stage": code}, panel_label=_("panel")
            )
            for code, found in stats.items()
        }
        return stats, totals_chart, spread_charts

    stats, totals_chart, spread_charts = analysis.per_ranking(("agreement", current_language.get()), current, figures)
    final, snap = await finality_state(comp)
    return render(
        request, "results/agreement.html", comp=comp, stats=stats, stage_names=names,
        totals_chart=totals_chart, spread_charts=spread_charts, final=final, snapshot=snap,
        tolerance=rs.rules.divergence_tolerance,
    )


def _download(content: bytes, media_type: str, filename: str) -> Response[bytes]:
    return Response(
        content, media_type=media_type,
        headers={"Content-Disposition": f'attachment; filename="{filename}"', "Cache-Control": "no-store"},
    )


@get(BASE + "/export.xlsx", name="results_export_xlsx")
async def export_xlsx(competition_id: FromPath[int]) -> Response[bytes]:
    comp = await _competition(competition_id)
    current = await ranking(competition_id, detail=False)
    final, _snap = await finality_state(comp)
    content = export.recap_xlsx(current, comp["name"], final=final)
    return _download(
        content, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        f"rekap-lomba-desa-{competition_id}.xlsx",
    )


@get(BASE + "/inputs.zip", name="results_inputs_zip")
async def inputs_zip(competition_id: FromPath[int]) -> Response[bytes]:
    await _competition(competition_id)
    inputs = await load_inputs(competition_id)
    return _download(export.inputs_zip(inputs), "application/zip", f"masukan-lomba-desa-{competition_id}.zip")


router = Router(
    path="/",
    guards=[committee_guard],
    route_handlers=[ranking_page, why_page, agreement_page, export_xlsx, inputs_zip],
)
