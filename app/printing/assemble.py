"""Database rows → the printed documents' view-models (``app.printing.models``).

Words:
- *Standing*: the numbers a document prints, from ONE source. For a final competition (status
  ``final`` and a current snapshot) that is the snapshot's stored result and inputs, so the paper
  matches the published hash; otherwise the live ranking (``app.results.services.cached_ranking``: the
  same one the ranking pages show, recomputed whenever the inputs' fingerprint changes), made
  into the same canonical JSON form (``scoring.result_to_json(detail=True)``). Every value, rank and
  award is read from that result: nothing is added, averaged or rounded here.
- *Stage order*: a stage document lists the entrants that reached the stage by the engine's stage
  value, high to low; equal values share a rank ("2="), as on the results page. Awards and pleno
  decisions belong to the final ranking only.
- *Paper form*: what the committee types on the documents page and passes as query parameters:
  ``nomor`` (the serial of the official number, from the unit's register), ``tanggal`` (the date of
  the document, default today in the organiser's time zone), ``tempat`` (where the meeting was held)
  and ``sk`` (the decree that formed the tim penilai). Without ``nomor`` the number prints as
  ``400.10.2.1/........../PD.DPMD``: the serial is left blank to be written in by hand, because the
  agenda register is kept outside this app.
- *Final*: the document carries ``Verification`` (code, ``{PUBLIC_URL}/verifikasi/{code}``, hash); a
  draft carries none and prints "DRAF - BELUM FINAL".

Official wording (titles, formulas, jabatan names) is Indonesian here on purpose: it is the legal text
of the forms, not interface text.
"""

from __future__ import annotations

import datetime as dt
import json
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

import scoring
from app.auth.tables import User
from app.clock import now
from app.competitions import repo as competitions_repo
from app.competitions.tables import Competition, Entrant, Indicator, PanelMember, Stage
from app.judging.tables import Submission
from app.officials import repo as officials_repo
from app.printing import models as vm
from app.results import snapshot as snapshot_mod
from app.results.services import cached_ranking
from app.results.tables import Snapshot
from scoring import LMS_JUDGE, Ruleset, Score

BLANK_SERIAL = ".........."
BLANK_LINE = "...................................................."
ZONES = {
    # Province code prefix -> (UTC offset in hours, name). Everything else is WIB.
    **dict.fromkeys(("51", "52", "53", "63", "64", "65", "71", "72", "73", "74", "75", "76"), (8, "WITA")),
    **dict.fromkeys(("81", "82", "91", "92", "93", "94", "95", "96"), (9, "WIT")),
}
STAGE_WORK = {
    "ADM": "Tim Penilai telah memeriksa dan memverifikasi data-data administrasi serta dokumen pendukung "
    "penilaian setiap desa peserta.",
    "KLAR": "Tim Penilai telah melaksanakan klarifikasi lapangan ke setiap desa peserta untuk memastikan "
    "kebenaran data administrasi dan dokumen pendukung penilaian.",
    "PAP": "Tim Penilai telah mendengarkan dan menilai pemaparan kepala desa calon juara.",
}
FINAL_WORK = (
    "Tim Penilai telah merekapitulasi nilai seluruh tahapan penilaian setiap desa menurut bobot yang "
    "ditetapkan, serta membahas dan menyepakati hasilnya dalam rapat pleno."
)
JABATAN_DESA = {
    "sekretaris_desa": "Sekretaris Desa",
    "kaur_tu_umum": "Kaur Tata Usaha dan Umum",
    "kaur_keuangan": "Kaur Keuangan",
    "kaur_perencanaan": "Kaur Perencanaan",
    "kasi_pemerintahan": "Kasi Pemerintahan",
    "kasi_kesejahteraan": "Kasi Kesejahteraan",
    "kasi_pelayanan": "Kasi Pelayanan",
    "kepala_dusun": "Kepala Dusun",
    "staf": "Staf",
}
LMS_STATUS = {"terverifikasi": "verified", "tidak_ditemukan": "not_found", "galat": "error", "tertunda": "pending"}
HEAD_OF_REGION = {"kabupaten": "BUPATI", "provinsi": "GUBERNUR", "kecamatan": "CAMAT"}
_LOWER_WORDS = {"dan", "di", "ke", "dari", "yang", "untuk", "atau", "pada", "serta"}


