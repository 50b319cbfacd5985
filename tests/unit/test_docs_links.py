"""The brands' docs pages per command, the intros without research-note citations, the 3-D Secure hint."""

from paynet.docs_links import doc_links, plain_intro
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
