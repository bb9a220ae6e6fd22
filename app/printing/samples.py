"""Realistic sample view-models: a kabupaten round of Lomba Desa in Lombok Barat.

Used by the tests, the benchmark and (until the database is wired) a preview of each document.
Names of people are invented; villages, kecamatan and the default catalogue are real. Values are
deterministic (seeded), so a test that reads them back can state what it expects.
"""

from __future__ import annotations

import datetime as dt
import random
from decimal import ROUND_HALF_UP, Decimal

from app.printing import models as vm

WITA = dt.timezone(dt.timedelta(hours=8), "WITA")
PUBLIC_URL = "https://lombadesa.lombokbaratkab.go.id"
HELD_ON = dt.date(2026, 11, 28)
GENERATED_AT = dt.datetime(2026, 11, 28, 15, 42, tzinfo=WITA)
LEVEL_TEXT = "Lomba Desa Tingkat Kabupaten Lombok Barat Tahun 2026"
SNAPSHOT_SHA256 = "9f2c4e81b7a35d06e4f1c2b8a9d07e63f5a1b2c3d4e5f60718293a4b5c6d7e8f"

# (village, kecamatan): real villages of Kabupaten Lombok Barat.
VILLAGES: tuple[tuple[str, str], ...] = (
    ("Kebon Ayu", "Gerung"),
    ("Banyumulek", "Kediri"),
    ("Sesaot", "Narmada"),
    ("Lingsar", "Lingsar"),
    ("Kekait", "Gunungsari"),
    ("Bagik Polak", "Labuapi"),
    ("Lembar Selatan", "Lembar"),
    ("Sekotong Tengah", "Sekotong"),
    ("Senteluk", "Batulayar"),
    ("Jagaraga", "Kuripan"),
    ("Dasan Geres", "Gerung"),
    ("Ombe Baru", "Kediri"),
    ("Suranadi", "Narmada"),
    ("Batu Kumbung", "Lingsar"),
    ("Mekarsari", "Gunungsari"),
    ("Perampuan", "Labuapi"),
    ("Jembatan Gantung", "Lembar"),
    ("Buwun Mas", "Sekotong"),
    ("Batulayar", "Batulayar"),
    ("Kuripan", "Kuripan"),
    ("Giri Tembesi", "Gerung"),
    ("Rumak", "Kediri"),
    ("Lembuak", "Narmada"),
    ("Gegerung", "Lingsar"),
)

STAGES = (
    vm.Column("ADM", "Penilaian Administrasi"),
    vm.Column("KLAR", "Klarifikasi Lapangan"),
    vm.Column("PAP", "Pemaparan Calon Juara"),
)
DOMAINS = (
    vm.Column("PEM", "Bidang Pemerintahan"),
    vm.Column("WIL", "Bidang Kewilayahan"),
    vm.Column("MAS", "Bidang Kemasyarakatan"),
)
AWARDS = ("Juara I", "Juara II", "Juara III", "Harapan I", "Harapan II", "Harapan III")

