"""The commands' forms in Russian: titles, groups, intros, field descriptions, field errors and warnings. What
machines read (the OpenAPI document, /api/commands, exports, the sandbox's wire replies) stays English."""

import os
import re
from urllib.parse import unquote_plus

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

from forms import GROUPS, load_registry
from paynet.docs_links import plain_intro

RU = {"Accept-Language": "ru"}
ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
PO = os.path.join(ROOT, "translations", "ru", "LC_MESSAGES", "messages.po")
REGISTRY = load_registry()
DOC_KEY = "B17F59B4-A7DC-41B4-8FF9-37D986B43D20"


def catalogue():
    with open(PO, "rb") as f:
        return read_po(f, locale="ru")


def shown_texts(form_cls) -> list[str]:
    """Every English text the forms show a person for one command: title, intro, description parts, warnings."""
    form = form_cls.from_values({})
    texts = [form_cls.command.title, plain_intro(form_cls.__doc__ or "")]
    for field in form.params():
        texts += [p for p in field.description_parts if p]
        texts += [field.empty_warning] if field.empty_warning else []
    return texts


def untranslated(texts, po) -> list[str]:
    found = []
    for text in texts:
        message = po.get(text)
        if message is None or message.fuzzy or not message.string or not str(message.string).strip():
            found.append(text)
    return found


@pytest.mark.parametrize("name", list(REGISTRY))
def test_every_title_intro_and_description_has_a_russian_msgstr(name):
    texts = shown_texts(REGISTRY[name])
    assert len(texts) > 3
    assert untranslated(texts, catalogue()) == []


def test_every_group_has_a_russian_msgstr():
    assert untranslated(GROUPS, catalogue()) == []


def test_completeness_check_has_teeth():
    po = catalogue()
    assert untranslated(["Rebill sale", "A description nobody translated."], po) == ["A description nobody translated."]
    po["Rebill sale"].flags.add("fuzzy")
    assert untranslated(["Rebill sale"], po) == ["Rebill sale"]


def test_extraction_finds_every_shown_text():
    """pybabel extract (babel.cfg's forms extractor) sees every declared text, so an update keeps its translation:
    a description declared without N_() fails here."""
    extracted = {m[2] for m in extract_from_dir(os.path.join(ROOT, "forms"),
                                                method_map=[("**.py", "forms._extract:extract_forms")])}
    texts = {t for cls in REGISTRY.values() for t in shown_texts(cls)} | set(GROUPS)
    assert texts - extracted == set()
    assert "Recurring sale on a card reference from create-card-ref. Docs section 3.5 (ConnPay, RU)." in extracted


def test_builder_page_in_russian(client):
    html = client.get("/make-rebill-sale", headers=RU).text
    assert '<span class="muted">Повторная оплата</span>' in html
    # the intro without its docs citation: the page links the brands' pages itself
    assert '<p class="intro">Повторная оплата по ссылочному идентификатору карты из create-card-ref.</p>' in html
    preauth = client.get("/preauth", headers=RU).text
    assert ('<p class="intro">Заблокировать сумму на карте; списать её (capture) или отменить (return) можно '
            "позже.</p>") in preauth
    assert ('<details class="intro-more"><summary>подробнее о preauth</summary><p>Те же параметры и рецепт, что у '
            "sale (PreauthQuery PHP-библиотеки наследует SaleQuery), плюс поля браузера для 3-D Secure 2. Только "
            "тестовые карты.</p></details>") in preauth
    assert "(3.11, doc.connpay.com)" not in preauth and "Документация:" not in preauth
    assert '<p class="help">Логин Присоединяющейся стороны.</p>' in html
    assert ('<p class="help">Ссылочный идентификатор, полученный на этапе регистрации карты '
            "(/api/v2/create-card-ref/).</p>") in html
    assert ('<p class="help">Тип повторной оплаты: REGULAR (регулярный) или IRREGULAR (нерегулярный). Имеет '
            "приоритет над значением, установленным на шлюзе; актуально только для некоторых эквайеров.</p>") in html
    assert "<code>cardrefid</code>" in html  # parameter names stay as they are
    assert "Connecting Party" not in html


