"""Pages of the officials register (committee), the LMS export import, and manual certificate evidence.

Committee: ``/competitions/{cid}/entrants/{eid}/officials`` (list, add, edit, (de)activate, reveal NIK,
register import), ``/competitions/{cid}/officials`` (overview per village), ``/competitions/{cid}/lms-import``.
Judges (assigned to the village) and the committee: ``/sheets/{eid}/officials`` (upload evidence) and
``/officials/evidence/{check_id}`` (see an uploaded file). Handlers parse, call one service, render.
"""

from __future__ import annotations

from typing import Annotated, Any

from litestar import Request, Router, get, post
from litestar.datastructures import UploadFile
from litestar.enums import RequestEncodingType
from litestar.exceptions import NotFoundException, PermissionDeniedException
from litestar.params import Body, FromPath
from litestar.response import Redirect, Response, Template

from app.i18n import N_
from app.officials import repo, services
from app.officials.crypto import NikVault
from app.officials.forms import OFFICIAL_COLUMNS
from app.officials.tables import JABATAN
from app.web import (
    client_address,
    committee_guard,
    current_user,
    redirect,
    render,
    settings_of,
    user_guard,
)

Form = Annotated[dict[str, str], Body(media_type=RequestEncodingType.URL_ENCODED)]
AnyRequest = Request[Any, Any, Any]

FIELD_LABELS = {
    "nama": N_("Name"), "jabatan": N_("Position"), "no_sk": N_("SK number"), "tanggal_sk": N_("SK date"),
    "email": N_("E-mail"), "telepon": N_("Phone"), "lms_user_id": N_("LMS user id"), "aktif": N_("Active"),
    "nik": "NIK", "kode_kursus": N_("Course code"), "judul_kursus": N_("Course title"),
    "no_sertifikat": N_("Certificate number"), "tanggal": N_("Date"), "status": N_("Status"),
    "file": N_("File"), "attest": N_("Statement"), "": "",
}


def _actor(request: AnyRequest) -> Any:
    user = current_user(request)
    assert user is not None  # the guards let only logged-in users through
    return user


def _vault(request: AnyRequest) -> NikVault:
    return NikVault.from_settings(settings_of(request))


async def _entrant(competition_id: int, entrant_id: int) -> dict[str, Any]:
    entrant = await repo.entrant_in(competition_id, entrant_id)
    if entrant is None:
        raise NotFoundException()
    return entrant


async def _list_page(
    request: AnyRequest, competition_id: int, entrant_id: int, status_code: int = 200, **extra: Any
) -> Template:
    entrant = await _entrant(competition_id, entrant_id)
    officials = await repo.officials_of(entrant_id)
    share = await repo.lms_share(entrant_id)
    context: dict[str, Any] = {"form": {}, "errors": {}, "import_problems": [], "revealed": None}
    context.update(extra)
    return render(
        request, "officials/committee_list.html", status_code=status_code, entrant=entrant,
        competition_id=competition_id, officials=officials, share=share, jabatan=JABATAN,
        field_labels=FIELD_LABELS, columns=list(OFFICIAL_COLUMNS), **context,
    )


BASE = "/competitions/{competition_id:int}/entrants/{entrant_id:int}/officials"


@get(BASE, name="officials_list")
async def officials_list(request: AnyRequest, competition_id: FromPath[int], entrant_id: FromPath[int]) -> Template:
    return await _list_page(request, competition_id, entrant_id, imported=request.query_params.get("imported"))


@post(BASE, name="officials_add")
async def officials_add(
    request: AnyRequest, competition_id: FromPath[int], entrant_id: FromPath[int], data: Form
) -> Template | Redirect:
    await _entrant(competition_id, entrant_id)
    official_id, errors = await services.save_official(
        _vault(request), _actor(request), competition_id, entrant_id, data, ip=client_address(request)
    )
    if errors:
        return await _list_page(request, competition_id, entrant_id, status_code=422, form=data, errors=errors)
    return redirect(f"/competitions/{competition_id}/entrants/{entrant_id}/officials#official-{official_id}")