# The default catalogue (design/criteria_default.yaml): domain -> aspect -> (code, name, weight, stage).
CATALOGUE = (
    (
        "PEM",
        "Bidang Pemerintahan",
        (
            (
                "PEM.1",
                "Pemerintahan",
                (
                    (
                        "PEM.1.1",
                        "Kelengkapan dan ketepatan waktu penetapan Perdes APBDes, RKPDes, RPJMDes",
                        3,
                        "ADM",
                    ),
                    ("PEM.1.2", "Kelengkapan administrasi umum dan buku register desa", 2, "KLAR"),
                    ("PEM.1.3", "Pengisian profil desa (Prodeskel) dan EPDeskel tepat waktu", 2, "ADM"),
                    ("PEM.1.4", "Kelengkapan SOTK dan SK pengangkatan perangkat desa", 2, "ADM"),
                ),
            ),
            (
                "PEM.2",
                "Kinerja",
                (
                    ("PEM.2.1", "Realisasi dan pelaporan APBDes (LPPD/LKPPD) tepat waktu", 3, "ADM"),
                    (
                        "PEM.2.2",
                        "Kualitas pelayanan administrasi kepada masyarakat (SOP, jam layanan, waktu layanan)",
                        3,
                        "KLAR",
                    ),
                    ("PEM.2.3", "Fungsi BPD berjalan (musdes, pengawasan, notulen)", 2, "KLAR"),
                    ("PEM.2.4", "Persentase perangkat desa bersertifikat LMS Pamong Desa", 4, "ADM"),
                ),
            ),
            (
                "PEM.3",
                "Inisiatif dan kreativitas pemberdayaan berbasis TI / e-government",
                (
                    ("PEM.3.1", "Sistem informasi desa / website desa aktif dan mutakhir", 3, "KLAR"),
                    ("PEM.3.2", "Layanan publik digital (surat online, pengaduan)", 2, "KLAR"),
                    ("PEM.3.3", "Keterbukaan informasi APBDes (baliho/online)", 2, "KLAR"),
                ),
            ),
            (
                "PEM.4",
                "Pelestarian adat dan budaya",
                (("PEM.4.1", "Kegiatan/lembaga adat dan budaya aktif, didukung APBDes", 2, "KLAR"),),
            ),
        ),
    ),
    (
        "WIL",
        "Bidang Kewilayahan",
        (
            (
                "WIL.1",
                "Identitas",
                (
                    (
                        "WIL.1.1",
                        "Papan nama/kantor desa, gapura, peta wilayah dan data monografi tersedia",
                        2,
                        "KLAR",
                    ),
                ),
            ),
            (
                "WIL.2",
                "Batas",
                (
                    (
                        "WIL.2.1",
                        "Batas desa ditetapkan (Permendagri/Perbup penegasan batas) dan patok ada",
                        2,
                        "ADM",
                    ),
                ),
            ),
            (
                "WIL.3",
                "Inovasi",
                (
                    ("WIL.3.1", "Jumlah dan dampak inovasi desa (2 tahun terakhir)", 4, "KLAR"),
                    (
                        "WIL.3.2",
                        "Produk unggulan / potensi desa dikembangkan (BUMDes, wisata, UMKM)",
                        3,
                        "KLAR",
                    ),
                ),
            ),
            (
                "WIL.4",
                "Tanggap dan siaga bencana",
                (
                    (
                        "WIL.4.1",
                        "Desa tangguh bencana / relawan, jalur evakuasi, peta rawan bencana",
                        2,
                        "KLAR",
                    ),
                ),
            ),
            (
                "WIL.5",
                "Pengaturan investasi",
                (("WIL.5.1", "Perdes/kerja sama desa dan pihak ketiga, aset desa tercatat", 2, "ADM"),),
            ),
        ),
    ),
    (
        "MAS",
        "Bidang Kemasyarakatan",
        (
            (
                "MAS.1",
                "Partisipasi masyarakat",
                (
                    (
                        "MAS.1.1",
                        "Kehadiran dan keterwakilan (perempuan, kelompok rentan) dalam musdes",
                        2,
                        "ADM",
                    ),
                    ("MAS.1.2", "Swadaya/gotong royong masyarakat tercatat", 2, "KLAR"),
                ),
            ),
            (
                "MAS.2",
                "Lembaga kemasyarakatan",
                (
                    (
                        "MAS.2.1",
                        "LKD aktif (LPM, RT/RW, Karang Taruna, Posyandu) dengan SK dan kegiatan",
                        2,
                        "KLAR",
                    ),
                ),
            ),
            (
                "MAS.3",
                "Pemberdayaan kesejahteraan keluarga (PKK)",
                (("MAS.3.1", "TP PKK aktif, 10 program pokok, administrasi PKK", 2, "KLAR"),),
            ),
            (
                "MAS.4",
                "Keamanan dan ketertiban",
                (("MAS.4.1", "Linmas/siskamling aktif; penanganan konflik", 1, "KLAR"),),
            ),
            (
                "MAS.5",
                "Pendidikan",
                (("MAS.5.1", "PAUD/TBM/perpustakaan desa; angka putus sekolah menurun 2 tahun", 2, "ADM"),),
            ),
            (
                "MAS.6",
                "Kesehatan",
                (("MAS.6.1", "Posyandu aktif, penurunan stunting 2 tahun, sanitasi/ODF", 3, "KLAR"),),
            ),
            ("MAS.7", "Ekonomi", (("MAS.7.1", "BUMDes berjalan (unit usaha, PADes, laporan)", 3, "KLAR"),)),
            (
                "MAS.8",
                "Penanggulangan kemiskinan",
                (("MAS.8.1", "Data kemiskinan mutakhir; BLT/program tepat sasaran; tren 2 tahun", 2, "ADM"),),
            ),
            (
                "MAS.9",
                "Peningkatan kapasitas masyarakat",
                (("MAS.9.1", "Pelatihan masyarakat (kader, pemuda, perempuan) dibiayai APBDes", 2, "ADM"),),
            ),
        ),
    ),
)