def test_builder_page_joins_translated_parts(client):
    html = client.get("/preauth", headers=RU).text
    assert ("для 3-D Secure 2 («Additional Fields» новой страницы preauth ConnPay; там обязательны, здесь "
            "необязательны, чтобы запросы, составленные до 3-D Secure 2, например запросы PHP-библиотеки, оставались "
            "корректными): заголовок Accept браузера.</p>") in html
    html = client.get("/sale", headers=RU).text
    assert ("только если транзакция одобрена. Не следует использовать этот параметр для получения результатов от "
            "шлюза:") in html


def test_builder_page_in_english_unchanged(client):
    html = client.get("/make-rebill-sale").text
    assert '<span class="muted">Rebill sale</span>' in html
    assert '<p class="help">Connecting Party&#39;s login name.</p>' in html
    html = client.get("/preauth").text
    assert ("required there, optional here so requests made before 3-D Secure 2, like the PHP library&#39;s, stay "
            "valid): the browser&#39;s Accept header.</p>") in html


def test_index_titles_and_groups_in_russian(client):
    html = client.get("/", headers=RU).text
    assert "<h2>Повторные платежи</h2>" in html
    assert "<code>make-rebill-sale</code></a>\n      — Повторная оплата <span" in html
    assert "<h2>Recurring</h2>" in client.get("/").text


def test_sign_field_errors_in_russian(client):
    data = client.post("/api/status/sign", headers=RU, json={
        "endpointid": "1111", "login": "x" * 25, "orderid": "6937030", "merchant_control": DOC_KEY}).get_json()
    assert data["errors"] == {
        "login": ["Параметр login должен содержать не более 20 симв. (получено 25)."],
        "client_orderid": ["Параметр client_orderid обязателен."]}


def test_sign_field_errors_in_english_unchanged(client):
    data = client.post("/api/status/sign", json={
        "endpointid": "1111", "login": "x" * 25, "orderid": "6937030", "merchant_control": DOC_KEY}).get_json()
    assert data["errors"] == {"login": ["login must be at most 20 characters (got 25)."],
                              "client_orderid": ["client_orderid is required."]}


def test_sign_target_key_and_rule_errors_in_russian(client):
    data = client.post("/api/sale/sign", headers=RU, json={
        "client_orderid": "1", "currency": "usd", "credit_card_number": "4538977399606733", "expire_month": "13",
        "redirect_url": "javascript:alert(1)", "state": ""}).get_json()
    assert data["errors"]["target"] == ["Параметр endpointid обязателен: укажите ровно один из endpointid или groupid."]
    assert data["errors"]["merchant_control"] == ["Для подписи нужен merchant_control (контрольный ключ)."]
    assert data["errors"]["currency"] == [
        "Параметр currency должен быть трёхбуквенным кодом в верхнем регистре, например USD."]
    assert data["errors"]["credit_card_number"] == [
        "Параметр credit_card_number не проходит проверку по алгоритму Луна: это не номер карты."]
    assert data["errors"]["expire_month"] == ["Параметр expire_month должен быть от 1 до 12."]
    assert data["errors"]["redirect_url"] == ["Параметр redirect_url должен быть абсолютным URL http:// или https://."]
    data = client.post("/api/capture/sign", headers=RU, json={"amount": "0.00"}).get_json()
    assert data["errors"]["currency"] == ["Параметр currency обязателен, если передан amount."]
    assert data["errors"]["amount"] == [
        "Параметр amount должен быть больше 0 (чтобы взять всю сумму, не передавайте его)."]


