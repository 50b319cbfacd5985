"""Fixtures of the view and JSON tests."""

import pytest


@pytest.fixture
def page_client(app_factory):
    app = app_factory(WTF_CSRF_ENABLED=False)
    return app.test_client()
