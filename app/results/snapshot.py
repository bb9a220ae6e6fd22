"""Snapshots of a final result: canonical JSON, its SHA-256, the verification code, and the check.

Words:
- *payload*: what a snapshot freezes: ``format``, the competition (id, name, year, level, track,
  organiser region), ``created_at``, ``created_by`` (the committee member's name), ``override_reason``,
  the ``inputs`` (ruleset as ``scoring.ruleset_to_dict``, entrants with code, name and kecamatan, every
  counted score as ``[judge, entrant, indicator, value]`` sorted, abstentions, pleno decisions) and the
  ``result`` as ``scoring.result_to_json(..., detail=True)``. It holds no NIK and no personal data of
  village officials (they are not needed to recompute anything).
- *canonical form*: the payload as JSON with sorted keys, compact separators, UTF-8 (``ensure_ascii``
  off) and every number written as text, so the same payload always gives the same bytes.
- *hash*: SHA-256 over the canonical bytes of the payload without its ``sha256`` field.
- *verification code*: ``LD-XXXX-XXXX`` in Crockford's base32 (no I, L, O, U), derived from random bytes
  and the hash; the database keeps it unique.
- *verify*: recompute the hash, and recompute the result with ``scoring.compute`` from the inputs and
  compare it with the stored result. Anyone holding the downloaded file can do both.

The stored result is computed from the inputs exactly as they are written in the payload (ruleset and
scores read back from their canonical form), so a recomputation from the file gives the same bytes.
This module reads no database and no clock; ``app.results.finality`` does that.
"""

from __future__ import annotations

import hashlib
import json
import secrets
from collections.abc import Mapping, Sequence
from decimal import Decimal
from typing import Any

import scoring
from scoring import Abstention, PlenoDecision, Result, Ruleset, Score

FORMAT = "lomba-desa-snapshot/1"
CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"


