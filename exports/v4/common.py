"""What every v4 snippet says alike: the key file's variable, its messages, the opening comment."""

KEY_FILE = "PAYNET_PRIVATE_KEY_FILE"
# No apostrophe: bash would read one as a quote inside "${VAR:?message}".
KEY_UNSET = f"set {KEY_FILE} to the path of your RSA private key (a PEM file)"
KEY_UNREADABLE = f"{KEY_FILE}: no RSA private key (PEM) could be read from "  # then the path
ENCODING = "RFC 3986 over the UTF-8 bytes: A-Z a-z 0-9 - . _ ~ kept, every other byte %XX (a space %20, never +)"


def intro(request, comment: str, run: str) -> list[str]:
    """The snippet's opening comment lines: what it sends, how it signs, where the key comes from, how to run it."""
    what = f"v4 {request.command}" if request.command else "v4 request"
    lines = [f"PaynetEasy {what}, signed with OAuth 1.0a RSA-SHA256 when it runs (a fresh nonce and timestamp",
             f"each time) with the private key in the file {KEY_FILE} names: the key is never in this file.",
             f"Run: {KEY_FILE}=private.pem {run}"]
    return [f"{comment} {line}" for line in lines]