class DocumentNotFound(LookupError):
    """The competition, stage, village, judge or sheet a document is about does not exist."""


@dataclass(frozen=True)
class PaperForm:
    """What the committee types for the paper (see the module's words)."""

    serial: str = ""
    date: dt.date | None = None
    venue: str = ""
    sk_reference: str = ""

    @classmethod
    def from_query(cls, query: Mapping[str, str]) -> PaperForm:
        raw_date = (query.get("tanggal") or "").strip()
        try:
            date = dt.date.fromisoformat(raw_date) if raw_date else None
        except ValueError:
            date = None
        return cls(
            serial=(query.get("nomor") or "").strip()[:40],
            date=date,
            venue=(query.get("tempat") or "").strip()[:300],
            sk_reference=(query.get("sk") or "").strip()[:600],
        )

    def query(self) -> dict[str, str]:
        out = {"nomor": self.serial, "tanggal": self.date.isoformat() if self.date else "",
               "tempat": self.venue, "sk": self.sk_reference}
        return {k: v for k, v in out.items() if v}


@dataclass(frozen=True)
class CompetitionInfo:
    id: int
    name: str
    level: str
    status: str
    place: str
    paper: vm.Paper
    letterhead: vm.Letterhead
    number_prefix: str
    number_unit: str
    region_code: str
    region_name: str
    criteria_version: int

    @property
    def zone(self) -> dt.timezone:
        hours, name = ZONES.get(self.region_code[:2], (7, "WIB"))
        return dt.timezone(dt.timedelta(hours=hours), name)

    def number(self, serial: str) -> str:
        return f"{self.number_prefix}/{serial or BLANK_SERIAL}/{self.number_unit}"


@dataclass(frozen=True)
class Standing:
    """The numbers of a competition as the documents print them (see the module's words)."""

    final: bool
    verification: vm.Verification | None
    ruleset: Ruleset
    entrants: dict[str, tuple[str, str]]  # code -> (village name, kecamatan)
    result: dict[str, Any]  # canonical result JSON (numbers as text), entrants in rank order
    pleno: tuple[dict[str, Any], ...]  # {"order": [codes], "reason": text}
    scores: tuple[Score, ...]
    judges: dict[str, str] = field(default_factory=dict)  # username -> full name

    def stage(self, code: str) -> scoring.Stage:
        for s in self.ruleset.stages:
            if s.code == code:
                return s
        raise DocumentNotFound(code)


# --- reading ------------------------------------------------------------------------------------


def _json(value: Any) -> Any:
    return json.loads(value) if isinstance(value, str | bytes) else value


def _d(text: Any) -> Decimal | None:
    return None if text is None or text == "" else Decimal(str(text))


def title_case(text: str) -> str:
    """"DINAS PEMBERDAYAAN MASYARAKAT DAN DESA" -> "Dinas Pemberdayaan Masyarakat dan Desa"."""
    words = text.split()
    return " ".join(
        w.lower() if i and w.lower() in _LOWER_WORDS else w[:1].upper() + w[1:].lower() for i, w in enumerate(words)
    )


def _region_short(name: str) -> str:
    for prefix in ("Kabupaten ", "Kota ", "Provinsi ", "Kecamatan "):
        if name.startswith(prefix):
            return name[len(prefix):]
    return name


