"""Every printable document of a competition, with its URL: what the documents page and the
``GET /api/v1/competitions/{id}/documents`` list show.

Words: a *document link* is one PDF (``method`` GET) or one batch button (``method`` POST, a background
job). ``kind`` names the form: ``berita_acara`` (per stage), ``berita_acara_final``, ``recap``,
``decision_annex``, ``lms_annex``, ``blank_sheet`` (village × stage), ``score_sheet`` (one submitted
sheet), ``batch_score_sheets`` and ``batch_blank_sheets`` (every sheet of a stage in one PDF).
The paper form (``assemble.PaperForm``) is carried in each GET URL's query.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any
from urllib.parse import urlencode

from app.auth.tables import User
from app.competitions import repo as competitions_repo
from app.i18n import _
from app.printing.assemble import PaperForm, current_sheets

BASE = "/competitions/{id}/documents"


@dataclass(frozen=True)
class DocumentLink:
    kind: str
    title: str
    url: str
    method: str = "GET"
    stage: str | None = None
    entrant: int | None = None
    judge: int | None = None
    entrant_name: str = ""
    judge_name: str = ""

    def as_json(self) -> dict[str, Any]:
        return {k: v for k, v in asdict(self).items() if v not in (None, "")}


def _url(competition_id: int, name: str, form: PaperForm, **params: Any) -> str:
    query = {**{k: str(v) for k, v in params.items() if v is not None}, **form.query()}
    base = BASE.format(id=competition_id) + "/" + name
    return base + ("?" + urlencode(query) if query else "")


async def documents(competition_id: int, form: PaperForm = PaperForm()) -> list[DocumentLink]:
    """The documents in the order the page shows them: final ones, each stage's, then the sheets."""
    stages = await competitions_repo.stages(competition_id)
    entrants = await competitions_repo.entrants(competition_id)
    names = {e["id"]: e["name"] for e in entrants}
    out = [
        DocumentLink("berita_acara_final", _("Berita Acara of the final result"),
                     _url(competition_id, "berita-acara.pdf", form)),
        DocumentLink("decision_annex", _("Annex to the decree: ranking and awards"),
                     _url(competition_id, "lampiran-keputusan.pdf", form)),
        DocumentLink("lms_annex", _("Annex: LMS certificates of the village officials"),
                     _url(competition_id, "lampiran-lms.pdf", form)),
    ]
    for s in stages:
        code, name = s["code"], s["name"] or s["code"]
        out += [
            DocumentLink("berita_acara", _("Berita Acara: %(stage)s") % {"stage": name},
                         _url(competition_id, "berita-acara.pdf", form, stage=code), stage=code),
            DocumentLink("recap", _("Score recap: %(stage)s") % {"stage": name},
                         _url(competition_id, "rekapitulasi.pdf", form, stage=code), stage=code),
            DocumentLink("recap", _("Score recap per judge: %(stage)s") % {"stage": name},
                         _url(competition_id, "rekapitulasi.pdf", form, stage=code, per_judge=1), stage=code),
            DocumentLink("batch_score_sheets",
                         _("Every submitted score sheet of %(stage)s in one PDF") % {"stage": name},
                         BASE.format(id=competition_id) + f"/batch?stage={code}&kind=score", "POST", stage=code),
            DocumentLink("batch_blank_sheets", _("Every blank sheet of %(stage)s in one PDF") % {"stage": name},
                         BASE.format(id=competition_id) + f"/batch?stage={code}&kind=blank", "POST", stage=code),
        ]
    for s in stages:
        for e in entrants:
            out.append(DocumentLink(
                "blank_sheet",
                _("Blank score sheet: %(village)s, %(stage)s") % {"village": e["name"], "stage": s["code"]},
                _url(competition_id, "lembar-kosong.pdf", form, stage=s["code"], entrant=e["id"]),
                stage=s["code"], entrant=e["id"], entrant_name=e["name"],
            ))
    judges = {u["id"]: u["full_name"] for u in await User.select(User.id, User.full_name)}
    for s in stages:
        sheets = await current_sheets(competition_id, s["code"])
        sheets.sort(key=lambda r: (names.get(r["entrant"], ""), judges.get(r["judge"], "")))
        for sheet in sheets:
            village, judge = names.get(sheet["entrant"], ""), judges.get(sheet["judge"], "")
            out.append(DocumentLink(
                "score_sheet",
                _("Score sheet: %(village)s, %(stage)s, %(judge)s")
                % {"village": village, "stage": s["code"], "judge": judge},
                _url(competition_id, "lembar-penilaian.pdf", form, stage=s["code"], entrant=sheet["entrant"],
                     judge=sheet["judge"]),
                stage=s["code"], entrant=sheet["entrant"], judge=sheet["judge"], entrant_name=village, judge_name=judge,
            ))
    return out
