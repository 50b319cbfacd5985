"""Every page stays under 100 KB on the wire in both languages (the same measurement as `make bench`)."""

import pytest

from bench.page_weight import BUDGET, LANGUAGES, pages, weigh

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_page_under_100_kb(browser, live_server, lang):
    sizes = weigh(browser, live_server.url, pages(), lang)
    assert {path: size for path, size in sizes.items() if size > BUDGET} == {}
    assert sizes["/sale"] > 20 * 1024  # the measurement counts the scripts, not only the HTML
    assert len(sizes) == 30  # every command's builder page (v2 and v4) and the tool's six others
