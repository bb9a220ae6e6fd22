"""Demo data that looks real: a kabupaten round for Kabupaten Lombok Barat (52.01), 2026, desa track.

Ten entrant desa (one per kecamatan, official names and codes), stages ADM / KLAR / PAP (40 / 45 / 15,
PAP for the top 3), the default criteria, a panel of five judges with NIP, jabatan and instansi (all
assigned to ADM and KLAR), and 10-15 officials per village with made-up names and jabatan.
Accounts: ``admin``, ``panitia``, ``juri1`` ... ``juri5``, all with the password ``demo-lombadesa``.
The made-up data comes from a seeded generator, so every demo is the same.
"""

from __future__ import annotations

import random
from typing import Any

from app.auth.services import create_user
from app.clock import now
from app.competitions import catalogue
from app.competitions.tables import Assignment, Competition, Entrant, PanelMember, Stage
from app.db import write_tx
from app.officials.tables import Official
from app.regions.tables import Region

DEMO_PASSWORD = "demo-lombadesa"  # noqa: S105 - the documented demo password
KABUPATEN = "52.01"

JUDGES = [
    # username, name, NIP, jabatan, instansi, panel role
    ("juri1", "Drs. H. Lalu Muhammad Ikhsan, M.Si.", "196804111993031009", "Kepala Bidang Pemerintahan Desa",
     "Dinas Pemberdayaan Masyarakat dan Desa", "ketua"),
    ("juri2", "Baiq Nurul Hidayati, S.E.", "197503222000032004", "Analis Keuangan Desa",
     "Badan Keuangan dan Aset Daerah", "anggota"),
    ("juri3", "Ir. I Made Sudarsana", "197011051998031006", "Kepala Bidang Pemerintahan",
     "Badan Perencanaan Pembangunan Daerah", "anggota"),
    ("juri4", "Hj. Siti Aminah, S.Sos.", "198002142006042011", "Kepala Seksi Kelembagaan",
     "Dinas Pemberdayaan Masyarakat dan Desa", "anggota"),
    ("juri5", "Ahmad Zulkarnain, S.Kom.", "198509302010011015", "Pranata Komputer Ahli Muda",
     "Dinas Komunikasi, Informatika dan Statistik", "anggota"),
]

FIRST_MALE = ["Lalu", "Muhammad", "Ahmad", "Hasanudin", "Sahnan", "Rusdi", "Zainal", "Suhaimi", "Amaq", "Junaidi",
              "Saparudin", "Mahsun", "Hairil", "Fathurrahman", "Supardi", "Abdul Hadi", "Syamsul", "Nasrullah"]
FIRST_FEMALE = ["Baiq", "Siti", "Nurhayati", "Rohani", "Sumiati", "Inaq", "Hartini", "Maryam", "Hidayah",
                "Yuliana", "Rabiatul", "Fitriani", "Muslihah", "Aisyah"]
LAST = ["Hakim", "Ramdani", "Hamdi", "Firdaus", "Saleh", "Mulyadi", "Azhari", "Wahyudi", "Kurniawan", "Safitri",
        "Hasanah", "Rahmawati", "Jayadi", "Sukri", "Munawir", "Rosidi", "Efendi", "Maulana"]
JABATAN_PLAN = [
    "sekretaris_desa", "kaur_tu_umum", "kaur_keuangan", "kaur_perencanaan", "kasi_pemerintahan",
    "kasi_kesejahteraan", "kasi_pelayanan",
]


def _person(rng: random.Random) -> str:
    first = rng.choice(FIRST_FEMALE) if rng.random() < 0.35 else rng.choice(FIRST_MALE)
    return f"{first} {rng.choice(LAST)}"


def demo_officials(village_code: str, village_name: str) -> list[dict[str, Any]]:
    """10-15 officials of one village, the same every time for the same village."""
    rng = random.Random(village_code)
    count = rng.randint(10, 15)
    jabatan = list(JABATAN_PLAN)
    dusun = count - len(jabatan) - 1
    jabatan += ["kepala_dusun"] * max(dusun, 1) + ["staf"]
    slug = village_name.lower().replace(" ", "")
    people = []
    used: set[str] = set()
    for index, jab in enumerate(jabatan[:count], start=1):
        name = _person(rng)
        while name in used:
            name = _person(rng)
        used.add(name)
        email = f"{name.lower().replace(' ', '.')}.{slug}@desa.id"
        people.append(
            {
                "name": name,
                "jabatan": jab,
                "sk_number": f"141/{index:02d}/{village_code[-4:]}/2024",
                "email": email,
                "phone": f"0819{rng.randint(10000000, 99999999)}",
            }
        )
    return people


