"""The core's messages through the web: the debugger (JSON API and page), the callback verifier, a /sign reply
and the inspector's callback hosts in Russian with Accept-Language ru; verdicts, kinds, string_to_sign and
signatures identical in both languages; the sandbox's wire replies and recorded deliveries stay English."""

import re

import pytest

from tests.conftest import DOC_KEY

RU = {"Accept-Language": "ru"}
EN = {"Accept-Language": "en"}
# make-rebill-sale signed with the amount as sent (1.15, not 115): sha1("demoR114616651.15USD" + DOC_KEY)
RAW = ("POST /paynet/api/v2/make-rebill-sale/1111 HTTP/1.1\nHost: sandbox.example.com\n"
       "Content-Type: application/x-www-form-urlencoded\n\nlogin=demo&client_orderid=R1&cardrefid=1461665"
       "&amount=1.15&currency=USD&ipaddress=+1.2.3.4&order_desc=x&control=ee9ee8534654f12d0f12b7d127e0f0041925c49b")
MAJOR_UNITS_RU = ("Сумма подписана в том виде, в каком передана (1.15), а не в минимальных денежных единицах "
                  "(копейках).")


def debug(client, headers, **extra):
    return client.post("/api/debug", json={"raw": RAW, "merchant_control": DOC_KEY, **extra}, headers=headers)


def test_debugger_api_in_russian(client):
    result = debug(client, RU).get_json()
    assert result["diagnosis"] == [{"id": "amount-major-units", "message": MAJOR_UNITS_RU,
                                    "string_to_sign": "demoR114616651.15USD***"}]
    assert result["lint"] == [{
        "severity": "warning", "field": "ipaddress", "code": "unencoded-plus",
        "message": "ipaddress: символ '+' декодируется как пробел ('+1.2.3.4' читается как ' 1.2.3.4'); кодируйте "
                   "знак плюс как %2B."}]


def test_debugger_api_in_english_is_unchanged(client):
    result = debug(client, EN).get_json()
    assert result["diagnosis"][0]["message"] == ("The amount was signed as sent (1.15) instead of in minor units "
                                                 "(cents).")
    assert result["lint"][0]["message"] == ("ipaddress: a literal '+' decodes as a space ('+1.2.3.4' is read as "
                                            "' 1.2.3.4'); encode a plus sign as %2B.")


@pytest.mark.parametrize("headers", [RU, EN, {}])
def test_debugger_verdict_and_signatures_identical_in_both_languages(client, headers):
    result = debug(client, headers).get_json()
    assert (result["verdict"], result["match"], result["detected_by"]) == ("mismatch", False, "url")
    assert result["string_to_sign"] == "demoR11461665115USD***"
    assert result["expected_control"] == "6feda405a0a687e7725df5e4b68ca49ae3554a4a"
    assert [(d["id"], d["string_to_sign"]) for d in result["diagnosis"]] == [("amount-major-units",
                                                                             "demoR114616651.15USD***")]
    assert [(f["code"], f["field"], f["severity"]) for f in result["lint"]] == [("unencoded-plus", "ipaddress",
                                                                                "warning")]


def test_debugger_templates_for_the_page_in_russian(client):
    """Without the key the page hashes the hypotheses itself: their messages come translated, the texts exact."""
    result = client.post("/api/debug", json={"raw": RAW}, headers=RU).get_json()
    hypotheses = result["hypotheses"]
    assert hypotheses["expected"]["message"] == "Рецепт из документации."
    major = next(c for c in hypotheses["candidates"] if c["id"] == "amount-major-units")
    assert major["message"] == MAJOR_UNITS_RU
    assert "".join(hypotheses["texts"][i] for i in major["segments"] if i is not None) == "demoR114616651.15USD"


def test_debugger_errors_from_the_core_in_russian(client):
    reply = client.post("/api/debug", json={"raw": RAW, "command": "nope"}, headers=RU)
    assert reply.status_code == 400
    assert reply.get_json()["error"]["message"] == "Неизвестная команда 'nope'."


def test_debug_page_in_russian(client):
    token = re.search(r'name="csrf_token" value="([^"]+)"', client.get("/debug", headers=RU).text)[1]
    page = client.post("/debug", data={"csrf_token": token, "raw": RAW, "merchant_control": DOC_KEY}, headers=RU)
    assert page.status_code == 200
    assert '<html lang="ru">' in page.text
    assert MAJOR_UNITS_RU in page.text
    assert "demoR11461665115USD***" in page.text
    assert DOC_KEY not in page.text


CALLBACK = "status=approved&orderid=1&merchant_order=R1&client_orderid=R2"


def test_callback_verifier_in_russian(client):
    result = client.post("/api/callback/verify", json={"raw": CALLBACK}, headers=RU).get_json()
    assert result["warnings"] == [
        "Контрольная сумма покрывает только status, orderid и идентификатор заказа Присоединяющейся стороны: "
        "amount, type, данные карты и все остальные поля не подписаны и могли быть изменены. Прежде чем действовать "
        "на их основании, сверьте их запросом status.",
        "merchant_order и client_orderid различаются; два вида подписывают разные из них.",
        "Во вставленном тексте нет control."]
    assert (result["kind"], result["string_to_sign"]) == ("callback", "approved1R1")


