"""NIK shape check, encryption, keyed hash and masking (no database)."""

from __future__ import annotations

import base64

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.i18n import current_language
from app.officials.crypto import NikVault, mask, mask_nik, nik_problem, normalize_nik
from app.settings import Settings

KEY = Settings(secret_key="unit-secret-" + "s" * 40).fernet_key
OTHER_KEY = Settings(secret_key="other-secret-" + "o" * 40).fernet_key


@pytest.fixture(autouse=True)
def english() -> object:
    token = current_language.set("en")
    yield
    current_language.reset(token)


@pytest.mark.parametrize(
    "nik",
    [
        "5201011203850001",  # man born 12 March 1985, registered in 52.01.01
        "5201015203850002",  # woman: day 12 + 40
        "5201017112990003",  # woman born 31 December
        "5201012902000004",  # 29 February
        "5201 0112 0385 0001",  # spaces people type
        "9601011203850001",  # Papua Barat Daya
    ],
)
def test_plausible_niks_pass(nik: str) -> None:
    assert nik_problem(nik) is None


@pytest.mark.parametrize(
    ("nik", "words"),
    [
        ("520101120385000", "16 digits"),
        ("52010112038500011", "16 digits"),
        ("52010112038500A1", "16 digits"),
        ("", "16 digits"),
        ("0001011203850001", "province"),
        ("5200011203850001", "00"),
        ("5201001203850001", "00"),
        ("5201011213850001", "month"),
        ("5201011200850001", "month"),
        ("5201010003850001", "birth day"),
        ("5201013503850001", "birth day"),  # 32-40 is neither a man's nor a woman's day
        ("5201017203850001", "birth day"),  # 72 > 71
        ("5201013102850001", "birth day"),  # 31 February
        ("5201017102850001", "birth day"),  # woman, 31 February
        ("5201011203850000", "0000"),
    ],
)
def test_implausible_niks_say_why(nik: str, words: str) -> None:
    problem = nik_problem(nik)
    assert problem is not None
    assert words in problem


def test_message_is_indonesian_by_default() -> None:
    token = current_language.set("id")
    try:
        assert "terdiri atas tepat 16 digit" in (nik_problem("123") or "")
    finally:
        current_language.reset(token)


def test_mask_shows_first_and_last_four() -> None:
    assert mask_nik("5201011203850001") == "5201********0001"
    assert mask("5201", "0001") == "5201********0001"
    assert mask("", "") == ""
    assert len(mask_nik("5201011203850001")) == 16


def test_encrypt_round_trip_and_no_plain_digits() -> None:
    vault = NikVault(KEY)
    token = vault.encrypt("5201011203850001")
    assert "5201011203850001" not in token
    assert vault.decrypt(token) == "5201011203850001"
    assert vault.encrypt("5201011203850001") != token  # a fresh IV every time


def test_other_key_cannot_decrypt() -> None:
    token = NikVault(KEY).encrypt("5201011203850001")
    with pytest.raises(ValueError, match="cannot be decrypted"):
        NikVault(OTHER_KEY).decrypt(token)


def test_keyed_hash_matches_same_nik_only_under_same_key() -> None:
    vault = NikVault(KEY)
    assert vault.digest("5201011203850001") == vault.digest("5201 0112 0385 0001")
    assert vault.digest("5201011203850001") != vault.digest("5201011203850002")
    assert NikVault(OTHER_KEY).digest("5201011203850001") != vault.digest("5201011203850001")
    assert len(vault.digest("5201011203850001")) == 64


def test_hash_key_is_not_the_fernet_key() -> None:
    vault = NikVault(KEY)
    raw = base64.urlsafe_b64decode(KEY)
    assert vault._hash_key != raw
    assert vault._hash_key not in (raw[:16], raw[16:])


def test_protect_keeps_only_mask_parts_in_plain() -> None:
    protected = NikVault(KEY).protect("5201011203850001")
    assert protected.nik_prefix == "5201"
    assert protected.nik_last4 == "0001"
    assert "5201011203850001" not in "".join(protected.columns().values())
    assert NikVault(KEY).protect("").nik_encrypted == ""


@given(st.from_regex(r"\A[0-9]{16}\Z"))
def test_round_trip_any_sixteen_digits(nik: str) -> None:
    vault = NikVault(KEY)
    assert vault.decrypt(vault.encrypt(nik)) == nik
    assert mask_nik(nik) == nik[:4] + "********" + nik[-4:]
    assert normalize_nik(nik) == nik
