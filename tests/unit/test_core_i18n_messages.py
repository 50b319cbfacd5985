"""The core's messages in Russian: under a translator built from the catalogue they read in Russian (literal
texts, values filled after translation), without one in English, byte for byte as before; the sandbox's replies
stay English; every message Babel extracts from the core packages has a Russian translation."""

import ast
import glob
import io
import os

import pytest
from babel.messages.extract import extract_from_file
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.support import Translations

from debugger import callbacks, diagnose, hypotheses, paste, vectors
from debugger.lint import lint
from outbound import client, urlpolicy
from paynet import amounts, i18n, responses, wire
from paynet.command import Command, Parameter
from paynet.signing import KEY, MINOR_AMOUNT, as_part
from paynet.wire import parse_pairs
from sandbox import inspector
from sandbox.gateway import Sandbox

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
PO = os.path.join(ROOT, "translations", "ru", "LC_MESSAGES", "messages.po")
DOC_KEY = "B17F59B4-A7DC-41B4-8FF9-37D986B43D20"
REBILL = tuple(as_part(p) for p in ("login", "client_orderid", "cardrefid", MINOR_AMOUNT, "currency", KEY))
VALUES = {"login": "demo", "client_orderid": "R1", "cardrefid": "1461665", "amount": "1.15", "currency": "USD"}
STATUS = Command("status", recipe=tuple(as_part(p) for p in ("login", "client_orderid", "orderid", KEY)),
                 response="status-response",
                 params=(Parameter("login", "required", 20), Parameter("client_orderid", "required", 128),
                         Parameter("orderid", "required", 20)))


def catalogue():
    with open(PO, "rb") as f:
        return read_po(f, locale="ru")


@pytest.fixture(scope="module")
def translations():
    compiled = io.BytesIO()
    write_mo(compiled, catalogue())
    compiled.seek(0)
    return Translations(fp=compiled)


@pytest.fixture
def russian(translations):
    token = i18n.install(translations.gettext, translations.ngettext)
    yield
    i18n.reset(token)


def error(call) -> str:
    try:
        call()
    except Exception as exc:  # noqa: BLE001 -- the message is what is checked
        return str(exc)
    raise AssertionError("no exception")


def hypothesis(values: dict, hid: str) -> str:
    found = hypotheses.candidates(hypotheses.Case(REBILL, values, "endpoint", "1111"))
    return next(c.message for c in found if c.id == hid)


def finding(text: str, code: str, spec=None) -> str:
    return next(f["message"] for f in lint(paste.parse(text), spec) if f["code"] == code)


def detect_notes() -> list:
    return diagnose.detect(paste.parse("login=demo&client_orderid=R1&orderid=5"), {"status": STATUS}).notes