async def competition_info(competition_id: int) -> CompetitionInfo:
    row = await Competition.select(
        Competition.all_columns(), Competition.organiser_region.name
    ).where(Competition.id == competition_id).first()
    if row is None:
        raise DocumentNotFound(competition_id)
    logo = row["letterhead_logo"]
    letterhead = vm.Letterhead(
        pemerintah=row["letterhead_government"] or f"PEMERINTAH {row['organiser_region.name'].upper()}",
        instansi=row["letterhead_instansi"],
        address_lines=tuple(line.strip() for line in (row["letterhead_address"] or "").splitlines() if line.strip()),
        logo=bytes(logo) if logo else None,
        logo_mime=row["letterhead_logo_type"] or "image/png",
    )
    return CompetitionInfo(
        id=row["id"], name=row["name"], level=row["level"], status=row["status"], place=row["place"] or "",
        paper="A4" if row["paper"] == "A4" else "F4", letterhead=letterhead,
        number_prefix=row["document_number_prefix"] or "", number_unit=row["document_unit_code"] or "",
        region_code=row["organiser_region"], region_name=row["organiser_region.name"] or "",
        criteria_version=row["criteria_version"],
    )


async def current_snapshot(competition_id: int) -> dict[str, Any] | None:
    """The current (not superseded) snapshot row with its payload, or None."""
    return await Snapshot.select(Snapshot.code, Snapshot.sha256, Snapshot.payload, Snapshot.created_at).where(
        (Snapshot.competition == competition_id) & Snapshot.superseded_at.is_null()
    ).order_by(Snapshot.id, ascending=False).first()


async def _judge_names() -> dict[str, str]:
    return {u["username"]: u["full_name"] for u in await User.select(User.username, User.full_name)}


async def standing(comp: CompetitionInfo, public_url: str, *, detail: bool = False) -> Standing:
    """The final snapshot's numbers when the competition is final, else the live ranking's (with the
    drill-down only when ``detail``: the recap's domain values need it, a BA does not)."""
    snap = await current_snapshot(comp.id) if comp.status == "final" else None
    if snap is not None:
        payload = json.loads(snap["payload"])
        inputs = payload["inputs"]
        return Standing(
            final=True,
            verification=vm.Verification(
                code=snap["code"], url=f"{public_url.rstrip('/')}/verifikasi/{snap['code']}", sha256=snap["sha256"]
            ),
            ruleset=snapshot_mod._ruleset(inputs["ruleset"]),
            entrants={e["code"]: (e["name"], e["kecamatan"]) for e in inputs["entrants"]},
            result=payload["result"],
            pleno=tuple(inputs["pleno"]),
            scores=tuple(Score(j, e, i, Decimal(v)) for j, e, i, v in inputs["scores"]),
            judges=await _judge_names(),
        )
    current = await cached_ranking(comp.id, detail=detail)
    inputs = current.inputs
    return Standing(
        final=False,
        verification=None,
        ruleset=inputs.ruleset,
        entrants={e.code: (e.name, e.kecamatan) for e in inputs.entrants},
        result=snapshot_mod.canonical(scoring.result_to_json(current.result, detail=detail)),
        pleno=tuple({"order": list(p.order), "reason": p.reason} for p in inputs.pleno),
        scores=inputs.scores,
        judges=dict(inputs.judges),
    )


async def team(competition_id: int, stage_code: str | None = None) -> tuple[vm.Signer, ...]:
    """The tim penilai, ketua first: the panel of ``stage_code``, or of every stage (a judge once, with
    the role of the latest stage they sit on)."""
    query = PanelMember.select(
        PanelMember.id, PanelMember.role, PanelMember.judge.id.as_alias("judge_id"),
        PanelMember.judge.full_name.as_alias("name"), PanelMember.judge.nip.as_alias("nip"),
        PanelMember.judge.jabatan.as_alias("jabatan"), PanelMember.judge.instansi.as_alias("instansi"),
    ).where(PanelMember.stage.competition.id == competition_id)
    if stage_code is not None:
        query = query.where(PanelMember.stage.code == stage_code)
    rows = await query.order_by(PanelMember.stage.position, ascending=False).order_by(PanelMember.id)
    seen: dict[int, dict[str, Any]] = {}
    for row in rows:
        seen.setdefault(row["judge_id"], row)
    members = sorted(seen.values(), key=lambda r: (r["role"] != "ketua", r["id"]))
    return tuple(_signer(m, "ketua" if m["role"] == "ketua" else "anggota") for m in members)


