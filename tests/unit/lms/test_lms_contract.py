from datetime import date

import pytest

from app.lms.contract import (
    NOT_FOUND,
    VERIFIED,
    Certificate,
    LmsIdentity,
    LookupOutcome,
    result_for,
)


def cert(status: str, number: str = "N1", issue_date: str | None = "2025-01-31") -> Certificate:
    return Certificate(number, "PD-101", "Perencanaan", "Budi", issue_date, status)


def test_identity_normalises_and_asks_by_email_first() -> None:
    identity = LmsIdentity(email="  Budi@Desa.ID ", phone="0812-3456-789")
    assert identity.email == "budi@desa.id"
    assert identity.phone == "628123456789"
    assert identity.query == ("email", "budi@desa.id")
    assert identity.key == "email:budi@desa.id"
    assert LmsIdentity(email="budi@desa.id") == LmsIdentity(email="BUDI@desa.id ")


@pytest.mark.parametrize(
    ("kwargs", "query"),
    [
        ({"phone": "+62 812 1111"}, ("phone", "628121111")),
        ({"user_id": " u-42 ", "email": "  "}, ("user_id", "u-42")),
        ({"phone": "0812", "user_id": "u-1"}, ("phone", "62812")),
    ],
)
def test_identity_query_order(kwargs: dict[str, str], query: tuple[str, str]) -> None:
    assert LmsIdentity(**kwargs).query == query


@pytest.mark.parametrize("kwargs", [{}, {"email": " "}, {"phone": "-", "user_id": ""}])
def test_identity_needs_one_field(kwargs: dict[str, str]) -> None:
    with pytest.raises(ValueError, match="needs an email"):
        LmsIdentity(**kwargs)


@pytest.mark.parametrize(
    ("statuses", "expected"),
    [
        (["valid"], VERIFIED),
        ([" Active "], VERIFIED),
        (["AKTIF"], VERIFIED),
        (["berlaku"], VERIFIED),
        (["expired", "valid"], VERIFIED),
        (["expired", "revoked"], NOT_FOUND),
        (["kedaluwarsa", ""], NOT_FOUND),
        ([], NOT_FOUND),
    ],
)
def test_result_for_counting_statuses(statuses: list[str], expected: str) -> None:
    assert result_for([cert(s) for s in statuses]) == expected


def test_result_for_custom_statuses() -> None:
    assert result_for([cert("issued")], frozenset({"issued"})) == VERIFIED
    assert result_for([cert("valid")], frozenset({"issued"})) == NOT_FOUND


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2025-01-31", date(2025, 1, 31)),
        ("2025-01-31T10:00:00Z", date(2025, 1, 31)),
        ("31/01/2025", None),
        (None, None),
    ],
)
def test_issued_on(text: str | None, expected: date | None) -> None:
    assert cert("valid", issue_date=text).issued_on == expected


def test_outcome_round_trips_through_a_dict() -> None:
    outcome = LookupOutcome(
        result=VERIFIED,
        certificates=(cert("valid"), cert("expired", "N2", None)),
        http_status=200,
        response_sha256="ab" * 32,
        error=None,
        attempts=2,
    )
    again = LookupOutcome.from_dict(outcome.to_dict())
    assert again == outcome
    assert again.definitive


def test_outcome_rejects_unknown_result() -> None:
    with pytest.raises(ValueError, match="unknown result"):
        LookupOutcome(result="verified")  # type: ignore[arg-type]
