"""Generated requests against the dispute routes never cause a server error (5xx)."""

import pytest
import schemathesis
from django.core import signals
from django.db import close_old_connections
from hypothesis import HealthCheck, given, settings

from config.wsgi import application
from tests.helpers import api_client

DISPUTE_LEDGERS = ("screenings", "disputes", "mediations")


@pytest.fixture
def keep_connection():
    """As Django's test client does: a request must not close the test's connection (and transaction)."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@pytest.mark.timeout(120)
@pytest.mark.usefixtures("keep_connection")
def test_it_answers_generated_requests_without_server_errors(cast, records):
    headers = {"Authorization": api_client(cast.clerk).defaults["HTTP_AUTHORIZATION"]}
    # The schema is for signed-in users only.
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", application, headers=headers)
    schema = schema.include(path_regex=rf"^/api/v1/({'|'.join(DISPUTE_LEDGERS)})/")
    failures = []
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 20

    for operation in operations:

        @given(case=operation.as_strategy())
        @settings(
            max_examples=25,
            deadline=None,
            database=None,
            derandomize=True,
            suppress_health_check=list(HealthCheck),
        )
        def run(case):
            response = case.call(headers=headers)
            if response.status_code >= 500:
                failures.append((case.method, case.formatted_path, case.body, response.status_code))

        run()
    assert not failures, failures[:5]