def _signer(row: Mapping[str, Any], role: vm.SignerRole) -> vm.Signer:
    jabatan = ", ".join(part for part in (row.get("jabatan") or "", row.get("instansi") or "") if part)
    return vm.Signer(name=row["name"], nip=row.get("nip") or None, jabatan=jabatan, role=role)


# --- shared pieces ------------------------------------------------------------------------------


def meta(
    comp: CompetitionInfo, form: PaperForm, *, title: str, document_id: str, subtitle: tuple[str, ...] = (),
    verification: vm.Verification | None = None, numbered: bool = False, letterhead: bool = True,
    draft_mark: bool = True,
) -> vm.DocumentMeta:
    generated = now().astimezone(comp.zone)
    return vm.DocumentMeta(
        title=title,
        document_id=document_id,
        place=comp.place or _region_short(comp.region_name),
        date=form.date or generated.date(),
        generated_at=generated,
        paper=comp.paper,
        subtitle=subtitle,
        number=comp.number(form.serial) if numbered else "",
        letterhead=comp.letterhead if letterhead else None,
        verification=verification,
        draft_mark=draft_mark,
    )


def rank_label(rank: int, tied: bool) -> str:
    return f"{rank}{'=' if tied else ''}"


def stage_order(st: Standing, stage_code: str) -> list[tuple[dict[str, Any], Decimal, str]]:
    """(entrant result, stage value, rank label) of the entrants that reached the stage, best first."""
    reached = [e for e in st.result["entrants"] if stage_code in e["stages"]]
    values = {e["entrant"]: Decimal(e["stages"][stage_code]) for e in reached}
    reached.sort(key=lambda e: (-values[e["entrant"]], st.entrants[e["entrant"]][0], e["entrant"]))
    counts = Counter(values.values())
    out = []
    for e in reached:
        value = values[e["entrant"]]
        rank = 1 + sum(1 for v in values.values() if v > value)
        out.append((e, value, rank_label(rank, counts[value] > 1)))
    return out


def _award(e: Mapping[str, Any]) -> str:
    if e.get("award"):
        return str(e["award"])
    return "menunggu pleno" if e.get("award_pending") else ""


def pleno_decisions(st: Standing) -> tuple[vm.PlenoDecision, ...]:
    ranks = {e["entrant"]: e["rank"] for e in st.result["entrants"]}
    out = []
    for p in st.pleno:
        names = [f"Desa {st.entrants[c][0]}" for c in p["order"] if c in st.entrants]
        placed = [f"Desa {st.entrants[c][0]} pada peringkat {ranks[c]}" for c in p["order"] if c in ranks]
        out.append(vm.PlenoDecision(
            subject="Urutan " + " dan ".join(names) + " yang memperoleh nilai sama",
            decision="ditetapkan " + ", ".join(placed) + ".",
            reason=p["reason"],
        ))
    return tuple(out)


def _level_upper(comp: CompetitionInfo) -> str:
    return comp.name.upper()


# --- Berita Acara -------------------------------------------------------------------------------