async def seed_demo() -> dict[str, Any]:
    """Create the demo competition and accounts in an empty (migrated, regions loaded) database."""
    kab = await Region.select().where(Region.code == KABUPATEN).first()
    if kab is None:
        raise RuntimeError("regions are not loaded: run `lomba-desa load-regions` first")
    admin_id = await create_user("admin", DEMO_PASSWORD, "admin", "Administrator Sistem")
    panitia_id = await create_user(
        "panitia", DEMO_PASSWORD, "panitia", "Rina Marlina, S.IP.", nip="198707172011012003",
        jabatan="Kepala Seksi Pengembangan Desa", instansi="Dinas Pemberdayaan Masyarakat dan Desa",
    )
    judge_ids = {}
    for username, name, nip, jabatan, instansi, _role in JUDGES:
        judge_ids[username] = await create_user(
            username, DEMO_PASSWORD, "juri", name, nip=nip, jabatan=jabatan, instansi=instansi
        )
    preset = catalogue.load_preset()
    cat = preset["catalogue"]
    kecamatan = await Region.select().where(Region.parent_code == KABUPATEN).order_by(Region.code)
    villages = []
    for kec in kecamatan:
        desa = await Region.select().where(
            (Region.parent_code == kec["code"]) & (Region.level == "desa")
        ).order_by(Region.code).first()
        if desa:
            villages.append(desa)
    async with write_tx():
        comp_rows = await Competition.insert(
            Competition(
                name="Lomba Desa Tingkat Kabupaten Lombok Barat Tahun 2026",
                year=2026,
                level="kabupaten",
                organiser_region=KABUPATEN,
                track="desa",
                status="penilaian",
                place="Gerung",
                letterhead_government="PEMERINTAH KABUPATEN LOMBOK BARAT",
                letterhead_instansi="DINAS PEMBERDAYAAN MASYARAKAT DAN DESA",
                letterhead_address=(
                    "Jalan Soekarno-Hatta No. 1, Giri Menang, Gerung, Lombok Barat 83363\n"
                    "Telepon (0370) 681000 · Laman dpmd.lombokbaratkab.go.id · Pos-el dpmd@lombokbaratkab.go.id"
                ),
                paper="F4",
                rules=preset.get("rules") or {},
                criteria_version=1,
                created_at=now(),
            )
        ).returning(Competition.id)
        comp_id = int(comp_rows[0]["id"])
        await catalogue.create_stages(comp_id, cat)
        version_id = await catalogue.write_version(comp_id, cat, 1, actor_id=panitia_id, note="Preset default")
        stages = {s["code"]: s["id"] for s in await Stage.select().where(Stage.competition == comp_id)}
        entrant_ids = []
        for village in villages:
            rows = await Entrant.insert(
                Entrant(competition=comp_id, region=village["code"], created_at=now(),
                        eligibility={item["code"]: True for item in cat.get("eligibility", [])})
            ).returning(Entrant.id)
            entrant_ids.append(int(rows[0]["id"]))
            await Official.insert(
                *[
                    Official(entrant=rows[0]["id"], created_at=now(), active=True, **person)
                    for person in demo_officials(village["code"], village["name"])
                ]
            )
        for username, *_rest, role in JUDGES:
            for code in ("ADM", "KLAR", "PAP"):
                await PanelMember.insert(PanelMember(stage=stages[code], judge=judge_ids[username], role=role))
            for code in ("ADM", "KLAR"):
                await Assignment.insert(
                    *[
                        Assignment(stage=stages[code], entrant=e, judge=judge_ids[username], created_at=now())
                        for e in entrant_ids
                    ]
                )
    return {
        "competition_id": comp_id,
        "version_id": version_id,
        "admin_id": admin_id,
        "panitia_id": panitia_id,
        "judge_ids": judge_ids,
        "entrant_ids": entrant_ids,
    }