LOGO_SVG = b"""<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 100 120">
<path d="M50 4 L94 18 L94 62 C94 92 70 108 50 116 C30 108 6 92 6 62 L6 18 Z"
 fill="none" stroke="#000" stroke-width="5"/>
<path d="M50 18 L80 28 L80 60 C80 82 64 94 50 100 C36 94 20 82 20 60 L20 28 Z" fill="#000"/>
<path d="M28 70 L42 48 L50 60 L60 42 L74 70 Z" fill="#fff"/>
<circle cx="50" cy="36" r="7" fill="#fff"/>
</svg>"""


def letterhead(with_logo: bool = True) -> vm.Letterhead:
    return vm.Letterhead(
        pemerintah="PEMERINTAH KABUPATEN LOMBOK BARAT",
        instansi="DINAS PEMBERDAYAAN MASYARAKAT DAN DESA",
        address_lines=(
            "Jalan Soekarno-Hatta Nomor 1, Giri Menang, Gerung, Lombok Barat, Nusa Tenggara Barat 83363",
            "Telepon (0370) 681234, Laman dpmd.lombokbaratkab.go.id, Pos-el dpmd@lombokbaratkab.go.id",
        ),
        logo=LOGO_SVG if with_logo else None,
        logo_mime="image/svg+xml",
    )


def team() -> tuple[vm.Signer, ...]:
    return (
        vm.Signer(
            "Drs. H. Lalu Ahmad Zaini, M.Si.",
            "196804111993031009",
            "Sekretaris Dinas PMD Kabupaten Lombok Barat",
            "ketua",
            "Pembina Tingkat I (IV/b)",
        ),
        vm.Signer(
            "Baiq Nurul Aini, S.STP., M.Si.",
            "198207152001122003",
            "Kepala Bidang Pemerintahan Desa, Dinas PMD",
            "anggota",
            "Pembina (IV/a)",
        ),
        vm.Signer(
            "I Made Sudarsana, S.E.",
            "197503221998031005",
            "Kepala Bidang Pemberdayaan Masyarakat, Dinas PMD",
            "anggota",
            "Pembina (IV/a)",
        ),
        vm.Signer(
            "Hj. Siti Rohmi Djalilah, S.Pd., M.Pd.",
            "197911052005012007",
            "Kepala Subbidang Pemerintahan, Bappeda",
            "anggota",
            "Penata Tingkat I (III/d)",
        ),
        vm.Signer("Dr. Muhammad Zulkifli, S.T., M.T.", None, "Akademisi, Universitas Mataram", "anggota"),
    )


def kepala_dinas() -> vm.Signer:
    return vm.Signer(
        "H. Lalu Ahmad Fauzi, S.Sos., M.M.",
        "197001121990031004",
        "Kepala Dinas PMD Kabupaten Lombok Barat",
        "mengetahui",
        "Pembina Utama Muda (IV/c)",
    )


def verification(code: str = "7KQ2-M9XD-4TPA") -> vm.Verification:
    return vm.Verification(code=code, url=f"{PUBLIC_URL}/verifikasi/{code}", sha256=SNAPSHOT_SHA256)


def meta(
    title: str,
    document_id: str,
    *,
    final: bool = True,
    paper: vm.Paper = "F4",
    subtitle: tuple[str, ...] = (),
    number: str = "",
    with_letterhead: bool = True,
    draft_mark: bool = True,
) -> vm.DocumentMeta:
    return vm.DocumentMeta(
        title=title,
        document_id=document_id,
        place="Gerung",
        date=HELD_ON,
        generated_at=GENERATED_AT,
        paper=paper,
        subtitle=subtitle,
        number=number,
        letterhead=letterhead() if with_letterhead else None,
        verification=verification() if final else None,
        draft_mark=draft_mark,
    )