async def berita_acara(
    competition_id: int, stage_code: str | None, public_url: str, form: PaperForm = PaperForm()
) -> vm.BeritaAcaraDoc:
    """The BA of one stage (``stage_code``) or of the final result (``None``)."""
    comp = await competition_info(competition_id)
    st = await standing(comp, public_url)
    venue = form.venue or ", ".join(
        part for part in (f"Kantor {title_case(comp.letterhead.instansi)}" if comp.letterhead.instansi else "",
                          comp.place) if part
    ) or BLANK_LINE
    if stage_code is None:
        stage_columns = tuple(vm.Column(s.code, s.name or s.code) for s in st.ruleset.stages)
        rows = tuple(
            vm.BaRow(
                village=st.entrants[e["entrant"]][0], kecamatan=st.entrants[e["entrant"]][1],
                total=_d(e["total"]), rank_label=rank_label(e["rank"], e["tied"]), award=_award(e),
                values=tuple(_d(e["stages"].get(c.code)) for c in stage_columns),
            )
            for e in st.result["entrants"]
        )
        return vm.BeritaAcaraDoc(
            meta=meta(comp, form, title="BERITA ACARA", document_id=f"BA-{comp.id}-FINAL", numbered=True,
                      subtitle=("PENETAPAN JUARA", _level_upper(comp)), verification=st.verification),
            kind="final", activity="Rapat Pleno Penetapan Juara", level_text=comp.name, venue=venue,
            held_on=form.date or now().astimezone(comp.zone).date(), team=await team(comp.id), rows=rows,
            value_columns=stage_columns, sk_reference=form.sk_reference, work_done=FINAL_WORK,
            decisions=pleno_decisions(st),
        )
    stage = st.stage(stage_code)
    stage_name = stage.name or stage.code
    rows = tuple(
        vm.BaRow(village=st.entrants[e["entrant"]][0], kecamatan=st.entrants[e["entrant"]][1], total=value,
                 rank_label=label)
        for e, value, label in stage_order(st, stage_code)
    )
    return vm.BeritaAcaraDoc(
        meta=meta(comp, form, title="BERITA ACARA", document_id=f"BA-{comp.id}-{stage.code}", numbered=True,
                  subtitle=(stage_name.upper(), _level_upper(comp)), verification=st.verification),
        kind="stage", activity=stage_name, level_text=comp.name, venue=venue,
        held_on=form.date or now().astimezone(comp.zone).date(), team=await team(comp.id, stage.code) or await team(
            comp.id), rows=rows, total_label=f"Nilai {stage_name}", sk_reference=form.sk_reference,
        work_done=STAGE_WORK.get(stage.code, ""),
    )


# --- Rekapitulasi Nilai -------------------------------------------------------------------------


def judge_stage_values(st: Standing, stage_code: str, judges: Iterable[str]) -> dict[str, dict[str, Decimal]]:
    """judge -> entrant -> the stage value of that judge's own scores alone (plus LMS values), computed
    by the scoring engine with only those scores."""
    codes = list(st.entrants)
    out: dict[str, dict[str, Decimal]] = {}
    for judge in judges:
        mine = [s for s in st.scores if s.judge in (judge, LMS_JUDGE)]
        result = scoring.compute(st.ruleset, codes, mine, detail=False)
        out[judge] = {e.entrant: e.stages[stage_code] for e in result.entrants if stage_code in e.stages}
    return out


async def recap(
    competition_id: int, stage_code: str, public_url: str, form: PaperForm = PaperForm(), *, per_judge: bool = False
) -> vm.RecapDoc:
    comp = await competition_info(competition_id)
    st = await standing(comp, public_url, detail=True)
    stage = st.stage(stage_code)
    stage_domains = {i.domain for i in st.ruleset.indicators if i.stage == stage.code and i.domain}
    domains = tuple(vm.Column(d.code, d.name or d.code) for d in st.ruleset.domains if d.code in stage_domains)
    ordered = stage_order(st, stage.code)
    judges = sorted({s.judge for s in st.scores if s.judge != LMS_JUDGE
                     and st.ruleset.indicator(s.indicator).stage == stage.code}) if per_judge else []
    by_judge = judge_stage_values(st, stage.code, judges) if judges else {}

    def domain_values(e: Mapping[str, Any]) -> tuple[Decimal | None, ...]:
        detail = next((s for s in e.get("detail", []) if s["stage"] == stage.code), None)
        found = {d["domain"]: Decimal(d["value"]).scaleb(2) for d in (detail or {}).get("domains", [])}
        return tuple(found.get(c.code) for c in domains)

    rows = tuple(
        vm.RecapRow(
            entrant=st.entrants[e["entrant"]][0], kecamatan=st.entrants[e["entrant"]][1],
            domain_values=domain_values(e), stage_value=value, rank_label=label,
            judge_values=tuple(by_judge[j].get(e["entrant"]) for j in judges),
        )
        for e, value, label in ordered
    )
    stage_team = await team(comp.id, stage.code) or await team(comp.id)
    notes = [f"Nilai bidang dan nilai tahap berskala 0-100, dihitung mesin penilaian dari gabungan skor para "
             f"penilai ({AGGREGATION_WORDS.get(st.ruleset.rules.aggregation, st.ruleset.rules.aggregation)})."]
    if judges:
        notes.append("Kolom penilai: nilai tahap menurut skor penilai itu sendiri.")
    return vm.RecapDoc(
        meta=meta(comp, form, title="REKAPITULASI NILAI", document_id=f"RN-{comp.id}-{stage.code}",
                  subtitle=(f"TAHAP {(stage.name or stage.code).upper()}", _level_upper(comp)),
                  verification=st.verification),
        stage_name=stage.name or stage.code, domain_columns=domains, rows=rows,
        judge_columns=tuple(vm.Column(f"P{n}", st.judges.get(j, j)) for n, j in enumerate(judges, start=1)),
        signers=tuple(s for s in stage_team if s.role == "ketua")[:1] or stage_team[:1],
        notes=tuple(notes),
    )


