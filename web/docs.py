"""The docs, served at /docs/ from the site `make docs` builds (mkdocs.yml: site/, git-ignored).

A team's server is often offline, so the docs come with the tool. The built site's files are sent as they are,
by send_from_directory (a path outside the site is a 404). Material's pages carry three small inline scripts;
instead of 'unsafe-inline', each HTML reply's CSP names their SHA-256 hashes (web/headers.py), and allows data:
images for the theme's icons. Nothing else is widened: no external origin, no inline style.
"""

import base64
import hashlib
import os
import re

from flask import redirect, request, send_from_directory
from flask_babel import gettext as _
from werkzeug.security import safe_join

from web import faces, headers

SITE = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "site")
# An inline script: <script> with no attributes (a src= script is a file; type="application/json" is data).
_INLINE = re.compile(rb"<script>(.*?)</script>", re.S)

bp = faces.blueprint("docs", __name__, faces.PAGE, url_prefix="/docs")


@bp.get("/", defaults={"path": ""})
@bp.get("/<path:path>")
def page(path: str):
    if not os.path.isfile(os.path.join(SITE, "index.html")):
        return faces.page(_("The docs are not built"),
                          _("This copy of the tool has no built docs: run “make docs” (or “make run”), "
                            "which builds them into site/."), 404)
    found = safe_join(SITE, path)
    if found and os.path.isdir(found):
        if path and not path.endswith("/"):  # the pages' links are relative to their folder
            return redirect(request.path + "/", 308)
        path = f"{path}index.html"
        found = os.path.join(found, "index.html")
    if not found or not os.path.isfile(found):
        return faces.page(_("Not found"), _("The docs have no page at this address."), 404)
    reply = send_from_directory(SITE, path)
    if reply.mimetype == "text/html":
        with open(found, "rb") as f:
            headers.allow_docs_page(script_hashes(f.read()))
    return reply


def script_hashes(html: bytes) -> list[str]:
    """The CSP source of every inline script in the page."""
    return [f"'sha256-{base64.b64encode(hashlib.sha256(body).digest()).decode()}'" for body in _INLINE.findall(html)]