@get(BASE + "/{official_id:int}/edit", name="officials_edit")
async def officials_edit(
    request: AnyRequest, competition_id: FromPath[int], entrant_id: FromPath[int], official_id: FromPath[int]
) -> Template:
    entrant = await _entrant(competition_id, entrant_id)
    official = await repo.official(official_id)
    if official is None or official["entrant"] != entrant_id:
        raise NotFoundException()
    form = {
        "nama": official["name"], "jabatan": official["jabatan"], "no_sk": official["sk_number"],
        "tanggal_sk": official["sk_date"].isoformat() if official["sk_date"] else "", "email": official["email"],
        "telepon": official["phone"], "lms_user_id": official["lms_user_id"],
        "aktif": "ya" if official["active"] else "tidak",
    }
    return render(request, "officials/committee_edit.html", entrant=entrant, competition_id=competition_id,
                  official=official, form=form, errors={}, jabatan=JABATAN)


@post(BASE + "/{official_id:int}", name="officials_update")
async def officials_update(
    request: AnyRequest, competition_id: FromPath[int], entrant_id: FromPath[int], official_id: FromPath[int],
    data: Form,
) -> Template | Redirect:
    entrant = await _entrant(competition_id, entrant_id)
    official = await repo.official(official_id)
    if official is None or official["entrant"] != entrant_id:
        raise NotFoundException()
    _id, errors = await services.save_official(
        _vault(request), _actor(request), competition_id, entrant_id, data, official_id=official_id,
        ip=client_address(request),
    )
    if errors:
        return render(request, "officials/committee_edit.html", status_code=422, entrant=entrant,
                      competition_id=competition_id, official=official, form=data, errors=errors, jabatan=JABATAN)
    return redirect(f"/competitions/{competition_id}/entrants/{entrant_id}/officials#official-{official_id}")


@post(BASE + "/{official_id:int}/active", name="officials_active")
async def officials_active(
    request: AnyRequest, competition_id: FromPath[int], entrant_id: FromPath[int], official_id: FromPath[int],
    data: Form,
) -> Redirect:
    await _entrant(competition_id, entrant_id)
    if not await services.set_active(_actor(request), competition_id, entrant_id, official_id,
                                     data.get("active") == "1", client_address(request)):
        raise NotFoundException()
    return redirect(f"/competitions/{competition_id}/entrants/{entrant_id}/officials#official-{official_id}")


@post(BASE + "/{official_id:int}/nik", name="officials_reveal_nik")
async def officials_reveal_nik(
    request: AnyRequest, competition_id: FromPath[int], entrant_id: FromPath[int], official_id: FromPath[int]
) -> Template:
    await _entrant(competition_id, entrant_id)
    try:
        nik = await services.reveal_nik(_vault(request), _actor(request), competition_id, entrant_id, official_id,
                                        client_address(request))
    except services.Forbidden as exc:
        raise PermissionDeniedException() from exc
    if nik is None:
        raise NotFoundException()
    page = await _list_page(request, competition_id, entrant_id, revealed={"id": official_id, "nik": nik})
    page.headers["Cache-Control"] = "no-store"
    return page


async def _upload(request: AnyRequest) -> tuple[Any, str, bytes]:
    form = await request.form()
    upload = form.get("file")
    if isinstance(upload, UploadFile):
        return form, upload.filename or "", await upload.read()
    return form, "", b""


@post(BASE + "/import", name="officials_import")
async def officials_import(
    request: AnyRequest, competition_id: FromPath[int], entrant_id: FromPath[int]
) -> Template | Redirect:
    await _entrant(competition_id, entrant_id)
    _form, filename, content = await _upload(request)
    result = await services.import_officials(
        _vault(request), _actor(request), competition_id, entrant_id, filename, content, client_address(request)
    )
    if result.problems:
        return await _list_page(request, competition_id, entrant_id, status_code=422,
                                import_problems=result.problems)
    return redirect(f"/competitions/{competition_id}/entrants/{entrant_id}/officials?imported={result.created}")


@get("/competitions/{competition_id:int}/officials", name="officials_overview")
async def officials_overview(request: AnyRequest, competition_id: FromPath[int]) -> Template:
    from app.competitions.repo import competition

    comp = await competition(competition_id)
    if comp is None:
        raise NotFoundException()
    from app.lms.indicator import lms_indicator_values
    from app.lms.jobs import latest_job

    rows = await repo.overview(competition_id)
    return render(request, "officials/committee_overview.html", comp=comp, rows=rows,
                  lms_values=await lms_indicator_values(competition_id), lms_job=await latest_job(competition_id))


