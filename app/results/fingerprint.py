# ruff: noqa: S608 - the SQL is built from constants only; the competition id is a bound parameter ({}).
"""A cheap, exact fingerprint of everything ``load_inputs`` reads, so a computed ranking can be reused
until one of its inputs changes.

Words:
- *fingerprint*: one row from one SQL statement: the competition's rules, criteria version and creation time,
  its stage rows, the number and highest id of the current criteria rows (they are replaced, never updated in
  place), the entrants, the counted (active) submissions with the start of their content hash (a submission's
  values never change; only its status does), the conflicts, the pleno decisions in force, the number and
  highest id of the assignments, the officials with their ``active`` flag and ``jabatan``, the number, highest
  id and verified count of their certificate checks (only ever added), and the users' names. Two equal
  fingerprints mean equal inputs; it is compared, never trusted across competitions.
"""

from __future__ import annotations

from app import db
from app.competitions.tables import Competition


def _agg(expr: str, source: str, sqlite: bool) -> str:
    """Every ``expr`` of ``source`` joined with commas in a stable order, as one text value."""
    if sqlite:
        return f"(SELECT group_concat(x, ',') FROM (SELECT {expr} AS x {source} ORDER BY 1))"
    return f"(SELECT string_agg({expr}, ',' ORDER BY {expr}) {source})"


def _text(column: str) -> str:
    return f"COALESCE(CAST({column} AS TEXT), '')"


def fingerprint_sql(sqlite: bool) -> str:
    cid = "{}"
    version = (
        f'(SELECT v.id FROM "criteria_version" v JOIN "competition" c ON c.id = v.competition '
        f"WHERE v.competition = {cid} AND v.number = c.criteria_version)"
    )
    parts = {
        "competition": f'(SELECT {_text("c.criteria_version")} || \'|\' || {_text("c.created_at")} || \'|\' '
                       f'|| {_text("c.rules")} FROM "competition" c WHERE c.id = {cid})',
        "stages": _agg(
            " || ':' || ".join(_text(f"s.{c}") for c in ("id", "code", "name", "weight", "top_n", "position")),
            f'FROM "stage" s WHERE s.competition = {cid}', sqlite,
        ),
        "criteria": f"""(SELECT {_text("count(*)")} || ':' || {_text("max(i.id)")} FROM "indicator" i
                         WHERE i.version = {version}) || '/' ||
                        (SELECT {_text("count(*)")} || ':' || {_text("max(d.id)")} FROM "domain" d
                         WHERE d.version = {version}) || '/' ||
                        (SELECT {_text("count(*)")} || ':' || {_text("max(a.id)")} FROM "aspect" a
                         JOIN "domain" d ON d.id = a.domain WHERE d.version = {version})""",
        "entrants": _agg(f"{_text('e.id')} || ':' || e.region", f'FROM "entrant" e WHERE e.competition = {cid}',
                         sqlite),
        "submissions": _agg(
            f"{_text('u.id')} || ':' || substr(u.content_hash, 1, 16)",
            f'FROM "submission" u JOIN "stage" s ON s.id = u.stage WHERE s.competition = {cid} '
            "AND u.status = 'active'",
            sqlite,
        ),
        "assignments": f"""(SELECT {_text("count(*)")} || ':' || {_text("max(a.id)")} FROM "assignment" a
                           JOIN "stage" s ON s.id = a.stage WHERE s.competition = {cid})""",
        "conflicts": _agg(
            " || ':' || ".join(_text(f"k.{c}") for c in ("id", "entrant", "judge")),
            f'FROM "conflict" k JOIN "entrant" e ON e.id = k.entrant WHERE e.competition = {cid}',
            sqlite,
        ),
        "pleno": _agg(
            f"{_text('p.id')} || ':' || {_text('p.entrant_order')}",
            f'FROM "pleno_decision" p WHERE p.competition = {cid} AND NOT p.withdrawn', sqlite,
        ),
        "officials": _agg(
            " || ':' || ".join(_text(f"o.{c}") for c in ("id", "entrant", "active", "jabatan")),
            f'FROM "official" o JOIN "entrant" e ON e.id = o.entrant WHERE e.competition = {cid}', sqlite,
        ),
        "checks": f"""(SELECT {_text("count(*)")} || ':' || {_text("max(h.id)")} || ':' ||
                      {_text("sum(CASE WHEN h.result = 'terverifikasi' THEN 1 ELSE 0 END)")}
                      FROM "certificate_check" h
                      JOIN "official" o ON o.id = h.official JOIN "entrant" e ON e.id = o.entrant
                      WHERE e.competition = {cid})""",
        "users": _agg(f"{_text('u.id')} || ':' || u.username || ':' || u.full_name", 'FROM "app_user" u', sqlite),
    }
    return "SELECT " + ", ".join(f"{sql} AS {name}" for name, sql in parts.items())


_SQL: dict[bool, str] = {}


async def fingerprint(competition_id: int) -> tuple[str, ...]:
    sqlite = db.is_sqlite()
    sql = _SQL.get(sqlite)
    if sql is None:
        sql = _SQL[sqlite] = fingerprint_sql(sqlite)
    count = sql.count("{}")
    rows = await Competition.raw(sql, *([competition_id] * count))
    row = rows[0] if rows else {}
    return tuple(str(v) for v in row.values())