AGGREGATION_WORDS = {"mean": "rata-rata", "median": "median", "trimmed_mean": "rata-rata terpangkas"}


# --- Lampiran Keputusan -------------------------------------------------------------------------


async def decision_annex(competition_id: int, public_url: str, form: PaperForm = PaperForm()) -> vm.DecisionAnnexDoc:
    comp = await competition_info(competition_id)
    st = await standing(comp, public_url)
    head = HEAD_OF_REGION.get(comp.level, "KEPALA DAERAH")
    region = _region_short(comp.region_name).upper()
    return vm.DecisionAnnexDoc(
        meta=meta(comp, form, title="DAFTAR PERINGKAT DAN JUARA", document_id=f"LK-{comp.id}", letterhead=False,
                  subtitle=(_level_upper(comp),), verification=st.verification),
        lampiran_of=f"KEPUTUSAN {head} {region}",
        about=f"PENETAPAN JUARA {_level_upper(comp)}",
        heading=f"DAFTAR PERINGKAT DAN JUARA {_level_upper(comp)}",
        rows=tuple(
            vm.AnnexRow(village=st.entrants[e["entrant"]][0], kecamatan=st.entrants[e["entrant"]][1],
                        total=_d(e["total"]), rank_label=rank_label(e["rank"], e["tied"]), award=_award(e))
            for e in st.result["entrants"]
        ),
        signer=vm.Signer(name="", role="penetap"),
        signer_title=f"{head} {region},",
    )


# --- Lampiran Sertifikat LMS --------------------------------------------------------------------


async def lms_annex(competition_id: int, public_url: str, form: PaperForm = PaperForm()) -> vm.LmsAnnexDoc:
    """Per village its active officials with the latest certificate check. No NIK: the rows read here carry
    only a masked NIK, and it is not copied into the view-model (which has no field for one)."""
    comp = await competition_info(competition_id)
    st = await standing(comp, public_url)
    villages = []
    for e in await competitions_repo.entrants(comp.id):
        officials = []
        for o in await officials_repo.officials_of(e["id"], active_only=True):
            check = o.get("check") or {}
            status = LMS_STATUS.get(o["status"], "unchecked")
            officials.append(vm.LmsOfficial(
                name=o["name"], jabatan=JABATAN_DESA.get(o["jabatan"], o["jabatan"]), status=status,  # type: ignore[arg-type]
                source=check.get("source") or "", checked_at=check.get("checked_at"),
            ))
        villages.append(vm.LmsVillage(e["name"], e["kecamatan"], tuple(officials)))
    villages.sort(key=lambda v: (v.kecamatan, v.village))
    return vm.LmsAnnexDoc(
        meta=meta(comp, form, title="DAFTAR SERTIFIKAT LMS PAMONG DESA", document_id=f"LMS-{comp.id}",
                  subtitle=(_level_upper(comp),), verification=st.verification),
        villages=tuple(villages),
        signers=tuple(s for s in await team(comp.id) if s.role == "ketua")[:1],
    )


# --- score sheets -------------------------------------------------------------------------------


@dataclass(frozen=True)
class SheetKey:
    entrant_id: int
    judge_id: int


