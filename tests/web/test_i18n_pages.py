"""The remaining pages and the web layer's messages in Russian: every page route, the payer pages, the JSON
errors of each JSON blueprint, the error pages, dates and numbers in the language's format."""

import glob
import os
from urllib.parse import urlsplit

import pytest
from babel.messages.extract import DEFAULT_KEYWORDS, extract
from babel.messages.pofile import read_po
from flask import url_for

from tests.conftest import DOC_KEY
from tests.helpers import EXAMPLES, PO, ROOT
from web import faces

RU = {"Accept-Language": "ru"}
EN = {"Accept-Language": "en"}
NOON = 1795000000.0  # 2026-11-18 11:06:40 UTC: the sandbox's clock in these tests
STATUS_PASTE = ("POST /paynet/api/v2/status/1111 HTTP/1.1\nHost: h\n\nlogin=demo&client_orderid=902B4FF5&"
                "orderid=6937030&control=ff89b6027cef75c8ee56beb027660d970b41dad7")


@pytest.fixture
def app(app_factory):
    app = app_factory(WTF_CSRF_ENABLED=False)
    app.extensions["sandbox"].store.clock = lambda: NOON
    return app


def hosted_form_token(client) -> str:
    """A hosted payment form waiting for its payer (the amount left for the payer to type)."""
    fields = {**EXAMPLES["preauth-form"], "endpointid": "1111", "merchant_control": DOC_KEY, "amount": ""}
    reply = client.post("/api/preauth-form/submit", json=fields).get_json()
    return urlsplit(reply["response"]["fields"]["redirect-url"]).path.rsplit("/", 1)[1]


def challenge_token(client) -> str:
    """A 3-D Secure sale waiting for the payer's challenge."""
    sale = {**EXAMPLES["sale"], "endpointid": "1111", "merchant_control": DOC_KEY,
            "credit_card_number": "4000000000003220"}
    fields = client.post("/api/sale/submit", json=sale).get_json()["response"]["fields"]
    status = {**EXAMPLES["status"], "client_orderid": fields["merchant-order-id"],
              "orderid": fields["paynet-order-id"], "login": "demo", "endpointid": "1111", "merchant_control": DOC_KEY}
    reply = client.post("/api/status/submit", json=status).get_json()
    return urlsplit(reply["response"]["fields"]["redirect-to"]).path.rsplit("/", 1)[1]


def page_urls(app, client) -> list[str]:
    """Every GET route that renders a page, walked from url_map; a new page route with arguments must say here
    which values it needs, or this fails."""
    args = {"views.builder_page": [{"command": name} for name in app.extensions["commands"]],
            "v4.page": [{"command": name} for name in app.extensions["v4_commands"]],
            "sandbox.hosted_form": [{"token": hosted_form_token(client)}],
            "sandbox.three_ds": [{"token": challenge_token(client)}]}
    urls = []
    with app.test_request_context():
        for rule in app.url_map.iter_rules():
            blueprint = app.blueprints.get(rule.endpoint.rpartition(".")[0])
            if "GET" not in rule.methods or not blueprint or blueprint.face != faces.PAGE:  # JSON, text, static
                continue
            if rule.endpoint == "docs.page":  # the built docs are English by design; their Help link says so
                continue
            assert not rule.arguments or rule.endpoint in args, f"{rule.rule}: which arguments render it?"
            urls += [url_for(rule.endpoint, **values) for values in args.get(rule.endpoint, [{}])]
    return urls