SAMPLES = [  # (what, call, English, Russian): one or more per module
    ("amounts", lambda: error(lambda: amounts.parse_amount("1,5")),
     "must use '.' as the decimal delimiter, not ',' (got '1,5')",
     "— десятичным разделителем должна быть '.', а не ',' (получено '1,5')"),
    ("amounts-length", lambda: error(lambda: amounts.parse_amount("12345678901", 10)),
     "must be at most 10 characters (got 11)",
     "— слишком длинное значение: не больше 10 симв. (получено 11)"),
    ("hypotheses", lambda: hypothesis(VALUES, "amount-major-units"),
     "The amount was signed as sent (1.15) instead of in minor units (cents).",
     "Сумма подписана в том виде, в каком передана (1.15), а не в минимальных денежных единицах (копейках)."),
    ("field-mistakes", lambda: hypothesis(VALUES, "field-sent-not-signed"),
     "Sent but left out of the string: login. The gateway signs every part of the recipe that is sent.",
     "Передано, но не включено в строку: login. Шлюз подписывает каждую часть формулы, которая передана."),
    ("callbacks-other-kind", lambda: callbacks.verify("status=a&orderid=1&merchant_order=M&client_orderid=C&control="
                                                      "0", "", "redirect")["hypotheses"][0]["candidates"][0]["message"],
     "This final redirect was signed with the callback's recipe (status + orderid + merchant_order); a final redirect "
     "signs status + orderid + client_orderid. A GET to server_callback_url is a callback: check it as one.",
     "Это финальное перенаправление подписано по формуле обратного вызова (status + orderid + merchant_order); "
     "финальное перенаправление подписывает status + orderid + client_orderid. GET на server_callback_url — это "
     "обратный вызов: проверьте его как обратный вызов."),
    ("hypotheses-joined", lambda: hypothesis({**VALUES, "amount": "10.125"}, "amount-rounded"),
     "The amount 10.125 has more than 2 decimals; the client signed its cents truncated, rounded half even or "
     "truncated from its binary float (1012). The gateway's amounts have 2 decimals: send the amount rounded as "
     "it was signed.",
     "У суммы 10.125 больше 2 знаков после точки; клиент подписал её в копейках, отбросив лишние знаки, округлив "
     "половину до чётного или отбросив лишние знаки двоичного числа с плавающей точкой (1012). Суммы шлюза имеют 2 "
     "знака после точки: передавайте сумму, округлённую так же, как при подписи."),
    ("hypotheses-expected", lambda: hypotheses.Case(REBILL, VALUES, "endpoint", "1111").expected().message,
     "The documented recipe.", "Рецепт из документации."),
    ("diagnose-notes", detect_notes,
     ["Detected from the parameters; choose the command if it is not the right one."],
     ["Команда определена по параметрам; если определена не та, выберите команду."]),
    ("diagnose-unknown", lambda: error(lambda: diagnose.detect(paste.parse("login=a"), {"status": STATUS}, "nope")),
     "Unknown command 'nope'.", "Неизвестная команда 'nope'."),
    ("lint-percent", lambda: finding("login=+7&client_orderid=R1", "unencoded-plus"),
     "login: a literal '+' decodes as a space ('+7' is read as ' 7'); encode a plus sign as %2B.",
     "login: символ '+' декодируется как пробел ('+7' читается как ' 7'); кодируйте знак плюс как %2B."),
    ("lint-required", lambda: finding("login=demo&client_orderid=R1", "missing-required", STATUS),
     "orderid is required by status.", "orderid — обязательный параметр status."),
    ("lint-length", lambda: finding("login=" + "x" * 21, "too-long", STATUS),
     "login is 21 characters; the documented maximum is 20.",
     "login: 21 симв., а максимум по документации — 20."),
    ("paste", lambda: paste.parse("hello").problems,
     ["No request found: expected raw HTTP, a curl command, a URL with a query string, or a name=value&... body."],
     ["Запрос не найден: ожидается сырой HTTP-запрос, команда curl, URL со строкой запроса или тело вида "
      "name=value&..."]),
    ("paste-curl", lambda: paste.parse("curl -d a=1").problems,
     ["The curl command has no URL."], ["В команде curl нет URL."]),
    ("callbacks", lambda: callbacks.verify("status=approved&orderid=1&merchant_order=R1", "")["warnings"][1],
     "There is no control in what was pasted.", "Во вставленном тексте нет control."),
    ("callbacks-declared", lambda: callbacks.verify("status=approved&orderid=1&merchant_order=R1", "")["warnings"][0],
     "The signature covers only status, orderid and the merchant's order id: amount, type, card data and every "
     "other field are not signed and could have been changed. Cross-check them with a status request before "
     "acting on them.",
     "Контрольная сумма покрывает только status, orderid и идентификатор заказа Присоединяющейся стороны: amount, "
     "type, данные карты и все остальные поля не подписаны и могли быть изменены. Прежде чем действовать на их "
     "основании, сверьте их запросом status."),
    ("callbacks-unreadable", lambda: error(lambda: callbacks.verify("hello", "")),
     "No name=value parameters found: paste the callback's query string, URL or body.",
     "Параметры name=value не найдены: вставьте строку запроса, URL или тело обратного вызова."),
    ("urlpolicy", lambda: error(lambda: urlpolicy.parse("ftp://example.com/")),
     "only http and https URLs are fetched", "запрашиваются только URL http и https"),
    ("urlpolicy-entries", lambda: error(lambda: urlpolicy.parse_entries(["example.com/x"])),
     "CALLBACK_HOSTS entry 'example.com/x': write host or host:port, without a scheme or path",
     "Запись CALLBACK_HOSTS 'example.com/x': пишите host или host:port, без схемы и пути"),
    ("urlpolicy-policy", lambda: error(lambda: urlpolicy.Policy().check(urlpolicy.parse("http://example.com/"))),
     "not allowed by CALLBACK_HOSTS: example.com:80 is not listed (by default callbacks go only to the tool's own "
     "inboxes)",
     "не разрешено CALLBACK_HOSTS: example.com:80 нет в списке (по умолчанию обратные вызовы идут только во "
     "входящие самого инструмента)"),
    ("client", lambda: client.classify(ConnectionRefusedError()).to_dict(),
     {"kind": "connect", "message": "The connection was refused: nothing listens at the gateway's address."},
     {"kind": "connect", "message": "В соединении отказано: по адресу шлюза никто не принимает соединения."}),
    ("client-value", lambda: client.classify(KeyError()).to_dict(),
     {"kind": "connect", "message": "Could not connect to the gateway (KeyError)."},
     {"kind": "connect", "message": "Не удалось подключиться к шлюзу (KeyError)."}),
    ("responses", lambda: responses.hint({"type": "status-response", "status": "approved"}),
     "Final: the transaction went through.", "Конечный статус: транзакция проведена."),
    ("responses-code", lambda: responses.hint({"type": "validation-error", "error-code": "9"}),
     "The gateway refused the request; the error message says why.",
     "Шлюз отклонил запрос; причина указана в сообщении об ошибке."),
    ("wire", lambda: wire.utf8_problem("login", "\ud800"),
     "login is not valid text: it holds a lone surrogate (a \\ud800-\\udfff escape) that cannot be encoded as "
     "UTF-8.",
     "login — недопустимый текст: в нём одиночный суррогат (экранирование \\ud800-\\udfff), который нельзя "
     "закодировать в UTF-8."),
    ("vectors", lambda: [v["note"] for v in vectors.command_vectors(REBILL, VALUES, ("endpoint",))][:2],
     ["The docs' example values and key.", "amount 0.29 in cents, exactly (never through a float)."],
     ["Значения и ключ из примера документации.", "amount 0.29 в копейках, точно (никогда не через число с "
      "плавающей точкой)."]),
    ("inspector", lambda: i18n.translate(inspector.FLOW_HINTS["Order"]),
     "Orders are per sandbox account: an order created through the demo account or another account is not "
     "visible to this one (nor is one older than 24 hours).",
     "У каждого аккаунта песочницы свои заказы: заказ, созданный через демо-аккаунт или другой аккаунт, этому "
     "аккаунту не виден (как и заказ старше 24 часов)."),
]


