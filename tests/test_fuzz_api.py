"""The search API driven by its own OpenAPI description (schemathesis generates the requests),
on loopback only: whatever the parameters, never a 5xx, always JSON (errors as problem+json). Bounded in examples."""

from __future__ import annotations

import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis import GenerationMode

EXAMPLES = 120  # per operation; the run stays well under a minute


def test_search_api_never_answers_with_a_server_error(site_server):
    assert site_server.startswith("http://127.0.0.1:")  # loopback only
    schema = schemathesis.openapi.from_url(site_server + "/api/openapi.json")
    operations = [result.ok() for result in schema.get_all_operations()]
    assert {op.path for op in operations} >= {"/api/search"}
    seen = []
    for operation, mode in [(op, mode) for op in operations for mode in GenerationMode]:  # valid and invalid input

        @settings(max_examples=EXAMPLES, deadline=None, derandomize=True, database=None, suppress_health_check=list(HealthCheck))
        @given(case=operation.as_strategy(generation_mode=mode))
        def call(case):
            response = case.call(timeout=10)
            seen.append(response.status_code)
            assert response.status_code < 500, f"{response.status_code} for {case.as_curl_command()}: {response.text[:300]}"
            content_type = response.headers.get("content-type")
            content_type = content_type[0] if isinstance(content_type, list) else content_type
            expected = "application/json" if response.status_code < 400 else "application/problem+json"  # RFC 9457
            assert content_type.startswith(expected), (response.status_code, content_type)

        call()
    assert len(seen) >= EXAMPLES and 200 in seen and 400 in seen