def test_every_page_renders_in_russian_with_the_same_status(app, client):
    urls = page_urls(app, client)
    assert {"/", "/debug", "/vectors", "/inspector", "/callbacks", "/sale", "/status"} <= set(urls)
    assert sum(u.startswith("/sandbox/paynet/") for u in urls) == 2
    for url in urls:
        english, russian = client.get(url, headers=EN), client.get(url, headers=RU)
        assert (url, russian.status_code) == (url, english.status_code) == (url, 200)
        assert '<html lang="ru">' in russian.text and '<html lang="en">' in english.text
        if url.startswith("/sandbox/paynet/"):  # the payer's pages: the gateway's, no tool navigation
            assert '<span class="sandbox-mark" id="sandbox-mark">встроенная песочница</span>' in russian.text
        else:
            assert '<a href="/">Команды</a> · <a href="/debug">Отладчик</a>' in russian.text
        assert title(russian.text) != title(english.text), url


def title(html: str) -> str:
    return html.split("<title>", 1)[1].split("</title>", 1)[0]


def test_debugger_page_in_russian(client):
    html = client.get("/debug", headers=RU).text
    assert "<title>Отладчик контрольной суммы — Конструктор запросов PaynetEasy</title>" in html
    assert "<label for=\"raw\"><strong>Что прислал клиент</strong></label>" in html
    assert '<option value="">определить</option>' in html
    assert '<button type="submit" id="check">Проверить</button>' in html
    assert "Ключ остаётся на этой странице: вставленный текст уходит на сервер без него" in html
    assert "<option>make-rebill-sale</option>" in html  # command names stay as they are


def test_debugger_verdict_in_russian_and_the_same_control(client):
    html = client.post("/debug", headers=RU, data={"raw": STATUS_PASTE, "merchant_control": DOC_KEY}).text
    assert '">Совпадение: контрольная сумма верна.</div>' in html
    assert '<span class="muted">(определена по URL)</span>\n  · конечная точка <code>1111</code>' in html
    assert "<th>часть</th><th>как получено</th><th>как подписано</th><th>байт</th>" in html
    assert '<pre id="expected-string">demo902B4FF56937030***</pre>' in html
    assert '<td id="expected-control">ff89b6027cef75c8ee56beb027660d970b41dad7</td>' in html
    english = client.post("/debug", headers=EN, data={"raw": STATUS_PASTE, "merchant_control": DOC_KEY}).text
    assert '">Match: the control is right.</div>' in english


def test_debugger_without_key_and_url_in_russian(client):
    body = STATUS_PASTE.split("\n\n", 1)[1]
    html = client.post("/debug", headers=RU, data={"raw": body, "command": "status"}).text
    assert '">Ключ не указан: ожидаемая контрольная сумма неизвестна.</div>' in html
    assert '<span class="muted">(выбрана выше)</span>' in html
    assert '<td id="expected-control">— (нужен ключ)</td>' in html


def test_debugger_lint_severity_in_russian_code_as_is(client):
    raw = STATUS_PASTE.replace("POST ", "GET ", 1)
    html = client.post("/debug", headers=RU, data={"raw": raw, "merchant_control": DOC_KEY}).text
    assert "<h3>Замечания</h3>" in html
    assert '<li class="error"><strong>ошибка</strong> <code>method</code>' in html


def test_inspector_page_in_russian_with_counts_for_the_language(client):
    html = client.get("/inspector", headers=RU).text
    assert "<h1>Инспектор</h1>" in html
    assert ("Аккаунт удаляется, если не используется 7 дней; инспектор хранит записи 24 часа, последние 500 записей, "
            "от тел сохраняются первые 65\u00a0536 байт") in html
    assert '<button type="button" id="create-account">Создать аккаунт песочницы</button>' in html
    assert "<dt>ID группы конечных точек</dt>" in html
    assert "<dt>login</dt>" in html  # a parameter name
    english = client.get("/inspector", headers=EN).text
    assert ("Accounts are dropped after 7 days idle; the inspector keeps the latest 500 entries for 24 hours, bodies "
            "cut at 65,536 bytes") in english