async def _stage_row(competition_id: int, stage_code: str) -> dict[str, Any]:
    row = await Stage.select(Stage.id, Stage.code, Stage.name).where(
        (Stage.competition == competition_id) & (Stage.code == stage_code)
    ).first()
    if row is None:
        raise DocumentNotFound(stage_code)
    return row


async def stage_indicators(competition_id: int, stage_code: str) -> list[dict[str, Any]]:
    """The judge-scored indicators of a stage (current criteria version), catalogue order."""
    version_id = await competitions_repo.current_version_id(competition_id)
    return await Indicator.select(
        Indicator.code, Indicator.name, Indicator.max_value, Indicator.weight, Indicator.rubric,
        Indicator.aspect.code.as_alias("aspect_code"), Indicator.aspect.name.as_alias("aspect_name"),
        Indicator.aspect.domain.code.as_alias("domain_code"), Indicator.aspect.domain.name.as_alias("domain_name"),
    ).where(
        (Indicator.version == version_id) & (Indicator.stage_code == stage_code) & (Indicator.kind == "judge")
    ).order_by(Indicator.position).output(load_json=True)


def _rubric(raw: Any, max_value: Decimal) -> tuple[vm.RubricLevel, ...]:
    levels = {int(k): str(v) for k, v in (_json(raw) or {}).items()}
    if not levels:
        return tuple(vm.RubricLevel(n, "") for n in range(int(max_value) + 1))
    return tuple(vm.RubricLevel(k, levels[k]) for k in sorted(levels))


def groups(
    indicators: list[dict[str, Any]], values: Mapping[str, Any] | None = None, notes: Mapping[str, Any] | None = None
) -> tuple[vm.DomainGroup, ...]:
    """Indicators grouped by domain then aspect, in catalogue order, with a sheet's values and notes."""
    tree: list[tuple[str, str, list[tuple[str, str, list[vm.IndicatorLine]]]]] = []
    for ind in indicators:
        dcode, acode = ind["domain_code"] or "-", ind["aspect_code"] or "-"
        if not tree or tree[-1][0] != dcode:
            tree.append((dcode, ind["domain_name"] or dcode, []))
        aspects = tree[-1][2]
        if not aspects or aspects[-1][0] != acode:
            aspects.append((acode, ind["aspect_name"] or acode, []))
        raw = (values or {}).get(ind["code"])
        aspects[-1][2].append(vm.IndicatorLine(
            code=ind["code"], name=ind["name"], max=int(ind["max_value"]), weight=Decimal(ind["weight"]),
            value=_d(raw), note=str((notes or {}).get(ind["code"]) or ""),
            rubric=_rubric(ind["rubric"], Decimal(ind["max_value"])),
        ))
    return tuple(
        vm.DomainGroup(d, dname, tuple(vm.AspectGroup(a, aname, tuple(lines)) for a, aname, lines in aspects))
        for d, dname, aspects in tree
    )


def _legend(indicators: list[dict[str, Any]]) -> tuple[vm.RubricLevel, ...]:
    if not indicators:
        return vm.DEFAULT_RUBRIC
    counted = Counter(_rubric(i["rubric"], Decimal(i["max_value"])) for i in indicators)
    return counted.most_common(1)[0][0]


async def _entrants_by_id(competition_id: int) -> dict[int, dict[str, Any]]:
    return {e["id"]: e for e in await competitions_repo.entrants(competition_id)}


async def current_sheets(competition_id: int, stage_code: str) -> list[dict[str, Any]]:
    """The current (latest active) version of every submitted sheet of a stage."""
    rows = await Submission.select(
        Submission.entrant, Submission.judge, Submission.version, Submission.values, Submission.notes,
        Submission.remark, Submission.submitted_at, Submission.source,
    ).where(
        (Submission.stage.competition.id == competition_id) & (Submission.stage.code == stage_code)
        & (Submission.status == "active")
    ).order_by(Submission.version).output(load_json=True)
    latest: dict[tuple[int, int], dict[str, Any]] = {}
    for row in rows:
        latest[(row["entrant"], row["judge"])] = row
    return list(latest.values())