def test_callback_verifier_unreadable_in_russian(client):
    reply = client.post("/api/callback/verify", json={"raw": "hello"}, headers=RU)
    assert reply.status_code == 400
    assert reply.get_json()["error"]["message"] == ("Параметры name=value не найдены: вставьте строку запроса, URL "
                                                    "или тело обратного вызова.")


@pytest.mark.parametrize(("headers", "message"), [
    (RU, "amount — десятичным разделителем должна быть '.', а не ',' (получено '1,5')."),
    (EN, "amount must use '.' as the decimal delimiter, not ',' (got '1,5')."),
])
def test_sign_reply_carries_the_core_amount_rule_in_the_language(client, headers, message):
    data = client.post("/api/make-rebill-sale/sign", headers=headers, json={
        "endpointid": "1111", "login": "demo", "client_orderid": "R1", "cardrefid": "1461665", "amount": "1,5",
        "currency": "USD", "ipaddress": "1.2.3.4", "order_desc": "x", "merchant_control": DOC_KEY}).get_json()
    assert data["errors"] == {"amount": [message]}
    assert data["string_to_sign"] == "demoR114616651,5USD***"
    assert data["signature"] == "455a70678cf9aa30370e7e3e6a343f864626c70a"


@pytest.mark.parametrize("headers", [RU, EN])
def test_sign_signature_identical_in_both_languages(client, headers):
    data = client.post("/api/make-rebill-sale/sign", headers=headers, json={
        "endpointid": "1111", "login": "demo", "client_orderid": "R1", "cardrefid": "1461665", "amount": "1.15",
        "currency": "USD", "ipaddress": "1.2.3.4", "order_desc": "x", "merchant_control": DOC_KEY}).get_json()
    assert data["errors"] == {}
    assert data["string_to_sign"] == "demoR11461665115USD***"
    assert data["signature"] == "6feda405a0a687e7725df5e4b68ca49ae3554a4a"


def test_sandbox_replies_stay_english_in_a_russian_request(client):
    reply = client.post("/sandbox/paynet/api/v2/make-rebill-sale/1111", headers={
        **RU, "Content-Type": "application/x-www-form-urlencoded"},
        data="login=demo&client_orderid=R1&cardrefid=1461665&amount=1,5&currency=USD&ipaddress=1.2.3.4&order_desc=x"
             "&control=0")
    assert reply.status_code == 200
    assert "error-message=amount+must+use+%27.%27+as+the+decimal+delimiter%2C+not+%27%2C%27+%28got+%271%2C5%27%29." \
           "\n&error-code=1\n" in reply.text


def account(client) -> tuple[str, dict]:
    created = client.post("/api/sandbox/accounts", json={}).get_json()
    return created["id"], {"Authorization": f"Bearer {created['token']}"}


def test_callback_hosts_refusal_in_russian(client):
    account_id, auth = account(client)
    reply = client.put(f"/api/sandbox/accounts/{account_id}/callback-hosts", json={"hosts": ["x.example/cb"]},
                       headers={**auth, **RU})
    assert reply.status_code == 400
    assert reply.get_json()["error"]["message"] == ("hosts: Запись CALLBACK_HOSTS 'x.example/cb': пишите host или "
                                                    "host:port, без схемы и пути")


def test_a_refused_callback_is_recorded_in_english_whatever_the_page_language(app, client):
    account_id, auth = account(client)
    sandbox = app.extensions["sandbox"]
    with app.test_request_context("/", headers=RU):
        app.preprocess_request()  # installs the Russian translator, as for a payer's page in Russian
        sandbox.callbacks.send_callback(sandbox.accounts.by_id(account_id), 1, "http://merchant.example/cb",
                                        [("status", "approved")])
    recorded, _ = sandbox.accounts.entries(account_id, 0)
    assert [e["answer"]["outcome"] for e in recorded] == [
        "refused: not in the account's callback hosts: merchant.example:80 is not listed there (add it in the "
        "inspector, /inspector, or with PUT /api/sandbox/accounts/<id>/callback-hosts) nor in the operator's "
        "CALLBACK_HOSTS"]
    # ... and read back in the reader's language
    entries = client.get(f"/api/sandbox/accounts/{account_id}/requests", headers={**auth, **RU}).get_json()
    assert [e["answer"]["outcome"] for e in entries["entries"]] == [
        "отклонён: нет в хостах аккаунта для обратных вызовов: merchant.example:80 там не указан (добавьте его в "
        "инспекторе, /inspector, или запросом PUT /api/sandbox/accounts/<id>/callback-hosts) и нет в CALLBACK_HOSTS "
        "оператора"]


def test_vectors_file_stays_english_and_the_page_is_russian(client):
    document = client.get("/api/vectors", headers=RU).get_json()
    assert document["about"].startswith("Each vector: values (trimmed as the gateway trims)")
    assert document["commands"][0]["vectors"][0]["note"] == "The docs' example values and key."
    page = client.get("/vectors", headers=RU)
    assert page.status_code == 200
    assert "Значения и ключ из примера документации." in page.text