@pytest.mark.parametrize(("call", "english"), [s[1:3] for s in SAMPLES], ids=[s[0] for s in SAMPLES])
def test_core_messages_in_english_without_a_translator(call, english):
    assert call() == english


@pytest.mark.parametrize(("call", "russian_text"), [(s[1], s[3]) for s in SAMPLES], ids=[s[0] for s in SAMPLES])
def test_core_messages_in_russian_under_the_catalogue(russian, call, russian_text):
    assert call() == russian_text


def test_diagnosis_explanation_in_russian(russian):
    raw = "POST /paynet/api/v2/status/1111 HTTP/1.1\n\nlogin=demo&client_orderid=R1&orderid=5&control=" + "0" * 40
    pasted = paste.parse(raw)
    result = diagnose.diagnose(pasted, diagnose.detect(pasted, {"status": STATUS}), DOC_KEY)
    assert result.verdict == "mismatch"
    assert result.explanation == (
        "Ни одна известная ошибка не воспроизводит полученный control. Скорее всего, Присоединяющаяся сторона "
        "подписала запрос другим ключом (проверьте, какой ключ принадлежит этой конечной точке, и не перепутаны ли "
        "песочница и боевая среда), или подписанные значения отличаются от вставленных (изменены после подписи, "
        "перекодированы прокси или фреймворком). Дальше: попросите у Присоединяющейся стороны её точную строку для "
        "подписи и сравните её по частям с ожидаемой. Проверенные гипотезы: uppercase-hex, orderid-for-client-orderid, "
        "client-orderid-for-orderid, field-sent-not-signed, wrong-order, sale-recipe-for-return, key-whitespace, "
        "key-missing, wrong-algorithm.")


def test_a_found_mistake_is_explained_in_russian_and_signs_the_same(russian):
    raw = ("POST /paynet/api/v2/make-rebill-sale/1111 HTTP/1.1\n\nlogin=demo&client_orderid=R1&cardrefid=1461665"
           "&amount=1.15&currency=USD&control=ee9ee8534654f12d0f12b7d127e0f0041925c49b")
    spec = Command("make-rebill-sale", recipe=REBILL)
    pasted = paste.parse(raw)
    result = diagnose.diagnose(pasted, diagnose.detect(pasted, {"make-rebill-sale": spec}), DOC_KEY)
    assert result.expected_control == "6feda405a0a687e7725df5e4b68ca49ae3554a4a"
    assert result.to_dict()["diagnosis"] == [{
        "id": "amount-major-units", "string_to_sign": "demoR114616651.15USD***",
        "message": "Сумма подписана в том виде, в каком передана (1.15), а не в минимальных денежных единицах "
                   "(копейках)."}]


def test_english_inside_a_russian_request(russian):
    assert error(lambda: amounts.parse_amount("-1")) == "— отрицательное значение недопустимо (получено '-1')"
    with i18n.english():
        assert error(lambda: amounts.parse_amount("-1")) == "must not be negative (got '-1')"
    assert error(lambda: amounts.parse_amount("-1")) == "— отрицательное значение недопустимо (получено '-1')"


def amount_rule(values: dict) -> dict:
    try:
        amounts.parse_amount(values.get("amount", ""))
    except amounts.AmountError as exc:
        return {"amount": [f"amount {exc}."]}
    return {}


