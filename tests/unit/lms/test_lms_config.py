import pytest

from app.lms.config import DEFAULT_FIELD_MAP, LmsSettings


def test_defaults() -> None:
    s = LmsSettings.from_env({})
    assert s.url == "http://127.0.0.1:8100/api/v1/certificates"
    assert s.auth_token is None
    assert dict(s.field_map) == dict(DEFAULT_FIELD_MAP)
    assert s.concurrency == 8


def test_from_env_reads_every_kind_of_value() -> None:
    s = LmsSettings.from_env(
        {
            "LMS_BASE_URL": "https://lms.example.id/",
            "LMS_PATH": "v2/certs",
            "LMS_AUTH_HEADER": "Authorization",
            "LMS_AUTH_TOKEN": "Bearer abc",
            "LMS_CONNECT_TIMEOUT": "1.5",
            "LMS_READ_TIMEOUT": "4",
            "LMS_CONCURRENCY": "3",
            "LMS_CACHE_TTL": "60",
            "LMS_MAX_RETRIES": "0",
            "LMS_FIELD_MAP": '{"items": "data.certs", "number": "cert_no"}',
            "LMS_QUERY_PARAMS": '{"phone": "msisdn"}',
            "LMS_VERIFIED_STATUSES": "Issued, valid",
            "LMS_BREAKER_THRESHOLD": "",  # empty keeps the default
        }
    )
    assert s.url == "https://lms.example.id/v2/certs"
    assert (s.auth_header, s.auth_token) == ("Authorization", "Bearer abc")
    assert (s.connect_timeout, s.read_timeout, s.concurrency) == (1.5, 4.0, 3)
    assert s.cache_ttl_seconds == 60.0
    assert s.max_retries == 0
    assert s.field_map["items"] == "data.certs"
    assert s.field_map["number"] == "cert_no"
    assert s.field_map["status"] == "status"  # keys not named keep the default
    assert s.query_params == {"email": "email", "phone": "msisdn", "user_id": "user_id"}
    assert s.verified_statuses == frozenset({"issued", "valid"})
    assert s.breaker_threshold == 5


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"LMS_FIELD_MAP": "{not json"}, "LMS_FIELD_MAP: not valid JSON"),
        ({"LMS_FIELD_MAP": '["items"]'}, "LMS_FIELD_MAP: expected a JSON object"),
        ({"LMS_FIELD_MAP": '{"certificate_no": "x"}'}, "unknown field map keys"),
        ({"LMS_QUERY_PARAMS": '{"nik": "x"}'}, "unknown query param keys"),
        ({"LMS_CONCURRENCY": "0"}, "concurrency"),
        ({"LMS_READ_TIMEOUT": "soon"}, "LMS_READ_TIMEOUT"),
    ],
)
def test_bad_settings_are_refused(env: dict[str, str], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        LmsSettings.from_env(env)
