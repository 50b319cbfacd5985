"""The brands' docs pages per command, the intros without research-note citations, the 3-D Secure hint."""

from paynet.docs_links import doc_links, page_intro, plain_intro
from paynet.responses import hint


def test_doc_links_for_a_v2_command():
    assert doc_links("create-card-ref", "/api/v2") == [
        {"brand": "payneteasy", "title": "Payneteasy",
         "url": "https://doc.payneteasy.eu/integration/API_commands/api_v2_create-card-ref.html"},
        {"brand": "connpay", "title": "ConnPay",
         "url": "https://doc.connpay.com/integration/API_commands/api_v2_create-card-ref.html"},
        {"brand": "solidpayments", "title": "Solid Payments", "url": ""}]


def test_doc_links_none_outside_api_v2():
    assert [d["url"] for d in doc_links("upload-cres-result", "/api/3ds/v1")] == ["", "", ""]


def test_plain_intro_drops_research_note_citations():
    assert plain_intro("Capture an approved preauth.\n    Docs: api_v2_capture (api-notes 4.4).") \
        == "Capture an approved preauth. Docs: api_v2_capture."
    assert plain_intro("Verify. Docs: api_v2_account-verification (its recipe was cut off; PHP and api-notes 4.12).") \
        == "Verify. Docs: api_v2_account-verification (its recipe was cut off)."
    assert plain_intro("Docs: api_v2_x (api-notes 4.12; the response type by analogy).") \
        == "Docs: api_v2_x (the response type by analogy)."


def test_processing_with_a_payer_page_says_to_open_it():
    assert hint({"type": "status-response", "status": "processing", "redirect-to": "https://x.example/3ds"}) == (
        "Waiting for the payer: open the payer's page (redirect-to) to finish 3-D Secure; the status stays "
        "processing until then.")
    assert hint({"type": "status-response", "status": "processing"}) == (
        "Not final yet: poll status again in a few seconds (or wait for the callback).")


def test_page_intro_drops_the_docs_citation_and_folds_the_rest():
    assert page_intro("Hold the amount. Same recipe as sale. Test cards only. Docs: api_v2_preauth (3.11, "
                      "doc.connpay.com).") == ("Hold the amount.", "Same recipe as sale. Test cards only.")
    assert page_intro("Create a sale. Same parameters, in the order of the sale-form page (doc.payneteasy.eu "
                      "3.21).") == ("Create a sale.", "Same parameters, in the order of the sale-form page.")
    assert page_intro("Recurring sale. Docs section 3.5 (ConnPay, RU).") == ("Recurring sale.", "")
    assert page_intro("Повторная оплата. Раздел документации 3.5 (ConnPay, RU).") == ("Повторная оплата.", "")
    assert page_intro("Синхронная проверка. Только тестовые карты. Документация: doc.paywize.com x; PHP.") == (
        "Синхронная проверка.", "Только тестовые карты.")
    assert page_intro("Capture it (no amount) or in part.") == ("Capture it (no amount) or in part.", "")
