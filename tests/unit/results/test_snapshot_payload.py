"""Snapshot payloads without a database: canonical bytes, the hash, the code, and the check."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from app.results import snapshot
from scoring import PlenoDecision
from scoring.files import read_ruleset, read_scores

DATA = Path(__file__).resolve().parents[1] / "scoring" / "data"


def _payload() -> dict:
    ruleset, _, problems = read_ruleset(DATA / "worked_ruleset.yaml")
    assert ruleset is not None
    assert not problems
    sheet, problems = read_scores(DATA / "worked_scores.csv", ruleset)
    assert not problems
    entrants = [{"code": e, "name": f"Desa {e}", "kecamatan": "Gerung"} for e in sheet.entrants]
    inputs = snapshot.inputs_data(ruleset, entrants, sheet.scores, sheet.abstentions,
                                  [PlenoDecision(("Mekarsari", "Sukamaju"), "tidak dipakai")])
    return snapshot.build(
        competition={"id": 1, "name": "Lomba Desa Contoh", "year": 2026},
        inputs=inputs, created_at="2026-11-30T10:00:00+00:00", created_by="Rina",
    )


def test_canonical_writes_every_number_as_text_and_sorts_keys() -> None:
    assert snapshot.canonical_bytes({"b": 1, "a": [True, None, 2.5], "c": "Ñ"}) == (
        '{"a":[true,null,"2.5"],"b":"1","c":"Ñ"}'.encode()
    )


def test_payload_verifies_and_holds_the_worked_example() -> None:
    payload = _payload()
    ranks = [(e["entrant"], e["rank"], e["total"]) for e in payload["result"]["entrants"]]
    assert ranks[:2] == [("Sukamaju", "1", "83.00"), ("Mekarsari", "2", "83.00")]
    assert payload["result"]["unused_pleno"] == [{"order": ["Mekarsari", "Sukamaju"], "reason": "tidak dipakai"}]
    ok, messages = snapshot.verify(json.dumps(payload).encode())
    assert ok, messages
    assert messages == [f"hash {payload['sha256']} cocok", "hasil dihitung ulang sama"]


def test_a_changed_score_fails_even_with_a_fresh_hash() -> None:
    payload = _payload()
    payload["inputs"]["scores"][0][3] = "0"
    payload["sha256"] = snapshot.digest(payload)
    ok, messages = snapshot.verify(json.dumps(payload).encode())
    assert not ok
    assert messages[0].endswith("cocok")
    assert "BERBEDA" in messages[1]


def test_a_changed_total_fails_the_hash_and_the_result() -> None:
    payload = _payload()
    payload["result"]["entrants"][0]["total"] = "99.00"
    ok, messages = snapshot.verify(json.dumps(payload).encode())
    assert not ok
    assert "TIDAK cocok" in messages[0]
    assert any("total tersimpan '99.00'" in m for m in messages)


@pytest.mark.parametrize("raw", [b"not json", b'{"format": "other"}', "\xff".encode("latin-1")])
def test_not_a_snapshot(raw: bytes) -> None:
    ok, messages = snapshot.verify(raw)
    assert not ok
    assert len(messages) == 1


def test_code_shape() -> None:
    code = snapshot.make_code("ab" * 32, b"\x00" * 16)
    assert code == snapshot.make_code("ab" * 32, b"\x00" * 16)
    assert code != snapshot.make_code("ab" * 32, b"\x01" * 16)
    assert len(code) == 12
    assert code.startswith("LD-")
    assert code[7] == "-"
    assert set(code[3:7] + code[8:]) <= set(snapshot.CROCKFORD)
