"""Committee pages for decisions and finality: the pleno, advancing to the top-N stage, finalising and
re-opening (``/competitions/{id}/pleno``, ``/advance``, ``/finalise``, ``/reopen``). Handlers parse the
form, call one service and render or redirect; a final competition answers 423 to every change."""

from __future__ import annotations

from typing import Any

from litestar import Request, Router, get, post
from litestar.exceptions import HTTPException, NotFoundException
from litestar.params import FromPath
from litestar.response import Redirect, Template

from app.competitions import repo as competitions_repo
from app.i18n import _
from app.results import decisions, finality
from app.results.decisions import Locked, Refused
from app.results.services import ranking
from app.web import client_address, committee_guard, current_user, redirect, render

AnyRequest = Request[Any, Any, Any]
BASE = "/competitions/{competition_id:int}"


def _actor(request: AnyRequest) -> Any:
    user = current_user(request)
    assert user is not None  # the guard let only the committee through
    return user


async def _competition(competition_id: int) -> dict[str, Any]:
    comp = await competitions_repo.competition(competition_id)
    if comp is None:
        raise NotFoundException()
    return comp


def _locked() -> HTTPException:
    return HTTPException(status_code=423, detail=_("The result is final: re-open it first (with a reason)."))


async def _form(request: AnyRequest) -> dict[str, str]:
    form = await request.form()
    return {k: str(v) for k, v in form.items() if isinstance(v, str)}


async def _pleno_page(
    request: AnyRequest, competition_id: int, status_code: int = 200, **extra: Any
) -> Template:
    comp = await _competition(competition_id)
    current = await ranking(competition_id, detail=False)
    plan, refusal = None, None
    try:
        plan = decisions.advance_plan(current)
    except Refused as exc:
        refusal = str(exc)
    done = await decisions.advanced(competition_id, plan.stage_code) if plan else set()
    context: dict[str, Any] = {"errors": {}, "form": {}}
    context.update(extra)
    groups = decisions.tied_groups(current)
    shown = {",".join(g.codes) for g in groups}
    other_errors = [p for key, found in context["errors"].items() if key not in shown for p in found]
    return render(
        request, "results/pleno.html", status_code=status_code, comp=comp, result=current.result,
        groups=groups, other_errors=other_errors, decisions=await decisions.decisions(competition_id, current),
        plan=plan, refusal=refusal, advanced_ids=done, advanced=request.query_params.get("advanced"),
        **context,
    )


@get(BASE + "/pleno", name="results_pleno")
async def pleno_page(request: AnyRequest, competition_id: FromPath[int]) -> Template:
    return await _pleno_page(request, competition_id)


@post(BASE + "/pleno", name="results_pleno_decide")
async def pleno_decide(request: AnyRequest, competition_id: FromPath[int]) -> Template | Redirect:
    await _competition(competition_id)
    form = await _form(request)
    group = form.get("group", "")
    size = len(group.split(",")) if group else 0
    order = [form.get(f"position-{i}", "") for i in range(1, size + 1)]
    try:
        problems = await decisions.record_pleno(
            competition_id, _actor(request), order, form.get("reason", ""), ip=client_address(request)
        )
    except Locked as exc:
        raise _locked() from exc
    if problems:
        return await _pleno_page(request, competition_id, status_code=422, errors={group: problems}, form=form)
    return redirect(f"/competitions/{competition_id}/pleno#decisions")


@post(BASE + "/pleno/{decision_id:int}/withdraw", name="results_pleno_withdraw")
async def pleno_withdraw(request: AnyRequest, competition_id: FromPath[int], decision_id: FromPath[int]) -> Redirect:
    await _competition(competition_id)
    try:
        found = await decisions.withdraw_pleno(competition_id, decision_id, _actor(request), ip=client_address(request))
    except Locked as exc:
        raise _locked() from exc
    if not found:
        raise NotFoundException()
    return redirect(f"/competitions/{competition_id}/pleno#decisions")


@post(BASE + "/advance", name="results_advance")
async def advance(request: AnyRequest, competition_id: FromPath[int]) -> Template | Redirect:
    await _competition(competition_id)
    try:
        outcome = await decisions.advance(competition_id, _actor(request), ip=client_address(request))
    except Locked as exc:
        raise _locked() from exc
    except Refused as exc:
        return await _pleno_page(request, competition_id, status_code=422, advance_error=str(exc))
    return redirect(f"/competitions/{competition_id}/pleno?advanced={outcome.created}#advance")


async def _finalise_page(
    request: AnyRequest, competition_id: int, status_code: int = 200, **extra: Any
) -> Template:
    comp = await _competition(competition_id)
    found, _current = await finality.checks(competition_id)
    context: dict[str, Any] = {"problems": [], "form": {}}
    context.update(extra)
    return render(
        request, "results/finalise.html", status_code=status_code, comp=comp, checks=found,
        all_ok=all(c.ok for c in found), current=await finality.current_snapshot(competition_id),
        history=await finality.snapshots(competition_id), **context,
    )


@get(BASE + "/finalise", name="results_finalise_page")
async def finalise_page(request: AnyRequest, competition_id: FromPath[int]) -> Template:
    return await _finalise_page(request, competition_id)


@post(BASE + "/finalise", name="results_finalise")
async def finalise(request: AnyRequest, competition_id: FromPath[int]) -> Template | Redirect:
    await _competition(competition_id)
    form = await _form(request)
    try:
        code, problems = await finality.finalise(
            competition_id, _actor(request), override=form.get("override") == "on",
            reason=form.get("reason", ""), ip=client_address(request),
        )
    except Locked as exc:
        raise _locked() from exc
    if problems:
        return await _finalise_page(request, competition_id, status_code=422, problems=problems, form=form)
    return redirect(f"/competitions/{competition_id}/finalise?code={code}")


@post(BASE + "/reopen", name="results_reopen")
async def reopen(request: AnyRequest, competition_id: FromPath[int]) -> Template | Redirect:
    await _competition(competition_id)
    form = await _form(request)
    problems = await finality.reopen(competition_id, _actor(request), form.get("reopen_reason", ""),
                                     ip=client_address(request))
    if problems:
        return await _finalise_page(request, competition_id, status_code=422, reopen_problems=problems, form=form)
    return redirect(f"/competitions/{competition_id}/finalise")


router = Router(
    path="/",
    guards=[committee_guard],
    route_handlers=[pleno_page, pleno_decide, pleno_withdraw, advance, finalise_page, finalise, reopen],
)
