"""The committee's documents page, the PDF routes, batch jobs and the documents API.

    GET  /competitions/{id}/documents                          every document of the competition (page)
    GET  /competitions/{id}/documents/berita-acara.pdf[?stage=KLAR]   a stage's BA, or the final BA
    GET  /competitions/{id}/documents/rekapitulasi.pdf?stage=ADM[&per_judge=1]
    GET  /competitions/{id}/documents/lampiran-keputusan.pdf
    GET  /competitions/{id}/documents/lampiran-lms.pdf
    GET  /competitions/{id}/documents/lembar-kosong.pdf?stage=ADM&entrant=ID
    GET  /competitions/{id}/documents/lembar-penilaian.pdf?stage=ADM&entrant=ID&judge=ID
         (the committee, or the judge of that sheet when assigned to it)
    POST /competitions/{id}/documents/batch?stage=ADM&kind=score|blank   a ``pdf_batch`` job → /jobs/{id}
    GET  /api/v1/competitions/{id}/documents                   the list as JSON

Every GET PDF route also takes the paper form (``nomor``, ``tanggal``, ``tempat``, ``sk``; see
``assemble.PaperForm``). PDFs are rendered in a worker thread (``render_document_async``): the event loop
keeps answering other requests meanwhile.
"""

from __future__ import annotations

import threading
from typing import Any
from urllib.parse import quote

from litestar import Request, Router, get, post
from litestar.exceptions import NotFoundException, PermissionDeniedException
from litestar.params import FromPath, FromQuery
from litestar.response import Redirect, Response, Template

from app.competitions import repo as competitions_repo
from app.competitions.tables import Assignment
from app.printing import assemble, listing
from app.printing import models as vm
from app.printing.jobs import JOB_KIND, KINDS
from app.printing.render import WeasyPrintRenderer, render_document_async
from app.web import committee_guard, current_user, redirect, render, settings_of, user_guard

AnyRequest = Request[Any, Any, Any]
BASE = "/competitions/{competition_id:int}/documents"

_renderer: WeasyPrintRenderer | None = None
_renderer_lock = threading.Lock()


def renderer() -> WeasyPrintRenderer:
    """One renderer per process (it keeps the compiled templates and the font configuration)."""
    global _renderer
    with _renderer_lock:
        if _renderer is None:
            _renderer = WeasyPrintRenderer()
        return _renderer


def _form(request: AnyRequest) -> assemble.PaperForm:
    return assemble.PaperForm.from_query(dict(request.query_params.items()))


def _public_url(request: AnyRequest) -> str:
    return settings_of(request).public_url


async def _competition(competition_id: int) -> dict[str, Any]:
    comp = await competitions_repo.competition(competition_id)
    if comp is None:
        raise NotFoundException()
    return comp


async def _pdf(doc: vm.PrintableDoc, filename: str) -> Response[bytes]:
    data = await render_document_async(renderer(), doc)
    return Response(
        data, media_type="application/pdf",
        headers={"Content-Disposition": f'inline; filename="{filename}"', "Cache-Control": "no-store"},
    )


async def _stage_code(competition_id: int, stage: str | None) -> str:
    codes = {s["code"] for s in await competitions_repo.stages(competition_id)}
    if not stage or stage not in codes:
        raise NotFoundException()
    return stage


@get(BASE, name="documents_page", guards=[committee_guard])
async def documents_page(request: AnyRequest, competition_id: FromPath[int]) -> Template:
    comp = await _competition(competition_id)
    form = _form(request)
    docs = await listing.documents(competition_id, form)
    snap = await assemble.current_snapshot(competition_id) if comp["status"] == "final" else None
    return render(
        request, "printing/documents.html", comp=comp, form=form, snapshot=snap,
        main=[d for d in docs if d.kind in ("berita_acara_final", "decision_annex", "lms_annex")],
        stage_docs=[d for d in docs if d.kind in ("berita_acara", "recap", "batch_score_sheets", "batch_blank_sheets")],
        blank=[d for d in docs if d.kind == "blank_sheet"],
        sheets=[d for d in docs if d.kind == "score_sheet"],
        stages=await competitions_repo.stages(competition_id),
        number_example=f"{comp['document_number_prefix']}/{form.serial or assemble.BLANK_SERIAL}/"
        f"{comp['document_unit_code']}",
    )


@get(BASE + "/berita-acara.pdf", name="documents_berita_acara", guards=[committee_guard])
async def berita_acara_pdf(
    request: AnyRequest, competition_id: FromPath[int], stage: FromQuery[str | None] = None
) -> Response[bytes]:
    await _competition(competition_id)
    code = await _stage_code(competition_id, stage) if stage else None
    doc = await assemble.berita_acara(competition_id, code, _public_url(request), _form(request))
    return await _pdf(doc, f"berita-acara-{(code or 'final').lower()}.pdf")


