"""The judge's sheet as a plain HTML form, the receipt, the home list, and evidence files."""

from __future__ import annotations

import io
import re
from typing import Any

import httpx
from PIL import Image

from app.competitions.tables import Competition
from app.judging.tables import EvidenceFile, SheetDraft, Submission
from tests.conftest import csrf_from, login


def codes_in(html: str) -> list[str]:
    return list(dict.fromkeys(re.findall(r'name="v:([A-Z]+\.[0-9.]+)"', html)))


def form_fields(html: str) -> dict[str, str]:
    """The hidden fields of the sheet form itself (not of the page's other forms)."""
    form = html[html.index('id="sheet-form"'):]
    form = form[:form.index("</form>")]
    fields = dict(re.findall(r'<input type="hidden" name="(\w+)" value="([^"]*)"', form))
    assert fields["_csrf"] == csrf_from(html)
    return {k: fields[k] for k in ("_csrf", "client_uuid", "base_version", "device_time")}


async def open_sheet(client: httpx.AsyncClient, entrant: int) -> tuple[str, list[str], dict[str, str]]:
    page = await client.get(f"/sheets/{entrant}/KLAR")
    assert page.status_code == 200, page.text
    return page.text, codes_in(page.text), form_fields(page.text)


async def test_sheet_page_has_every_indicator_with_rubric_and_both_buttons(
    client: httpx.AsyncClient, demo: dict[str, Any]
) -> None:
    await login(client, "juri1")
    html, codes, _fields = await open_sheet(client, demo["entrant_ids"][0])
    assert len(codes) == 17
    assert "Simpan draf" in html
    assert ">Kirim<" in html
    assert "Sangat baik" in html  # rubric text per level
    assert "PEM.1.1" not in codes  # an ADM indicator
    assert 'enctype="multipart/form-data"' in html
    assert "<script src=\"/static/sheet.js\" defer>" in html
    assert "style=" not in html  # CSP: no inline styles


async def test_draft_then_submit_then_retries_never_make_a_second_version(
    client: httpx.AsyncClient, demo: dict[str, Any]
) -> None:
    await login(client, "juri1")
    entrant = demo["entrant_ids"][0]
    _html, codes, fields = await open_sheet(client, entrant)
    half = {f"v:{c}": "3" for c in codes[:5]}
    saved = await client.post(f"/sheets/{entrant}/KLAR", data={**fields, **half, "action": "draft"})
    assert saved.status_code == 303
    assert saved.headers["location"].endswith("?saved=1")
    assert await SheetDraft.count() == 1
    home = await client.get("/")
    assert "Draf" in home.text
    # The draft comes back with the same client_uuid and the chosen values.
    html, _codes, fields2 = await open_sheet(client, entrant)
    assert fields2["client_uuid"] == fields["client_uuid"]
    assert html.count("checked") == 5
    everything = {f"v:{c}": "4" for c in codes} | {f"n:{codes[0]}": "Buku register lengkap", "remark": "Baik"}
    sent = await client.post(f"/sheets/{entrant}/KLAR", data={**fields2, **everything, "action": "submit"})
    assert sent.status_code == 303
    assert sent.headers["location"] == f"/sheets/{entrant}/KLAR/receipt/1"
    assert await SheetDraft.count() == 0
    # A double tap or a reload of the POST sends the same uuid: the same version comes back.
    again = await client.post(f"/sheets/{entrant}/KLAR", data={**fields2, **everything, "action": "submit"})
    assert again.status_code == 303
    assert again.headers["location"] == f"/sheets/{entrant}/KLAR/receipt/1"
    # Back to the sheet: it is locked, so the receipt answers.
    back = await client.get(f"/sheets/{entrant}/KLAR")
    assert back.status_code == 303
    assert back.headers["location"] == f"/sheets/{entrant}/KLAR/receipt"
    receipt = await client.get(f"/sheets/{entrant}/KLAR/receipt")
    assert receipt.status_code == 200
    assert 'id="receipt-version">1' in receipt.text
    assert "Buku register lengkap" in receipt.text
    assert receipt.text.count('<strong class="score">4</strong>') == 17
    assert await Submission.count() == 1
    home = await client.get("/")
    assert "Terkirim · v1" in home.text


