"""Every page stays under 100 KB on the wire (the same measurement as `make bench`)."""

import pytest

from bench.page_weight import PAGES, weigh

pytestmark = pytest.mark.browser


def test_every_page_under_100_kb(browser, live_server):
    sizes = {path: weigh(browser, live_server.url, path) for path in PAGES}
    assert {path: size for path, size in sizes.items() if size > 100 * 1024} == {}
    assert sizes["/sale"] > 20 * 1024  # the measurement counts the scripts, not only the HTML
