"""The address users reach the tool at: payer-facing links and inbox URLs are built from it, and the app's
requests to itself (web/inprocess.py) are addressed to it."""

from flask import current_app, request


def root() -> str:
    """PUBLIC_URL when configured, else the root this request reached (an in-process request from the app
    is addressed to the user's own). No trailing '/'."""
    return current_app.config["PUBLIC_URL"] or request.url_root.rstrip("/")


def url(path: str) -> str:
    return root() + path
