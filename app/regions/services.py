"""Loading and looking up the official region codes."""

from __future__ import annotations

import csv
import gzip
import io
from collections.abc import Iterator
from pathlib import Path

from app.db import write_tx
from app.regions.tables import Region

DATA_FILE = Path(__file__).resolve().parent / "data" / "kode_wilayah_kepmendagri_2025.csv.gz"
BATCH = 1000


def level_of(code: str) -> str:
    parts = code.split(".")
    if len(parts) == 1:
        return "provinsi"
    if len(parts) == 2:
        return "kabupaten" if int(parts[1]) < 71 else "kota"
    if len(parts) == 3:
        return "kecamatan"
    return {"1": "kelurahan", "2": "desa", "3": "desa_adat"}.get(parts[3][0], "desa")


def parent_of(code: str) -> str:
    return code.rsplit(".", 1)[0] if "." in code else ""


def read_rows(path: Path = DATA_FILE, prefix: str = "") -> Iterator[tuple[str, str]]:
    with gzip.open(path, "rb") as raw:
        reader = csv.DictReader(io.TextIOWrapper(raw, encoding="utf-8"))
        for row in reader:
            code = row["kode"].strip()
            if prefix and not (code == prefix or code.startswith(prefix + ".") or prefix.startswith(code + ".")):
                continue
            yield code, row["nama"].strip()


async def load_regions(prefix: str = "") -> int:
    """Insert or refresh the regions (all, or those under ``prefix`` and their parents). Returns the count."""
    rows = list(read_rows(prefix=prefix))
    existing = {r["code"] for r in await Region.select(Region.code)}
    new = [r for r in rows if r[0] not in existing]
    async with write_tx():
        for start in range(0, len(new), BATCH):
            await Region.insert(
                *[
                    Region(code=code, name=name, level=level_of(code), parent_code=parent_of(code))
                    for code, name in new[start : start + BATCH]
                ]
            )
    return len(rows)


async def get(code: str) -> dict | None:
    return await Region.select().where(Region.code == code).first()


async def children(code: str) -> list[dict]:
    return await Region.select().where(Region.parent_code == code).order_by(Region.code)


def is_village(level: str) -> bool:
    return level in ("desa", "kelurahan", "desa_adat")
