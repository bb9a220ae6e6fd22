import pytest

from app.lms.config import LmsSettings
from app.lms.mapping import ShapeError, dig, extract_certificates
from app.lms.sim_data import NESTED_FIELD_MAP, nested_shape

STANDARD = LmsSettings().field_map
RECORD = {
    "number": "LMSPD/1",
    "course_code": "PD-101",
    "course_title": "Perencanaan",
    "holder_name": "Budi",
    "issue_date": "2025-01-02",
    "status": "valid",
}


@pytest.mark.parametrize(
    ("path", "expected"),
    [("a.b", 1), ("a.list.1.c", 3), ("", {"a": {"b": 1, "list": [{"c": 2}, {"c": 3}]}})],
)
def test_dig(path: str, expected: object) -> None:
    assert dig({"a": {"b": 1, "list": [{"c": 2}, {"c": 3}]}}, path) == expected


def test_standard_shape() -> None:
    (cert,) = extract_certificates({"certificates": [RECORD]}, STANDARD)
    assert cert.to_dict() == RECORD


def test_nested_shape_through_a_field_map() -> None:
    settings = LmsSettings(field_map=NESTED_FIELD_MAP)
    (cert,) = extract_certificates(nested_shape([RECORD]), settings.field_map)
    assert cert.number == "LMSPD/1"
    assert cert.course_title == "Perencanaan"
    assert cert.holder_name == "Budi"
    assert cert.status == "VALID"
    assert cert.counts()


def test_list_at_the_root_and_missing_optional_fields() -> None:
    settings = LmsSettings(field_map={"items": ""})
    (cert,) = extract_certificates([{"number": "X", "status": "valid"}], settings.field_map)
    assert (cert.course_title, cert.holder_name, cert.issue_date) == ("", "", None)


def test_null_list_means_no_certificates() -> None:
    assert extract_certificates({"certificates": None}, STANDARD) == ()


@pytest.mark.parametrize(
    "body",
    [
        {"data": []},
        {"certificates": {"number": "X"}},
        {"certificates": ["X"]},
        {"certificates": [{"course_code": "PD-101"}]},
        nested_shape([RECORD]),
    ],
)
def test_shape_errors(body: object) -> None:
    with pytest.raises(ShapeError):
        extract_certificates(body, STANDARD)