def _q(value: Decimal) -> Decimal:
    return value.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def rank_labels(totals: list[Decimal]) -> list[str]:
    """Competition ranking "1, 2, 2=, 4" of totals already sorted from high to low."""
    labels = []
    for i, t in enumerate(totals):
        first = totals.index(t)
        tied = totals.count(t) > 1
        labels.append(f"{first + 1}{'=' if tied else ''}")
        del i
    return labels


def final_rows(n_villages: int = 24, seed: int = 2026) -> tuple[vm.BaRow, ...]:
    """Ranked rows with ADM/KLAR/PAP values (PAP only for the top three), one tie at 7=."""
    rng = random.Random(seed)
    raw = []
    for village, kec in (VILLAGES * (n_villages // len(VILLAGES) + 1))[:n_villages]:
        adm = _q(Decimal(rng.randint(6200, 9400)) / 100)
        klar = _q(Decimal(rng.randint(6000, 9500)) / 100)
        raw.append((village, kec, adm, klar))
    raw.sort(key=lambda r: -(r[2] * 40 + r[3] * 45))
    rows = []
    for i, (village, kec, adm, klar) in enumerate(raw):
        pap = _q(Decimal(90 - 4 * i)) if i < 3 else None
        total = _q((adm * 40 + klar * 45 + (pap or Decimal(0)) * 15) / 100)
        rows.append([village, kec, adm, klar, pap, total])
    rows.sort(key=lambda r: -r[5])
    if len(rows) > 7:
        rows[7][5] = rows[6][5]  # a real tie, as happens (two villages on the same total)
    labels = rank_labels([r[5] for r in rows])
    return tuple(
        vm.BaRow(
            village=r[0],
            kecamatan=r[1],
            values=(r[2], r[3], r[4]),
            total=r[5],
            rank_label=labels[i],
            award=AWARDS[i] if i < len(AWARDS) else "",
        )
        for i, r in enumerate(rows)
    )


def berita_acara(n_villages: int = 24, *, final: bool = True, paper: vm.Paper = "F4") -> vm.BeritaAcaraDoc:
    rows = final_rows(n_villages)
    tied = [r for r in rows if r.rank_label.endswith("=")]
    decisions = (
        vm.PlenoDecision(
            "Urutan juara",
            f"Desa {rows[0].village} ditetapkan sebagai Juara I, Desa {rows[1].village} sebagai Juara II dan "
            f"Desa {rows[2].village} sebagai Juara III.",
            "Nilai akhir tertinggi setelah penjumlahan nilai Penilaian Administrasi, Klarifikasi Lapangan "
            "dan Pemaparan Calon Juara sesuai bobot 40:45:15.",
        ),
        vm.PlenoDecision(
            f"Nilai sama pada peringkat {tied[0].rank_label}" if tied else "Nilai sama",
            " dan ".join(f"Desa {r.village}" for r in tied) + " tetap ditempatkan pada peringkat yang sama.",
            "Peringkat tersebut tidak menentukan penghargaan, sehingga tidak diperlukan urutan pemutus.",
        ),
    )
    return vm.BeritaAcaraDoc(
        meta=meta(
            "BERITA ACARA",
            "BA-2026-LOBAR-FINAL",
            final=final,
            paper=paper,
            subtitle=("PENETAPAN JUARA LOMBA DESA", "TINGKAT KABUPATEN LOMBOK BARAT TAHUN 2026"),
            number="400.10.2.1/573/PD.DPMD",
        ),
        kind="final",
        activity="Rapat Pleno Penetapan Juara",
        level_text=LEVEL_TEXT,
        venue="Aula Kantor Dinas Pemberdayaan Masyarakat dan Desa Kabupaten Lombok Barat",
        held_on=HELD_ON,
        team=team(),
        rows=rows,
        value_columns=STAGES,
        sk_reference="Keputusan Bupati Lombok Barat Nomor 188.45/412/DPMD/2026 tentang Pembentukan Tim "
        "Penilai Lomba Desa Tingkat Kabupaten Lombok Barat Tahun 2026",
        work_done="Tim Penilai telah menjumlahkan nilai Penilaian Administrasi, Klarifikasi Lapangan dan "
        "Pemaparan Calon Juara setiap desa menurut bobot yang ditetapkan, serta membahas dan "
        "menyepakati hasilnya dalam rapat pleno.",
        decisions=decisions,
        mengetahui=kepala_dinas(),
        mengetahui_title="Kepala Dinas Pemberdayaan Masyarakat dan Desa Kabupaten Lombok Barat",
    )


def groups(n_indicators: int = 28, seed: int = 1, scored: bool = True) -> tuple[vm.DomainGroup, ...]:
    """The default catalogue as sheet groups; more than its 28 indicators repeats items as "(lanjutan)"."""
    rng = random.Random(seed)
    flat = [(d, a, i) for d in CATALOGUE for a in d[2] for i in a[2]]
    picked = [(*flat[k % len(flat)], k // len(flat)) for k in range(n_indicators)]
    out = []
    for dcode, dname, _aspects in CATALOGUE:
        aspects = []
        for acode, aname, _inds in _aspects:
            lines = []
            for d, a, (icode, iname, weight, _stage), rep in picked:
                if d[0] != dcode or a[0] != acode:
                    continue
                value = Decimal(rng.choice((1, 2, 2, 3, 3, 3, 4, 4))) if scored else None
                lines.append(
                    vm.IndicatorLine(
                        code=icode + (f"-{rep + 1}" if rep else ""),
                        name=iname + (" (lanjutan)" if rep else ""),
                        max=4,
                        weight=Decimal(weight),
                        value=value,
                        note=rng.choice(
                            (
                                "",
                                "",
                                "Dokumen lengkap, ditandatangani",
                                "Perlu pemutakhiran data",
                                "Bukti foto kegiatan tersedia",
                            )
                        )
                        if scored
                        else "",
                    )
                )
            if lines:
                aspects.append(vm.AspectGroup(acode, aname, tuple(lines)))
        if aspects:
            out.append(vm.DomainGroup(dcode, dname, tuple(aspects)))
    return tuple(out)


def score_sheet(
    village_index: int = 0,
    judge_index: int = 1,
    *,
    final: bool = True,
    paper: vm.Paper = "F4",
    n_indicators: int = 28,
) -> vm.ScoreSheetDoc:
    village, kec = VILLAGES[village_index % len(VILLAGES)]
    judge = team()[judge_index % 5]
    return vm.ScoreSheetDoc(
        meta=meta(
            "LEMBAR PENILAIAN",
            f"LP-KLAR-{village_index + 1:02d}-{judge_index + 1}",
            final=final,
            paper=paper,
            subtitle=("LOMBA DESA TINGKAT KABUPATEN LOMBOK BARAT TAHUN 2026",),
        ),
        entrant=village,
        kecamatan=kec,
        stage_name="Klarifikasi Lapangan",
        judge=vm.Signer(judge.name, judge.nip, judge.jabatan, "penilai", judge.pangkat),
        judge_unit=judge.jabatan,
        groups=groups(n_indicators, seed=village_index * 10 + judge_index),
        version=2,
        submitted_at=dt.datetime(2026, 11, 20, 16, 5, tzinfo=WITA),
    )


def recap(n_villages: int = 24, *, final: bool = True, per_judge: bool = True) -> vm.RecapDoc:
    rng = random.Random(7)
    raw = []
    for village, kec in (VILLAGES * 2)[:n_villages]:
        doms = tuple(_q(Decimal(rng.randint(6000, 9600)) / 100) for _ in DOMAINS)
        judges = tuple(_q(Decimal(rng.randint(6000, 9600)) / 100) for _ in range(5)) if per_judge else ()
        stage = _q((doms[0] * 40 + doms[1] * 25 + doms[2] * 35) / 100)
        raw.append((village, kec, doms, judges, stage))
    raw.sort(key=lambda r: -r[4])
    labels = rank_labels([r[4] for r in raw])
    return vm.RecapDoc(
        meta=meta(
            "REKAPITULASI NILAI",
            "RN-KLAR-2026",
            final=final,
            subtitle=("TAHAP KLARIFIKASI LAPANGAN", "LOMBA DESA TINGKAT KABUPATEN LOMBOK BARAT TAHUN 2026"),
        ),
        stage_name="Klarifikasi Lapangan",
        domain_columns=DOMAINS,
        judge_columns=tuple(vm.Column(f"P{i + 1}", s.name) for i, s in enumerate(team()))
        if per_judge
        else (),
        rows=tuple(
            vm.RecapRow(r[0], r[1], r[2], r[4], labels[i], judge_values=r[3]) for i, r in enumerate(raw)
        ),
        signers=team()[:1],
        notes=("Nilai bidang adalah rata-rata nilai para penilai, skala 0-100.",),
    )


def decision_annex(n_villages: int = 24, *, final: bool = True) -> vm.DecisionAnnexDoc:
    rows = final_rows(n_villages)
    return vm.DecisionAnnexDoc(
        meta=meta(
            "DAFTAR JUARA LOMBA DESA",
            "LK-2026-LOBAR",
            final=final,
            with_letterhead=False,
            subtitle=("TINGKAT KABUPATEN LOMBOK BARAT TAHUN 2026",),
        ),
        lampiran_of="KEPUTUSAN BUPATI LOMBOK BARAT",
        sk_number="188.45/530/DPMD/2026",
        sk_date=dt.date(2026, 12, 3),
        about="PENETAPAN JUARA LOMBA DESA TINGKAT KABUPATEN LOMBOK BARAT TAHUN 2026",
        heading="DAFTAR JUARA LOMBA DESA TINGKAT KABUPATEN LOMBOK BARAT TAHUN 2026",
        rows=tuple(vm.AnnexRow(r.village, r.kecamatan, r.total, r.rank_label, r.award) for r in rows),
        signer=vm.Signer("LALU AHMAD ZAINI", None, "Bupati Lombok Barat", "penetap"),
        signer_title="BUPATI LOMBOK BARAT,",
    )


def lms_annex(n_villages: int = 3, *, final: bool = True) -> vm.LmsAnnexDoc:
    rng = random.Random(3)
    jabatan = (
        "Sekretaris Desa",
        "Kaur Keuangan",
        "Kaur Umum dan Perencanaan",
        "Kasi Pemerintahan",
        "Kasi Kesejahteraan",
        "Kasi Pelayanan",
        "Kepala Dusun Karang Bongkot",
        "Kepala Dusun Dasan Baru",
        "Kepala Dusun Montong",
        "Kepala Dusun Kebon Daye",
        "Kepala Dusun Lendang Re",
    )
    first = ("Lalu", "Baiq", "Muhammad", "Siti", "Ahmad", "Nurul", "I Wayan", "Ni Luh", "Hajar", "Rizal")
    last = ("Hidayat", "Sahnan", "Rahmawati", "Fathurrahman", "Sukardi", "Apriani", "Suparman", "Wahyuni")
    villages = []
    for village, kec in VILLAGES[:n_villages]:
        officials = []
        for j in jabatan:
            status = rng.choice(("verified", "verified", "verified", "not_found", "manual", "error"))
            officials.append(
                vm.LmsOfficial(
                    name=f"{rng.choice(first)} {rng.choice(last)}",
                    jabatan=j,
                    status=status,
                    source={"manual": "manual", "error": "http"}.get(
                        status, rng.choice(("http", "http", "import"))
                    ),
                    checked_at=dt.datetime(
                        2026, 11, rng.randint(10, 25), rng.randint(8, 16), rng.randint(0, 59), tzinfo=WITA
                    ),
                )
            )
        villages.append(vm.LmsVillage(village, kec, tuple(officials)))
    return vm.LmsAnnexDoc(
        meta=meta(
            "LAMPIRAN SERTIFIKAT LMS PAMONG DESA",
            "LMS-2026-LOBAR",
            final=final,
            subtitle=("LOMBA DESA TINGKAT KABUPATEN LOMBOK BARAT TAHUN 2026",),
        ),
        villages=tuple(villages),
        lampiran_label="LAMPIRAN II",
        signers=team()[:1],
    )


def blank_sheet(
    village_index: int = 0, *, paper: vm.Paper = "F4", n_indicators: int = 28
) -> vm.BlankSheetDoc:
    village, kec = VILLAGES[village_index % len(VILLAGES)]
    return vm.BlankSheetDoc(
        meta=meta(
            "LEMBAR PENILAIAN (ISIAN MANUAL)",
            f"LPK-KLAR-{village_index + 1:02d}",
            final=False,
            paper=paper,
            draft_mark=False,
            subtitle=("LOMBA DESA TINGKAT KABUPATEN LOMBOK BARAT TAHUN 2026",),
        ),
        entrant=village,
        kecamatan=kec,
        stage_name="Klarifikasi Lapangan",
        groups=groups(n_indicators, scored=False),
    )
