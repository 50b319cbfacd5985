"""Fixtures of the view and JSON tests."""

import pytest

from app import create_app


@pytest.fixture
def page_client(tmp_path):
    app = create_app({"TESTING": True, "SECRET_KEY": "test", "WTF_CSRF_ENABLED": False,
                      "SANDBOX_DATABASE": str(tmp_path / "sandbox.db")})
    return app.test_client()