async def test_incomplete_submit_is_422_keeps_a_draft_and_stores_no_version(
    client: httpx.AsyncClient, demo: dict[str, Any]
) -> None:
    await login(client, "juri2")
    entrant = demo["entrant_ids"][1]
    _html, codes, fields = await open_sheet(client, entrant)
    data = {**fields, **{f"v:{c}": "2" for c in codes[1:]}, "action": "submit"}
    data[f"v:{codes[2]}"] = "9"
    response = await client.post(f"/sheets/{entrant}/KLAR", data=data)
    assert response.status_code == 422
    assert f'href="#ind-{codes[0]}"' in response.text
    assert f'href="#ind-{codes[2]}"' in response.text
    assert await Submission.count() == 0
    assert await SheetDraft.count() == 1


async def test_judges_see_others_scores_only_once_released(client: httpx.AsyncClient, demo: dict[str, Any]) -> None:
    entrant = demo["entrant_ids"][2]
    for username, value in (("juri3", "1"), ("juri4", "2")):
        client.cookies.clear()
        await login(client, username)
        _html, codes, fields = await open_sheet(client, entrant)
        sent = await client.post(f"/sheets/{entrant}/KLAR",
                                 data={**fields, **{f"v:{c}": value for c in codes}, "action": "submit"})
        assert sent.status_code == 303
    juri3 = "Ir. I Made Sudarsana"
    receipt = await client.get(f"/sheets/{entrant}/KLAR/receipt")
    assert juri3 not in receipt.text
    await Competition.update({Competition.scores_released: True}).where(Competition.id == demo["competition_id"])
    receipt = await client.get(f"/sheets/{entrant}/KLAR/receipt")
    assert juri3 in receipt.text


async def test_other_judges_sheet_and_committee_pages_are_refused(
    client: httpx.AsyncClient, demo: dict[str, Any]
) -> None:
    await login(client, "juri1")
    assert (await client.get(f"/sheets/{demo['entrant_ids'][0]}/PAP")).status_code == 403
    assert (await client.get(f"/committee/competitions/{demo['competition_id']}/sheets")).status_code == 403


async def test_closed_competition_shows_locked_on_the_home_page(
    client: httpx.AsyncClient, demo: dict[str, Any]
) -> None:
    await Competition.update({Competition.status: "final"}).where(Competition.id == demo["competition_id"])
    await login(client, "juri1")
    home = await client.get("/")
    assert "Terkunci" in home.text
    page = await client.get(f"/sheets/{demo['entrant_ids'][0]}/KLAR")
    assert "Kirim" not in page.text


def jpeg_with_exif() -> bytes:
    img = Image.new("RGB", (16, 16), "green")
    exif = Image.Exif()
    exif[0x8769] = {0x9003: "2026:11:28 09:10:00"}
    exif[0x8825] = {1: "S", 2: (8.0, 35.0, 24.0), 3: "E", 4: (116.0, 6.0, 0.0)}
    buf = io.BytesIO()
    img.save(buf, "JPEG", exif=exif)
    return buf.getvalue()


async def test_evidence_files_are_checked_and_keep_exif(client: httpx.AsyncClient, demo: dict[str, Any]) -> None:
    await login(client, "juri1")
    entrant = demo["entrant_ids"][3]
    _html, codes, fields = await open_sheet(client, entrant)
    files = [
        (f"e:{codes[0]}", ("foto.jpg", jpeg_with_exif(), "image/jpeg")),
        (f"e:{codes[1]}", ("laporan.pdf", b"%PDF-1.4\n%\xe2\xe3\n1 0 obj\n", "application/pdf")),
        (f"e:{codes[2]}", ("palsu.jpg", b"MZ\x90\x00 not a photo", "image/jpeg")),
    ]
    response = await client.post(f"/sheets/{entrant}/KLAR", data={**fields, "action": "draft"}, files=files)
    assert response.status_code == 422
    assert "palsu.jpg" in response.text
    rows = await EvidenceFile.select().order_by(EvidenceFile.id)
    assert [(r["indicator_code"], r["content_type"]) for r in rows] == [
        (codes[0], "image/jpeg"), (codes[1], "application/pdf")
    ]
    photo = rows[0]
    assert photo["exif_time"] == "2026:11:28 09:10:00"
    assert round(photo["gps_lat"], 4) == -8.59
    assert round(photo["gps_lon"], 4) == 116.1
    served = await client.get(f"/evidence/{photo['id']}")
    assert served.status_code == 200
    assert served.headers["content-type"] == "image/jpeg"
    client.cookies.clear()
    await login(client, "juri2")
    assert (await client.get(f"/evidence/{photo['id']}")).status_code == 403