@get(BASE + "/rekapitulasi.pdf", name="documents_recap", guards=[committee_guard])
async def recap_pdf(
    request: AnyRequest, competition_id: FromPath[int], stage: FromQuery[str | None] = None,
    per_judge: FromQuery[int] = 0,
) -> Response[bytes]:
    await _competition(competition_id)
    code = await _stage_code(competition_id, stage)
    doc = await assemble.recap(competition_id, code, _public_url(request), _form(request), per_judge=bool(per_judge))
    return await _pdf(doc, f"rekapitulasi-{code.lower()}.pdf")


@get(BASE + "/lampiran-keputusan.pdf", name="documents_decision_annex", guards=[committee_guard])
async def decision_annex_pdf(request: AnyRequest, competition_id: FromPath[int]) -> Response[bytes]:
    await _competition(competition_id)
    doc = await assemble.decision_annex(competition_id, _public_url(request), _form(request))
    return await _pdf(doc, "lampiran-keputusan.pdf")


@get(BASE + "/lampiran-lms.pdf", name="documents_lms_annex", guards=[committee_guard])
async def lms_annex_pdf(request: AnyRequest, competition_id: FromPath[int]) -> Response[bytes]:
    await _competition(competition_id)
    doc = await assemble.lms_annex(competition_id, _public_url(request), _form(request))
    return await _pdf(doc, "lampiran-sertifikat-lms.pdf")


@get(BASE + "/lembar-kosong.pdf", name="documents_blank_sheet", guards=[committee_guard])
async def blank_sheet_pdf(
    request: AnyRequest, competition_id: FromPath[int], stage: FromQuery[str | None] = None,
    entrant: FromQuery[int | None] = None,
) -> Response[bytes]:
    await _competition(competition_id)
    code = await _stage_code(competition_id, stage)
    if entrant is None:
        raise NotFoundException()
    try:
        docs = await assemble.blank_sheets(competition_id, code, _form(request), entrant)
    except assemble.DocumentNotFound as exc:
        raise NotFoundException() from exc
    return await _pdf(docs[0], f"lembar-kosong-{code.lower()}-{entrant}.pdf")


async def _may_print_sheet(request: AnyRequest, competition_id: int, stage: str, entrant: int, judge: int) -> None:
    """The committee prints every sheet; a judge only their own, on a village assigned to them."""
    user = current_user(request)
    assert user is not None  # user_guard
    if user.is_committee:
        return
    assigned = await Assignment.exists().where(
        (Assignment.judge == user.id) & (Assignment.entrant == entrant) & (Assignment.stage.code == stage)
        & (Assignment.stage.competition.id == competition_id)
    )
    if judge != user.id or not assigned:
        raise PermissionDeniedException()


@get(BASE + "/lembar-penilaian.pdf", name="documents_score_sheet", guards=[user_guard])
async def score_sheet_pdf(
    request: AnyRequest, competition_id: FromPath[int], stage: FromQuery[str | None] = None,
    entrant: FromQuery[int | None] = None, judge: FromQuery[int | None] = None,
) -> Response[bytes]:
    await _competition(competition_id)
    if not stage or entrant is None or judge is None:
        raise NotFoundException()
    await _may_print_sheet(request, competition_id, stage, entrant, judge)
    code = await _stage_code(competition_id, stage)
    try:
        doc = await assemble.score_sheet(competition_id, code, entrant, judge, _public_url(request), _form(request))
    except assemble.DocumentNotFound as exc:
        raise NotFoundException() from exc
    return await _pdf(doc, f"lembar-penilaian-{code.lower()}-{entrant}-{judge}.pdf")


@post(BASE + "/batch", name="documents_batch", guards=[committee_guard])
async def batch(
    request: AnyRequest, competition_id: FromPath[int], stage: FromQuery[str | None] = None,
    kind: FromQuery[str] = "score",
) -> Redirect:
    await _competition(competition_id)
    code = await _stage_code(competition_id, stage)
    if kind not in KINDS:
        raise NotFoundException()
    user = current_user(request)
    assert user is not None
    from app.jobs import runner

    job_id = await runner.enqueue(
        JOB_KIND,
        {"stage": code, "kind": kind, "public_url": _public_url(request), "form": _form(request).query()},
        competition_id=competition_id, created_by=user.id,
    )
    back = f"/competitions/{competition_id}/documents"
    return redirect(f"/jobs/{job_id}?back={quote(back, safe='/')}")


@get("/api/v1/competitions/{competition_id:int}/documents", name="api_documents", guards=[committee_guard])
async def documents_api(request: AnyRequest, competition_id: FromPath[int]) -> dict[str, Any]:
    await _competition(competition_id)
    docs = await listing.documents(competition_id, _form(request))
    return {"competition_id": competition_id, "documents": [d.as_json() for d in docs]}


router = Router(
    path="/",
    route_handlers=[documents_page, berita_acara_pdf, recap_pdf, decision_annex_pdf, lms_annex_pdf, blank_sheet_pdf,
                    score_sheet_pdf, batch, documents_api],
)