def test_sign_warnings_in_russian_signature_unchanged(client):
    values = {"endpointid": "1111", "login": "demo ", "client_orderid": "902B4FF5", "orderid": "6937030",
              "merchant_control": DOC_KEY}
    ru = client.post("/api/status/sign", headers=RU, json=values).get_json()
    en = client.post("/api/status/sign", json=values).get_json()
    assert [w["message"] for w in ru["warnings"]] == [
        "В значении login есть пробелы в начале или в конце; шлюз обрезает их перед проверкой control, и этот "
        "инструмент тоже. Без обрезки контрольная сумма была бы 0907663089820807c86440e2287fcf1a56207e01 вместо "
        "ff89b6027cef75c8ee56beb027660d970b41dad7."]
    assert [w["code"] for w in ru["warnings"]] == [w["code"] for w in en["warnings"]] == ["whitespace"]
    assert ru["signature"] == en["signature"] == "ff89b6027cef75c8ee56beb027660d970b41dad7"
    assert ru["string_to_sign"] == en["string_to_sign"] == "demo902B4FF56937030***"


def test_redirect_and_empty_amount_warnings_in_russian(client):
    data = client.post("/api/preauth-form/sign", headers=RU, json={
        "redirect_url": "https://a.example/", "redirect_fail_url": "https://a.example/f"}).get_json()
    assert {w["code"]: w["message"] for w in data["warnings"]} == {
        "empty": "amount пуст: Плательщик введёт сумму на платёжной форме, а параметр не попадёт ни в тело запроса, "
                 "ни в строку для подписи. Вы этого хотите?",
        "redirect-exclusive": "Используйте либо redirect_url, либо redirect_success_url + redirect_fail_url, но не "
                              "то и другое одновременно (правило документации; некоторые плагины отправляют все три)."}


def test_openapi_and_commands_stay_english(client):
    spec = client.get("/api/openapi.json", headers=RU).get_json()
    login = spec["components"]["schemas"]["MakeRebillSaleSignRequest"]["properties"]["login"]
    assert login["description"] == "Connecting Party's login name."
    assert spec["paths"]["/api/make-rebill-sale/sign"]["post"]["summary"].startswith("Rebill sale: ")
    commands = {c["name"]: c for c in client.get("/api/commands", headers=RU).get_json()["commands"]}
    assert commands["make-rebill-sale"]["title"] == "Rebill sale"
    assert commands["make-rebill-sale"]["group"] == "Recurring"
    assert commands["preauth"]["fields"][-1]["description"].endswith("stay valid): the browser's User-Agent header.")


def test_export_stays_english(client):
    data = client.post("/api/status/export", headers=RU, json={
        "endpointid": "1111", "login": "demo", "client_orderid": "902B4FF5", "orderid": "6937030"}).get_json()
    assert ': "${MERCHANT_CONTROL:?set MERCHANT_CONTROL to the merchant control key}"' in data["exports"]["curl"]["env"]
    assert '"name": "PaynetEasy status"' in data["exports"]["postman"]["control"]


def test_sandbox_reply_stays_english_for_a_russian_caller(client, app):
    demo = app.extensions["sandbox"].demo
    reply = client.post(f"/sandbox/paynet/api/v2/status/{demo.endpointid}", headers=RU,
                        data={"login": "x" * 25, "client_orderid": "902B4FF5", "control": "0" * 40})
    assert "error-message=login must be at most 20 characters (got 25).\n" in unquote_plus(reply.text)


def test_page_sign_post_shows_russian_field_errors(client):
    client.set_cookie("lang", "ru")
    token = re.search(r'name="csrf_token" value="([^"]+)"', client.get("/status").text)[1]
    html = client.post("/status", data={"csrf_token": token, "target": "endpoint", "target_id": "12a",
                                        "login": "demo", "orderid": "6937030"}).text
    assert '<li class="error">Параметр client_orderid обязателен.</li>' in html
    assert '<li class="error">Параметр endpointid должен содержать только цифры.</li>' in html


@pytest.mark.parametrize("name", list(REGISTRY))
def test_every_builder_page_renders_in_russian(client, name):
    page = client.get(f"/{name}", headers=RU)
    assert page.status_code == 200
    assert '<html lang="ru">' in page.text
    assert f'<span class="muted">{REGISTRY[name].command.title}</span>' not in page.text  # the English title
    assert '<span class="muted">' in page.text