def test_inspector_plural_forms_follow_the_numbers(app_factory):
    app = app_factory(SANDBOX_ACCOUNT_DAYS=1, INSPECTOR_MAX_ENTRIES=22, INSPECTOR_TTL=3600 * 21,
                      INSPECTOR_BODY_LIMIT=3)
    html = app.test_client().get("/inspector", headers=RU).text
    assert ("не используется 1 день; инспектор хранит записи 21 час, последние 22 записи, от тел сохраняются "
            "первые 3 байта") in html


def test_vectors_page_in_russian(client):
    html = client.get("/vectors", headers=RU).text
    assert "<h1>Проверенные тестовые векторы</h1>" in html
    assert '<a href="/api/vectors?download=1" id="vectors-download">скачать JSON</a>' in html
    assert "Самопроверка: эта страница сама подписывает каждый вектор" in html
    assert "<summary><code>make-rebill-sale</code>" in html and "· 5 векторов</span></summary>" in html


def test_builder_partials_in_russian(client):
    html = client.get("/sale", headers=RU).text
    assert '<h2 id="request-title">Запрос</h2>' in html
    assert 'aria-label="Копировать строку для подписи">Копировать</button>' in html
    assert '<h3>Контрольная сумма <span class="muted small">SHA-1, шестнадцатеричная, строчными буквами</span>' in html
    assert '<h2 id="response-title">Ответ</h2>' in html
    assert '<button type="button" class="small" id="check-status">Проверить статус</button>' in html
    assert 'aria-selected="true">Разбор</button>' in html
    assert '<h2 id="timeline-title">Хронология <span class="muted small">эта вкладка</span></h2>' in html


def test_hosted_form_in_russian_wire_values_as_they_are(client):
    path = "/sandbox/paynet/form/" + hosted_form_token(client)
    html = client.get(path, headers=RU).text
    assert "<h1>Платёжная форма шлюза <span class=\"muted\">(встроенная песочница)</span></h1>" in html
    assert "<tr><th>amount</th><td>(вводит Плательщик) USD</td></tr>" in html
    assert '<button type="submit" id="pay">Оплатить</button>' in html
    refused = client.post(path, headers=RU, data={"amount": "abc"}).text
    assert ('<p class="error-text">amount — нужно число в основных денежных единицах, например 10.42 '
            "(получено &#39;abc&#39;).") in refused
    paid = client.post(path, headers=RU, data={"amount": "5.00"}).text
    assert "Готово. Статус заказа теперь <strong>approved</strong>: его вернёт следующий запрос <code>status</code>" \
        in paid


def test_payer_page_dates_in_the_language(client):
    path = "/sandbox/paynet/form/" + hosted_form_token(client)
    assert '<tr><th>создан</th><td id="created">18 ноября 2026\u202fг., 11:06:40 UTC</td></tr>' in \
        client.get(path, headers=RU).text
    assert '<tr><th>created</th><td id="created">November 18, 2026, 11:06:40\u202fAM UTC</td></tr>' in \
        client.get(path, headers=EN).text


def test_three_ds_page_in_russian(client):
    html = client.get("/sandbox/paynet/3ds/" + challenge_token(client), headers=RU).text
    assert "<h1>Аутентификация 3-D Secure <span class=\"muted\">(встроенная песочница)</span></h1>" in html
    assert '<button type="submit" name="result" value="authenticated" id="authenticate">Пройти аутентификацию' in html
    assert "<tr><th>cRes (authenticated)</th>" in html  # the upload values keep their wire names