def canonical(value: Any) -> Any:
    """``value`` with every number (int, float, Decimal) as text; booleans and None stay as they are."""
    if isinstance(value, Mapping):
        return {str(k): canonical(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [canonical(v) for v in value]
    if isinstance(value, bool) or value is None or isinstance(value, str):
        return value
    if isinstance(value, int | float | Decimal):
        return str(value)
    raise TypeError(f"cannot put {type(value).__name__} into a snapshot")


def canonical_bytes(value: Any) -> bytes:
    return json.dumps(
        canonical(value), sort_keys=True, separators=(",", ":"), ensure_ascii=False
    ).encode("utf-8")


def digest(payload: Mapping[str, Any]) -> str:
    """The SHA-256 (hex) of the canonical payload without its ``sha256`` field."""
    return hashlib.sha256(canonical_bytes({k: v for k, v in payload.items() if k != "sha256"})).hexdigest()


def make_code(sha256: str, random_bytes: bytes | None = None) -> str:
    """``LD-XXXX-XXXX``: 40 bits of SHA-256(random bytes + hash) in Crockford's base32."""
    seed = (random_bytes if random_bytes is not None else secrets.token_bytes(16)) + sha256.encode()
    number = int.from_bytes(hashlib.sha256(seed).digest()[:5], "big")
    chars = "".join(CROCKFORD[(number >> (5 * i)) & 31] for i in reversed(range(8)))
    return f"LD-{chars[:4]}-{chars[4:]}"


def inputs_data(
    ruleset: Ruleset,
    entrants: Sequence[Mapping[str, str]],
    scores: Sequence[Score],
    abstentions: Sequence[Abstention],
    pleno: Sequence[PlenoDecision],
) -> dict[str, Any]:
    """The ``inputs`` block in its canonical form."""
    return canonical({
        "ruleset": scoring.ruleset_to_dict(ruleset),
        "entrants": [{"code": e["code"], "name": e["name"], "kecamatan": e["kecamatan"]} for e in entrants],
        "scores": sorted([s.judge, s.entrant, s.indicator, str(s.value)] for s in scores),
        "abstentions": sorted(
            [a.judge, a.entrant, a.indicator, a.reason] for a in abstentions
        ),
        "pleno": [{"order": list(d.order), "reason": d.reason} for d in pleno],
    })


def _ruleset(data: Mapping[str, Any]) -> Ruleset:
    """The ruleset back from its canonical form (whole numbers that the format wants as numbers)."""
    catalogue = dict(data["catalogue"])
    catalogue["stages"] = [
        {**s, "only_top_n": int(s["only_top_n"])} if "only_top_n" in s else s for s in catalogue["stages"]
    ]

    def indicator(ind: Mapping[str, Any]) -> dict[str, Any]:
        return {**ind, "rubric": {int(k): v for k, v in ind["rubric"].items()}} if "rubric" in ind else dict(ind)

    catalogue["domains"] = [
        {
            **d,
            "aspects": [{**a, "indicators": [indicator(i) for i in a.get("indicators", [])]}
                        for a in d.get("aspects", [])],
            "indicators": [indicator(i) for i in d.get("indicators", [])],
        }
        for d in catalogue["domains"]
    ]
    if "presentation" in catalogue:
        catalogue["presentation"] = [indicator(i) for i in catalogue["presentation"]]
    return scoring.parse_ruleset({"catalogue": catalogue, "rules": data.get("rules")})


def compute(inputs: Mapping[str, Any]) -> Result:
    """The result of a payload's ``inputs``, by the scoring engine."""
    return scoring.compute(
        _ruleset(inputs["ruleset"]),
        [e["code"] for e in inputs["entrants"]],
        [Score(j, e, i, Decimal(v)) for j, e, i, v in inputs["scores"]],
        pleno=[PlenoDecision(tuple(p["order"]), p["reason"]) for p in inputs["pleno"]],
        abstentions=[Abstention(j, e, i, r) for j, e, i, r in inputs["abstentions"]],
        detail=True,
    )


def build(
    *,
    competition: Mapping[str, Any],
    inputs: Mapping[str, Any],
    created_at: str,
    created_by: str,
    override_reason: str = "",
) -> dict[str, Any]:
    """The full payload (canonical, with ``sha256``) for ``inputs`` made by ``inputs_data``."""
    payload = canonical({
        "format": FORMAT,
        "competition": competition,
        "created_at": created_at,
        "created_by": created_by,
        "override_reason": override_reason,
        "inputs": inputs,
        "result": scoring.result_to_json(compute(inputs), detail=True),
    })
    payload["sha256"] = digest(payload)
    return payload


def _differences(stored: Mapping[str, Any], recomputed: Mapping[str, Any]) -> list[str]:
    """Where a stored result differs from the recomputed one, in words (at most a few lines)."""
    lines: list[str] = []
    old = {e.get("entrant"): e for e in stored.get("entrants", []) if isinstance(e, Mapping)}
    for new in recomputed["entrants"]:
        was = old.get(new["entrant"])
        if was is None:
            lines.append(f"desa {new['entrant']} tidak ada di hasil tersimpan")
            continue
        for key in ("rank", "total", "award", "stages"):
            if was.get(key) != new[key]:
                lines.append(
                    f"desa {new['entrant']}: {key} tersimpan {was.get(key)!r}, dihitung ulang {new[key]!r}"
                )
    if not lines:
        lines.append("rincian hasil tersimpan berbeda dari hasil yang dihitung ulang")
    return lines[:10]


def verify(payload_bytes: bytes) -> tuple[bool, list[str]]:
    """Check a snapshot file: its hash, and its result recomputed from its inputs.

    Returns ``(ok, messages)``; messages are Indonesian, one per finding."""
    try:
        payload = json.loads(payload_bytes.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        return False, [f"berkas bukan JSON yang sah: {exc}"]
    if not isinstance(payload, dict) or payload.get("format") != FORMAT:
        return False, [f"berkas bukan snapshot {FORMAT}"]
    messages: list[str] = []
    stored_hash = payload.get("sha256")
    actual = digest(payload)
    hash_ok = stored_hash == actual
    if hash_ok:
        messages.append(f"hash {actual} cocok")
    else:
        messages.append(f"hash TIDAK cocok: tercatat {stored_hash}, dihitung {actual}")
    try:
        recomputed = canonical(scoring.result_to_json(compute(payload["inputs"]), detail=True))
    except (KeyError, TypeError, ValueError, ArithmeticError) as exc:
        return False, [*messages, f"hasil tidak dapat dihitung ulang dari masukan: {exc}"]
    result_ok = recomputed == payload.get("result")
    if result_ok:
        messages.append("hasil dihitung ulang sama")
    else:
        messages.append("hasil dihitung ulang BERBEDA dari hasil tersimpan:")
        messages.extend("  " + line for line in _differences(payload.get("result") or {}, recomputed))
    return hash_ok and result_ok, messages