@get("/competitions/{competition_id:int}/lms-import", name="lms_import_form")
async def lms_import_form(request: AnyRequest, competition_id: FromPath[int]) -> Template:
    from app.competitions.repo import competition

    comp = await competition(competition_id)
    if comp is None:
        raise NotFoundException()
    return render(request, "officials/lms_import.html", comp=comp, result=None, field_labels=FIELD_LABELS)


@post("/competitions/{competition_id:int}/lms-import", name="lms_import")
async def lms_import(request: AnyRequest, competition_id: FromPath[int]) -> Template:
    from app.competitions.repo import competition

    comp = await competition(competition_id)
    if comp is None:
        raise NotFoundException()
    _form, filename, content = await _upload(request)
    result = await services.import_lms_export(_actor(request), competition_id, filename, content,
                                              client_address(request))
    return render(request, "officials/lms_import.html", status_code=422 if result.problems else 200, comp=comp,
                  result=result, field_labels=FIELD_LABELS)


committee_router = Router(
    path="/",
    guards=[committee_guard],
    route_handlers=[
        officials_list, officials_add, officials_edit, officials_update, officials_active, officials_reveal_nik,
        officials_import, officials_overview, lms_import_form, lms_import,
    ],
)


async def _evidence_page(
    request: AnyRequest, entrant_id: int, status_code: int = 200, **extra: Any
) -> Template:
    actor = _actor(request)
    entrant = await repo.entrant_by_id(entrant_id)
    if entrant is None:
        raise NotFoundException()
    if not await services.may_handle_evidence(actor, entrant_id):
        raise PermissionDeniedException()
    officials = await repo.officials_of(entrant_id, active_only=True)
    context: dict[str, Any] = {"errors": {}, "error_for": None, "saved": request.query_params.get("saved")}
    context.update(extra)
    return render(request, "officials/judge_evidence.html", status_code=status_code, entrant=entrant,
                  officials=officials, **context)


@get("/sheets/{entrant_id:int}/officials", name="officials_judge")
async def officials_judge(request: AnyRequest, entrant_id: FromPath[int]) -> Template:
    return await _evidence_page(request, entrant_id)


@post("/sheets/{entrant_id:int}/officials/{official_id:int}/evidence", name="officials_evidence")
async def officials_evidence(
    request: AnyRequest, entrant_id: FromPath[int], official_id: FromPath[int]
) -> Template | Redirect:
    form, filename, content = await _upload(request)
    try:
        check_id, errors = await services.add_manual_evidence(
            _actor(request), entrant_id, official_id, filename=filename, content=content,
            attested=form.get("attest") == "on", max_bytes=settings_of(request).upload_max_bytes,
            certificate_number=str(form.get("certificate_number") or ""),
            course_title=str(form.get("course_title") or ""), ip=client_address(request),
        )
    except services.Forbidden as exc:
        raise PermissionDeniedException() from exc
    if errors:
        return await _evidence_page(request, entrant_id, status_code=422, errors=errors, error_for=official_id)
    return redirect(f"/sheets/{entrant_id}/officials?saved={check_id}#official-{official_id}")


@get("/officials/evidence/{check_id:int}", name="officials_evidence_file")
async def officials_evidence_file(request: AnyRequest, check_id: FromPath[int]) -> Response[bytes]:
    try:
        found = await services.evidence_for(_actor(request), check_id)
    except services.Forbidden as exc:
        raise PermissionDeniedException() from exc
    if found is None:
        raise NotFoundException()
    safe_name = "".join(c for c in found["filename"] if c.isalnum() or c in "._-") or "sertifikat"
    return Response(
        found["data"], media_type=found["content_type"],
        headers={"Content-Disposition": f'inline; filename="{safe_name}"', "Cache-Control": "private, no-store"},
    )


judge_router = Router(
    path="/", guards=[user_guard], route_handlers=[officials_judge, officials_evidence, officials_evidence_file]
)
router = Router(path="/", route_handlers=[committee_router, judge_router])