@pytest.mark.parametrize(("method", "url", "kwargs", "status", "expected"), [
    ("post", "/api/sale/sign", {"data": "x"}, 415, {"kind": "unsupported-media-type", "message":
        "Отправьте тело запроса в формате JSON с заголовком Content-Type: application/json."}),
    ("post", "/api/nope/sign", {"json": {}}, 404, {"kind": "unknown-command", "message":
        "Неизвестная команда 'nope'; известные: sale, preauth, capture, return, void, upload-cres-result, "
        "upload-pares-result, sale-form, preauth-form, account-verification-form, create-card-ref, get-card-info, "
        "make-rebill-sale, make-rebill-preauth, status, account-verification, sync-account-verification."}),
    ("post", "/api/sale/submit", {"json": {"control": "x", "string_to_sign": ""}}, 400, {"kind": "invalid", "message":
        "Некоторые поля требуют внимания; ничего не отправлено."}),
    ("post", "/api/debug", {"json": {"raw": " "}}, 400, {"kind": "unparseable", "message":
        "Вставьте запрос: сырой HTTP, команду curl, URL или тело запроса."}),
    ("post", "/api/sale/export", {"json": {"merchant_control": "k"}}, 400, {"kind": "invalid", "message":
        "merchant_control никогда не входит в экспорт: отправьте поля без него (и control, если вы его уже "
        "вычислили)."}),
    ("get", "/api/callbacks", {}, 400, {"kind": "invalid", "message":
        "token обязателен: это токен приёмника (получите его запросом POST /api/inboxes)."}),
    ("post", "/api/callback/verify", {"json": {"kind": "x"}}, 400, {"kind": "invalid", "message":
        'kind должен быть "callback" или "redirect" (или отсутствовать, чтобы проверить оба варианта).'}),
    ("get", "/api/sandbox/accounts/1/requests", {}, 401, {"kind": "unauthorised", "message":
        "Передайте токен аккаунта в заголовке Authorization: Bearer <token> (токен из ответа на создание "
        "аккаунта)."}),
    ("get", "/api/no-such-route", {}, 404, {"kind": "not-found", "message":
        "Запрошенный URL не найден на сервере. Если вы вводили URL вручную, проверьте написание и попробуйте ещё "
        "раз."}),
])
def test_json_errors_in_russian_kinds_as_they_are(client, method, url, kwargs, status, expected):
    reply = getattr(client, method)(url, headers=RU, **kwargs)
    assert (reply.status_code, reply.get_json()["error"]) == (status, expected)


def test_json_error_values_filled_in_after_translation(client):
    reply = client.post("/api/sale/sign", headers=RU, json={"amount": 10.42, "endpointid": "1"}).get_json()
    assert reply["errors"]["amount"] == ['amount должен быть строкой (передавайте суммы строками, "10.42", чтобы не '
                                         "терять точность)."]
    deep = client.post("/api/sale/sign", headers=RU, data="[" * 40, content_type="application/json").get_json()
    assert deep["error"] == {"kind": "too-deep", "message": "Вложенность тела JSON больше 32 уровней; 32 — предел."}


def test_json_errors_stay_english_without_russian(client):
    assert client.get("/api/callbacks").get_json()["error"]["message"] == \
        "token is required: the inbox's token (issue one with POST /api/inboxes)."


@pytest.mark.parametrize(("method", "url", "kwargs", "title", "message"), [
    ("get", "/no/such/page", {}, "404 Не найдено",
     "Запрошенный URL не найден на сервере. Если вы вводили URL вручную, проверьте написание и попробуйте ещё раз."),
    ("put", "/inspector", {}, "405 Метод не разрешён", "Этот метод не разрешён для запрошенного URL."),
    ("post", "/debug", {"data": {"raw": "x" * (1024 * 1024 + 10)}}, "413 Слишком большой запрос",
     "Объём переданных данных превышает допустимый предел."),
])
def test_error_pages_in_russian(client, method, url, kwargs, title, message):
    page = getattr(client, method)(url, headers=RU, **kwargs)
    assert page.status_code == int(title[:3])
    assert f"<title>{title}</title>" in page.text and f"<h1>{title}</h1>" in page.text
    assert f'<p class="error-text">{message}</p>' in page.text
    assert '<html lang="ru">' in page.text


def test_error_pages_in_english_keep_werkzeugs_words(client):
    page = client.put("/inspector", headers=EN)
    assert "<h1>405 Method Not Allowed</h1>" in page.text
    assert '<p class="error-text">The method is not allowed for the requested URL.</p>' in page.text


