"""The app on a database made before storage was versioned: upgraded at start-up, every order still served."""

import shutil

import pytest
from sqlalchemy import text

from store.store import StoreError
from tests.helpers import FIXTURE, Ops


@pytest.fixture
def old_app(tmp_path, app_factory):
    shutil.copy(FIXTURE, tmp_path / "sandbox.db")
    return app_factory()


def test_old_orders_answer_status_after_upgrade(old_app):
    client = old_app.test_client()
    ops = Ops(client)
    status = ops.submit("status", client_orderid="FIX-SALE-1", orderid="7000001")
    assert (status["status"], status["amount"], status["serial-number"]) == (
        "approved", "10.00", "00000000-0000-0000-0000-000000000009")
    capture = ops.submit("status", client_orderid="FIX-PRE-1", orderid="7000002")
    assert (capture["status"], capture["amount"]) == ("processing", "20.00")
    assert ops.submit("sale", client_orderid="NEW-1")["paynet-order-id"] == "7000003"
    assert ops.submit("create-card-ref", client_orderid="FIX-SALE-1", orderid="7000001")["card-ref-id"] == "2000002"


def test_newer_database_stops_start_up(old_app, app_factory):
    with old_app.extensions["sandbox"].store.transaction() as tx:
        tx.db.execute(text("UPDATE alembic_version SET version_num = '0099'"))
    with pytest.raises(StoreError, match="has schema version 0099, but this version of the tool knows"):
        app_factory()