async def score_sheets(
    competition_id: int, stage_code: str, public_url: str, form: PaperForm = PaperForm(),
    only: SheetKey | None = None,
) -> list[vm.ScoreSheetDoc]:
    """Lembar Penilaian of every submitted sheet of a stage (or only one), ordered by village and judge."""
    comp = await competition_info(competition_id)
    stage = await _stage_row(competition_id, stage_code)
    snap = await current_snapshot(comp.id) if comp.status == "final" else None
    verification = None
    if snap is not None:
        verification = vm.Verification(
            code=snap["code"], url=f"{public_url.rstrip('/')}/verifikasi/{snap['code']}", sha256=snap["sha256"]
        )
    sheets = await current_sheets(competition_id, stage_code)
    if only is not None:
        sheets = [s for s in sheets if (s["entrant"], s["judge"]) == (only.entrant_id, only.judge_id)]
        if not sheets:
            raise DocumentNotFound(only)
    if not sheets:
        return []
    indicators = await stage_indicators(competition_id, stage_code)
    legend = _legend(indicators)
    entrants = await _entrants_by_id(competition_id)
    users = {
        u["id"]: u for u in await User.select(
            User.id, User.username, User.full_name.as_alias("name"), User.nip, User.jabatan, User.instansi
        ).where(User.id.is_in(list({s["judge"] for s in sheets})))
    }
    sheets.sort(key=lambda s: (entrants[s["entrant"]]["name"], users[s["judge"]]["username"]))
    base_subtitle = (_level_upper(comp),)
    docs = []
    for s in sheets:
        village, user = entrants[s["entrant"]], users[s["judge"]]
        judge = _signer(user, "penilai")
        docs.append(vm.ScoreSheetDoc(
            meta=meta(comp, form, title="LEMBAR PENILAIAN", subtitle=base_subtitle, verification=verification,
                      document_id=f"LP-{comp.id}-{stage_code}-{village['code']}-{user['username']}-v{s['version']}"),
            entrant=village["name"], kecamatan=village["kecamatan"], stage_name=stage["name"] or stage_code,
            judge=judge, judge_unit=judge.jabatan,
            groups=groups(indicators, _json(s["values"]) or {}, _json(s["notes"]) or {}),
            version=s["version"], submitted_at=s["submitted_at"].astimezone(comp.zone) if s["submitted_at"] else None,
            rubric_legend=legend,
        ))
    return docs


async def score_sheet(
    competition_id: int, stage_code: str, entrant_id: int, judge_id: int, public_url: str,
    form: PaperForm = PaperForm(),
) -> vm.ScoreSheetDoc:
    docs = await score_sheets(competition_id, stage_code, public_url, form, only=SheetKey(entrant_id, judge_id))
    return docs[0]


async def blank_sheets(
    competition_id: int, stage_code: str, form: PaperForm = PaperForm(), entrant_id: int | None = None
) -> list[vm.BlankSheetDoc]:
    """Lembar Penilaian Kosong of each village of the competition (or one) for a stage."""
    comp = await competition_info(competition_id)
    stage = await _stage_row(competition_id, stage_code)
    entrants = list((await _entrants_by_id(competition_id)).values())
    if entrant_id is not None:
        entrants = [e for e in entrants if e["id"] == entrant_id]
        if not entrants:
            raise DocumentNotFound(entrant_id)
    indicators = await stage_indicators(competition_id, stage_code)
    legend = _legend(indicators)
    sheet_groups = groups(indicators)
    entrants.sort(key=lambda e: e["name"])
    return [
        vm.BlankSheetDoc(
            meta=meta(comp, form, title="LEMBAR PENILAIAN (ISIAN MANUAL)", subtitle=(_level_upper(comp),),
                      document_id=f"LPK-{comp.id}-{stage_code}-{e['code']}", draft_mark=False),
            entrant=e["name"], kecamatan=e["kecamatan"], stage_name=stage["name"] or stage_code,
            groups=sheet_groups, rubric_legend=legend,
        )
        for e in entrants
    ]


async def entrant_in(competition_id: int, entrant_id: int) -> bool:
    return await Entrant.exists().where((Entrant.id == entrant_id) & (Entrant.competition == competition_id))
