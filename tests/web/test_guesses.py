"""Guessing tokens is limited: TOKEN_FAILURE_RATE (30) failed checks a minute per client address, of an account's
Bearer token or of an inbox token, then 429 with the wait; a waiting address is not checked even with a right token
(a right guess would show among the refusals); another address is not limited."""

import pytest

from app import create_app
from config import ConfigError
from tests.helpers import Clock

LIMITED = ("Too many failed token checks from this address: at most 30 a minute (TOKEN_FAILURE_RATE); try again in "
           "60 s.")
OTHER = {"REMOTE_ADDR": "10.1.2.3"}


@pytest.fixture
def client(app_factory):
    app = app_factory()
    app.extensions["sandbox"].store.clock = Clock()
    return app.test_client()


def requests_of(client, account: dict, token: str, **kw):
    return client.get(f"/api/sandbox/accounts/{account['id']}/requests", headers={"Authorization": f"Bearer {token}"},
                      **kw)


def test_the_31st_wrong_bearer_token_in_a_minute_is_refused_with_the_wait(client):
    account = client.post("/api/sandbox/accounts", json={}).get_json()
    assert requests_of(client, account, account["token"]).status_code == 200  # a right one is not counted
    assert [requests_of(client, account, f"wrong-{n}").status_code for n in range(15)] == [404] * 15
    unknown = {"id": "999999"}
    assert [requests_of(client, unknown, account["token"]).status_code for n in range(15)] == [404] * 15
    r = requests_of(client, account, "wrong-31")
    assert (r.status_code, r.get_json(), r.headers["Retry-After"]) == (
        429, {"error": {"kind": "rate-limited", "message": LIMITED}}, "60")
    assert requests_of(client, account, account["token"]).status_code == 429  # not even checked
    assert requests_of(client, account, account["token"], environ_base=OTHER).status_code == 200
    assert requests_of(client, account, "wrong", environ_base=OTHER).status_code == 404
    r = client.put(f"/api/sandbox/accounts/{account['id']}/callback-hosts", json={"hosts": []},
                   headers={"Authorization": "Bearer wrong"})
    assert (r.status_code, r.get_json()["error"]["kind"]) == (429, "rate-limited")
    client.application.extensions["sandbox"].store.clock.now += 60
    assert requests_of(client, account, account["token"]).status_code == 200


def test_the_31st_unknown_inbox_token_in_a_minute_is_refused_with_the_wait(client):
    token = client.post("/api/inboxes", json={}).get_json()["token"]
    assert client.get(f"/callbacks/inbox/{token}?n=1").status_code == 200  # a known one is not counted
    assert [client.get(f"/callbacks/inbox/{'A' * 31}{n % 10}").status_code for n in range(10)] == [404] * 10
    assert [client.post("/callbacks/inbox/short", data="x=1").status_code for n in range(10)] == [404] * 10
    assert [client.get(f"/api/callbacks?token={'B' * 32}").status_code for n in range(10)] == [404] * 10
    r = client.get(f"/callbacks/inbox/{'C' * 32}?status=approved")
    assert (r.status_code, r.get_data(as_text=True), r.mimetype, r.headers["Retry-After"]) == (
        429, LIMITED + "\n", "text/plain", "60")
    r = client.get(f"/api/callbacks?token={token}")
    assert (r.status_code, r.get_json(), r.headers["Retry-After"]) == (
        429, {"error": {"kind": "rate-limited", "message": LIMITED}}, "60")
    assert client.get(f"/callbacks/inbox/{token}?n=2").status_code == 429
    assert client.get(f"/callbacks/inbox/{token}?n=3", environ_base=OTHER).status_code == 200
    assert client.get(f"/api/callbacks?token={token}", environ_base=OTHER).status_code == 200


def test_the_rate_is_a_setting(app_factory):
    app = app_factory(TOKEN_FAILURE_RATE=2)
    client = app.test_client()
    assert [client.get(f"/callbacks/inbox/{'A' * 32}").status_code for _ in range(3)] == [404, 404, 429]
    assert client.get(f"/callbacks/inbox/{'A' * 32}").get_data(as_text=True).startswith(
        "Too many failed token checks from this address: at most 2 a minute (TOKEN_FAILURE_RATE); try again in ")
    assert app_factory().config[
        "TOKEN_FAILURE_RATE"] == 30
    with pytest.raises(ConfigError) as err:
        create_app({"SECRET_KEY": "x", "TOKEN_FAILURE_RATE": "0"})
    assert str(err.value) == "TOKEN_FAILURE_RATE must be a whole number from 1 to 999999999, got '0'."


def test_the_31st_wrong_creation_token_in_a_minute_is_refused_with_the_wait(app_factory):
    app = app_factory(SANDBOX_ACCOUNTS="token", SANDBOX_ACCOUNT_TOKEN="operator-creation-token-1")
    app.extensions["sandbox"].store.clock = Clock()
    client = app.test_client()

    def create(token, **kw):
        return client.post("/api/sandbox/accounts", json={}, headers={"Authorization": f"Bearer {token}"}, **kw)

    assert [create(f"guess-number-{n:04}").status_code for n in range(30)] == [403] * 30
    r = create("guess-number-0031")
    assert (r.status_code, r.get_json(), r.headers["Retry-After"]) == (
        429, {"error": {"kind": "rate-limited", "message": LIMITED}}, "60")
    assert create("operator-creation-token-1").status_code == 429  # not even checked
    assert create("operator-creation-token-1", environ_base=OTHER).status_code == 201
