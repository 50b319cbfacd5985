"""Where each brand documents a command: the page's URL. No section numbers: the brands number their pages
differently, and the declarations' `doc` sections mix brands (3.14 Payneteasy, 3.12 ConnPay)."""

import re

# The brands' API command pages share one layout (api_v2_<command>.html). Solid Payments publishes no public
# page that this tool's sources saw: it gets no link rather than a guessed one.
BRAND_DOCS = (
    ("payneteasy", "Payneteasy", "https://doc.payneteasy.eu/integration/API_commands/"),
    ("connpay", "ConnPay", "https://doc.connpay.com/integration/API_commands/"),
    ("solidpayments", "Solid Payments", ""),
)
# Intros cite the research notes ("api-notes 4.4"): internal numbers, not the docs' sections.
NOTES_CITATION = re.compile(r"\s*\(api-notes [\d., ]+\d\)|(?:;? (?:PHP and )?)?api-notes [\d., ]*\d;? ?")


def doc_links(name: str, prefix: str) -> list[dict]:
    """One entry per brand: {brand, title, url}; url is "" where no page is known."""
    known = prefix == "/api/v2"  # the 3-D Secure upload pages live elsewhere, under names not seen
    page = f"api_v2_{name}.html"  # the docs keep the dashes: api_v2_create-card-ref.html
    return [{"brand": key, "title": title, "url": base + page if base and known else ""}
            for key, title, base in BRAND_DOCS]


# Where a declaration cites its source ("Docs: api_v2_preauth (3.11, doc.connpay.com).", "(doc.payneteasy.eu
# 3.21)"), in either language: for the code's readers; the page links the brands' pages itself.
DOCS_CITATION = re.compile(r"\s*(?:Docs:|Docs section|Документация:|Раздел документации)\s.*$"
                           r"|\s*\([^()]*\bdoc2?\.\w+\.\w+[^()]*\)", re.S)
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-ZА-ЯЁ«\"(])")


def page_intro(text: str) -> tuple[str, str]:
    """A translated intro without its docs citation, as (the first sentence, the rest): the page shows the
    rest on demand."""
    parts = _SENTENCE_END.split(DOCS_CITATION.sub("", text).strip(), maxsplit=1)
    return parts[0], parts[1] if len(parts) > 1 else ""


def plain_intro(doc: str) -> str:
    """A form's docstring as the page's intro: one paragraph, without citations of the research notes."""
    return NOTES_CITATION.sub("", " ".join(doc.split()))
