"""Schemathesis against the API's own OpenAPI spec, on SQLite and PostgreSQL: whatever a client sends within (or
outside) the spec, the API answers with a status and a body the spec documents, and never a server error."""

import pytest
import schemathesis
from hypothesis import HealthCheck, settings

from glaneur.api import create_app

# The spec does not depend on the database; the app that answers does (one per store, below). No connection is
# opened by create_app, so an in-memory URL is enough to read the spec.
schema = schemathesis.openapi.from_dict(create_app("sqlite://").openapi())


@pytest.fixture
def app(store):
    application = create_app(store.url)
    yield application
    application.state.engine.dispose()


@schema.parametrize()
@settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck))
def test_api_answers_as_its_spec_says(case, app):
    case.call_and_validate(app=app)
