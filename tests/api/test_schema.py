"""The OpenAPI schema: valid OpenAPI 3, and a bounded property-based run against it.

schemathesis generates requests from the schema (every operation, every parameter, valid
and invalid values) and calls the WSGI application in process; each answer must not be a
server error and must conform to the schema (status code, content type, body), a
schema-violating request must be refused (an empty value counts as absent: the schema
says ``allowEmptyValue``) and a schema-valid one refused only for a documented reason.
"""

from __future__ import annotations

import json
import os

import pytest
import schemathesis
from django.core import signals
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from openapi_spec_validator import validate
from schemathesis import checks
from schemathesis.config import PositiveDataAcceptanceConfig

from newsroom.wsgi import application

pytestmark = pytest.mark.django_db


def test_schema_is_valid_openapi_3_at_a_stable_url(client):
    response = client.get("/api/schema/?format=json")
    assert response.status_code == 200
    schema = json.loads(response.content)
    validate(schema)  # raises on any violation of the OpenAPI 3 specification
    assert schema["openapi"].startswith("3.")
    paths = schema["paths"]
    for path in (
        "/api/articles/",
        "/api/articles/{id}/",
        "/api/articles/facets/",
        "/api/articles/timeline/",
        "/api/countries/",
        "/api/officials/{key}/",
        "/api/organizations/",
        "/api/topics/",
    ):
        assert path in paths
    names = {p["name"] for p in paths["/api/articles/"]["get"]["parameters"]}
    assert names >= {"q", "country", "focus", "official", "organization", "topic", "source"}
    assert names >= {"match", "date_from", "date_to", "sort", "cursor", "copies", "undated"}
    country = next(
        p for p in paths["/api/articles/"]["get"]["parameters"] if p["name"] == "country"
    )
    assert country["schema"]["type"] == "array"


def test_docs_page_serves_swagger_ui_from_our_static_files(client):
    html = client.get("/api/docs/").content.decode()
    assert "/static/drf_spectacular_sidecar/swagger-ui-dist/swagger-ui-bundle.js" in html
    assert "cdn" not in html.lower()
    # The start-up script is a separate same-origin request (the CSP forbids inline scripts).
    assert '<script src="/api/docs/?script="></script>' in html
    script = client.get("/api/docs/?script=")
    assert script["Content-Type"].startswith("application/javascript")
    assert "/api/schema/" in script.content.decode()


@pytest.fixture
def wsgi_requests_keep_the_connection():
    """Keep the test database's connection across WSGI requests.

    Django closes connections at the start and end of each WSGI request; inside a test
    transaction that would lose the fixture data, so the handlers are detached for the run.
    """
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


# Read from the application itself (no database needed to build the schema).
schema = schemathesis.openapi.from_wsgi("/api/schema/?format=json", application)
# schemathesis's default expected statuses for valid data, plus 400 (see the check below).
schema.config.checks.positive_data_acceptance = PositiveDataAcceptanceConfig(
    expected_statuses=["2xx", "3xx", "400", "401", "403", "404", "409", "429", "5xx"]
)

# Values the schema allows that the API still refuses, each for a reason the schema
# documents: a value that names nothing, a cursor the API did not make, a contradiction.
DOCUMENTED_REFUSALS = {
    "country": "no country has this",
    "official": "no official has this slug",
    "organization": "no organisation has this slug",
    "topic": "no topic has this slug",
    "source": "no source has this slug",
    "cursor": "not a cursor this API made",
    "undated": "undated articles have no date",
    "date_from": "is after date_to",
    "sort": "relevance needs a search",
    # /api/compare/: a series or base that is not a usable list state (it names nothing,
    # repeats one, is the seventh), or an interval that would give too many periods.
    "s": "list state",
    "base": "list state",
    "interval": "periods",
}


@schemathesis.check
def schema_valid_values_refused_only_as_documented(ctx, response, case):
    """A 400 to a schema-valid request must blame only the refusals the schema documents.

    positive_data_acceptance expects no 400 at all; this API answers 400 for valid
    strings that name nothing (``country=zz``), so that check accepts a 400 and this one
    reads its reasons instead.
    """
    meta = case.meta
    if meta is None or not meta.generation.mode.is_positive or response.status_code != 400:
        return None
    for name, reasons in response.json().items():
        for reason in reasons:
            if DOCUMENTED_REFUSALS.get(name, "\x00") not in reason:
                raise AssertionError(f"a schema-valid {name} was refused: {reason}")
    return None


CHECKS = [
    checks.not_a_server_error,
    checks.status_code_conformance,
    checks.content_type_conformance,
    checks.response_schema_conformance,
    checks.response_headers_conformance,
    checks.negative_data_rejection,
    checks.positive_data_acceptance,
    checks.missing_required_header,
    checks.unsupported_method,
    checks.allow_header_conformance,
    checks.ignored_auth,
    checks.use_after_free,
    checks.ensure_resource_availability,
    schema_valid_values_refused_only_as_documented,
]
# A larger run by hand: SCHEMATHESIS_MAX_EXAMPLES=100 pytest tests/api/test_schema.py
MAX_EXAMPLES = int(os.environ.get("SCHEMATHESIS_MAX_EXAMPLES", "15"))


@schema.parametrize()
@settings(
    max_examples=MAX_EXAMPLES,
    deadline=None,
    derandomize=True,
    suppress_health_check=list(HealthCheck),
)
def test_api_never_fails_and_conforms_to_its_schema(case, world, wsgi_requests_keep_the_connection):
    case.call_and_validate(checks=CHECKS)
