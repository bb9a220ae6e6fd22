"""Regions: the official Kemendagri codes of every province, kabupaten/kota, kecamatan and village.

Words: ``code`` is ``PP``, ``PP.KK``, ``PP.KK.SS`` or ``PP.KK.SS.NNNN``; the first digit of ``NNNN`` tells
a kelurahan (1), desa (2) or desa adat (3). ``parent_code`` is the code one level up.
Loaded by ``lomba-desa load-regions`` from the file shipped in ``app/regions/data/``.
"""

from __future__ import annotations

from piccolo.columns import Varchar
from piccolo.table import Table

LEVELS = ("provinsi", "kabupaten", "kota", "kecamatan", "kelurahan", "desa", "desa_adat")


class Region(Table, tablename="region"):
    code = Varchar(length=13, primary_key=True)
    name = Varchar(length=200, index=True)
    level = Varchar(length=16, index=True)
    parent_code = Varchar(length=13, index=True, default="")