def test_the_sandbox_answers_in_english_under_a_russian_translator(russian, tmp_path):
    spec = Command("make-rebill-sale", recipe=REBILL, validate=amount_rule, transaction="sale")
    sandbox = Sandbox(str(tmp_path / "sandbox.db"), {"make-rebill-sale": spec})
    body = b"login=demo&client_orderid=R1&cardrefid=1461665&amount=1,5&currency=USD"
    reply = parse_pairs(sandbox.handle("make-rebill-sale", "endpoint", "1111", body, "http://127.0.0.1").body)
    assert reply["error-message"] == "amount must use '.' as the decimal delimiter, not ',' (got '1,5')."
    assert amount_rule({"amount": "1,5"}) == {"amount": [
        "amount — десятичным разделителем должна быть '.', а не ',' (получено '1,5')."]}


# -- completeness: every message the core marks has its Russian -------------------------------------------------

CORE = ("paynet", "debugger", "sandbox", "store", "outbound", "exports")  # everything but forms/ and web/
CORE_FILES = sorted(path for package in CORE for path in glob.glob(os.path.join(ROOT, package, "*.py")))


def core_msgids() -> set:
    """What Babel's own extractor finds in the core packages (_, N_, ngettext, ...: its default keywords)."""
    return {m[1] for path in CORE_FILES for m in extract_from_file("python", path)}


def test_every_core_message_has_a_russian_translation():
    po = catalogue()
    missing = []
    for msgid in core_msgids():
        message = po.get(msgid[0] if isinstance(msgid, tuple) else msgid)
        strings = message.string if message else ""
        if not message or message.fuzzy or not all(strings if isinstance(strings, tuple) else (strings,)):
            missing.append(msgid)
    assert missing == []


def test_the_completeness_check_sees_the_core_messages():
    found = core_msgids()
    assert "Hypotheses tried: %(ids)s." in found  # a _() call with values
    assert callbacks.NOT_SIGNED in found  # an N_() declaration
    assert "only http and https URLs are fetched" in found
    assert len(found) == 269  # recount when a message is added or removed: the check must keep seeing them all


# Calls whose message reaches a person: an f-string or a concatenation there escapes extraction.
MESSAGE_CALLS = {"_", "N_", "ngettext", "finding", "Candidate", "Refused", "Unresolved", "AmountError", "ValueError",
                 "UnparseableResponse", "Unreadable", "append", "vector"}
# Texts that stay English on purpose: the sandbox's wire replies and records, machine documents, code exports.
ENGLISH_ON_PURPOSE = {"sandbox/gateway.py", "sandbox/rules.py", "sandbox/pages.py", "sandbox/callbacks.py",
                      "sandbox/inspector.py", "paynet/threeds.py", "outbound/environments.py", "store/store.py",
                      "store/engines.py", "store/migrate.py", "store/inboxes.py"}


def untranslated(source: str) -> list[str]:
    """A msgid that is not one literal; an f-string or a concatenation of prose passed to a message call."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if not isinstance(node, ast.Call):
            continue
        name = getattr(node.func, "id", getattr(node.func, "attr", ""))
        if name not in MESSAGE_CALLS:
            continue
        if name in ("_", "N_", "ngettext"):  # the msgid itself: one literal, or a constant declared with N_
            found += [ast.unparse(arg)[:60] for arg in node.args[:1] if not isinstance(arg, ast.Constant)
                      and not (name == "_" and isinstance(arg, ast.Name) and arg.id.isupper())]
            continue
        for arg in node.args:
            prose = any(isinstance(c, ast.Constant) and isinstance(c.value, str) and " " in c.value.strip()
                        for c in ast.walk(arg))
            if isinstance(arg, ast.JoinedStr | ast.BinOp) and prose:
                found.append(ast.unparse(arg)[:60])
    return found


def test_no_core_message_escapes_extraction():
    found = {}
    for path in CORE_FILES:
        where = os.path.relpath(path, ROOT).replace(os.sep, "/")
        if where in ENGLISH_ON_PURPOSE or where.startswith("exports/"):
            continue
        with open(path, encoding="utf-8") as f:
            hits = untranslated(f.read())
        if hits:
            found[os.path.relpath(path, ROOT)] = hits
    assert found == {}


def test_the_extraction_scan_has_teeth():
    assert untranslated('finding("error", name, "x", f"{name} is required.")') == ["f'{name} is required.'"]
    assert untranslated('problems.append("No URL " + where)') == ["'No URL ' + where"]
    assert untranslated('_(f"Amount {x} is bad")') == ["f'Amount {x} is bad'"]
    assert untranslated('_(MESSAGE + " more")') == ["MESSAGE + ' more'"]
    assert untranslated('_(MESSAGE, host=h)') == [] and untranslated('_(message)') == ["message"]
    assert untranslated('_("Amount %(x)s is bad", x=f"{v:,}")') == []
    assert untranslated('vector(f"amount-{text}", note)') == []