def test_csrf_error_page_in_russian(app_factory):
    app = app_factory()
    page = app.test_client().post("/debug", headers=RU, data={"raw": "x"})
    assert page.status_code == 400
    assert "<h1>Форма устарела</h1>" in page.text
    assert "Токен формы на странице отсутствует или устарел (защита от CSRF)." in page.text


def test_gateway_facing_texts_stay_english(client):
    """The emulated gateway's replies are wire texts, whatever the caller's language."""
    reply = client.get("/sandbox/paynet/api/v2/sale/1111", headers=RU)
    assert reply.text == "405 Method Not Allowed: The method is not allowed for the requested URL.\n"
    assert client.post("/sandbox/paynet/api/v2/nope/1", headers=RU).text == "Unknown command /api/v2/nope.\n"


def test_inbox_gone_speaks_the_browsers_language(client):
    assert client.get("/callbacks/inbox", headers=RU).text.startswith("Общего приёмника /callbacks/inbox больше нет")
    assert client.get("/callbacks/inbox").text.startswith("The shared inbox /callbacks/inbox is gone")


def web_msgids() -> set:
    """Every message Babel extracts from web/*.py (gettext, _, N_, ...)."""
    found = set()
    for path in sorted(glob.glob(os.path.join(ROOT, "web", "*.py"))):
        with open(path, "rb") as f:
            found.update(m[1] for m in extract("python", f, keywords=DEFAULT_KEYWORDS))
    return found


def test_web_messages_all_have_russian():
    with open(PO, "rb") as f:
        catalogue = read_po(f, locale="ru")
    missing = [m for m in web_msgids() if not (catalogue.get(m) and catalogue.get(m).string
                                               and not catalogue.get(m).fuzzy)]
    assert missing == []


def test_web_extraction_sees_the_messages():
    found = web_msgids()
    assert "Some fields need attention; nothing was sent." in found
    assert "Not Found" in found  # an N_-marked HTTP status name
    assert "These parameters fit several commands; choose one: %(names)s." in found


def test_reply_too_large_in_russian_but_english_on_the_wire(app_factory):
    app = app_factory()
    big = "x" * (3 * 1024 * 1024)
    app.add_url_rule("/huge-page", "huge_page", lambda: big)
    app.add_url_rule("/sandbox/paynet/api/v2/huge/1", "huge_sandbox", app.extensions["csrf"].exempt(lambda: big),
                     methods=["POST"])
    page = app.test_client().get("/huge-page", headers=RU)
    assert page.status_code == 413
    assert "<h1>Слишком большой ответ</h1>" in page.text
    assert ("Ответ занял бы 3\u00a0145\u00a0728 байт — больше предела в 2\u00a0097\u00a0152 байт (2 МиБ) для любого "
            "ответа") in page.text
    wire = app.test_client().post("/sandbox/paynet/api/v2/huge/1", headers=RU).text
    assert "error-message=The+reply+would+have+been+3%2C145%2C728+bytes" in wire


def test_environment_names_read_in_the_page_language(client):
    """The built-in ones: a configured environment keeps the name its operator wrote."""
    names = {e["id"]: e["name"] for e in client.get("/api/environments", headers=RU).get_json()["environments"]}
    assert (names["local"], names["connpay-sandbox"], names["payneteasy-production"]) == (
        "Встроенная песочница (без сети)", "Песочница ConnPay", "Боевой шлюз Payneteasy")
    english = {e["id"]: e["name"] for e in client.get("/api/environments", headers=EN).get_json()["environments"]}
    assert (english["local"], english["connpay-sandbox"], english["payneteasy-production"]) == (
        "Built-in sandbox (offline)", "ConnPay sandbox", "Payneteasy production")
    page = client.get("/sale", headers=RU).text
    assert ">Встроенная песочница (без сети) — http://localhost/sandbox/paynet</option>" in page
    assert "Built-in sandbox" not in page
