"""Display names of the app's codes (roles, statuses, levels...), marked for translation.

Templates get this module as ``labels`` and write ``{{ _(labels.ROLE[user.role]) }}``.
"""

from __future__ import annotations

from app.i18n import N_

ROLE = {"admin": N_("Administrator"), "panitia": N_("Committee"), "juri": N_("Judge")}
STATUS = {
    "draft": N_("Draft"),
    "penilaian": N_("Scoring open"),
    "pleno": N_("Plenary"),
    "final": N_("Final"),
}
LEVEL = {"kecamatan": N_("Kecamatan level"), "kabupaten": N_("Kabupaten level"), "provinsi": N_("Province level")}
TRACK = {"desa": N_("Desa track"), "kelurahan": N_("Kelurahan track")}
SHEET_STATE = {
    "belum_diisi": N_("Not filled in"),
    "draf": N_("Draft"),
    "terkirim": N_("Sent"),
    "terkunci": N_("Locked"),
    "dibuka": N_("Unlocked"),
    "menunggu": N_("Waiting for confirmation"),
}
PANEL_ROLE = {"ketua": N_("Chair"), "anggota": N_("Member")}
JABATAN = {
    "sekretaris_desa": N_("Village secretary"),
    "kaur_tu_umum": N_("Head of administration and general affairs"),
    "kaur_keuangan": N_("Head of finance"),
    "kaur_perencanaan": N_("Head of planning"),
    "kasi_pemerintahan": N_("Head of government section"),
    "kasi_kesejahteraan": N_("Head of welfare section"),
    "kasi_pelayanan": N_("Head of services section"),
    "kepala_dusun": N_("Hamlet head"),
    "staf": N_("Staff"),
}
CHECK_RESULT = {
    "terverifikasi": N_("Verified"),
    "tidak_ditemukan": N_("Not found"),
    "galat": N_("Error"),
    "tertunda": N_("Pending"),
}
CHECK_SOURCE = {"http": N_("LMS lookup"), "import": N_("LMS export import"), "manual": N_("Manual evidence")}
