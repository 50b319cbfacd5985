"""Requests, callbacks and pastes the tests share, with their controls worked out by hand (sha1 of the string
written out), so no test module imports another."""

from pathlib import Path

REBILL = "login=demo&client_orderid=R1&cardrefid=1461665&amount=1.15&currency=USD&ipaddress=1.2.3.4&order_desc=x"

FORM = "client_orderid=F1&amount=10.00&email=e%40x.y"


def http(path: str, body: str) -> str:
    return (f"POST /paynet/api/v2/{path} HTTP/1.1\nHost: sandbox.example.com\n"
            f"Content-Type: application/x-www-form-urlencoded\n\n{body}")

CASES = [  # (mistake id, path, body, control made with that mistake: sha1 of the string written out by hand)
    ("amount-major-units", "make-rebill-sale/1111", REBILL, "ee9ee8534654f12d0f12b7d127e0f0041925c49b"),
    ("amount-float-truncation", "make-rebill-sale/1111", REBILL, "f01541e032208b01a5f5b4b5e644a08668fc3b9c"),
    ("amount-zero-when-absent", "make-rebill-sale/1111", REBILL.replace("amount=1.15&", ""),
     "bf0167c175c2837ed50832ff904ae36602923d03"),
    ("amount-iso-exponent", "make-rebill-sale/1111", REBILL.replace("1.15&currency=USD", "1000&currency=JPY"),
     "a6851ae95ed17acad93289b682d2d6eea39d1ac8"),
    ("untrimmed-whitespace", "make-rebill-sale/1111", REBILL.replace("client_orderid=R1", "client_orderid=+R1"),
     "54657cde68354f5574747a53bf508805618e35a6"),
    ("url-encoded-values", "make-rebill-sale/1111", REBILL.replace("client_orderid=R1", "client_orderid=R+1"),
     "afc571d170fdfd580106d562b8880715f1e3d219"),
    ("url-encoded-values", "make-rebill-sale/1111", REBILL.replace("client_orderid=R1", "client_orderid=R+1"),
     "dd2f65eaead384570b842d93e6ea6f776c631180"),
    ("group-id-instead-of-endpoint", "preauth-form/1111", FORM, "9bc0914570bb0668b0ed5d3645a77e11baa2fa07"),
    ("endpoint-instead-of-group", "preauth-form/group/2222", FORM, "7d9e4c965b150a6c840360a553905e90a15a8bdc"),
    ("missing-endpoint-id", "preauth-form/1111", FORM, "037f7e7892e86159063bd32ac2f6a23e717d1dee"),
    ("wrong-order", "make-rebill-sale/1111", REBILL, "7d953b896cccb1d08e8063681ba405c2494b70e4"),
    ("legacy-rebill-recipe", "make-rebill-sale/1111", REBILL, "238242660f9a9b02e01772b30e0f08f58cec9706"),
    ("sale-recipe-for-return", "status/1111", "login=demo&client_orderid=R1&orderid=7000001",
     "d3646b23db5a09c83e3873d54ef6941c39f0d3a0"),
    ("sale-recipe-for-return", "return/1111", "login=demo&client_orderid=R1&orderid=7000001&amount=10.00&currency=USD",
     "c3e50139692986fb7bb115cf5ec6967bc1fd45a5"),
    ("uppercase-hex", "make-rebill-sale/1111", REBILL, "6FEDA405A0A687E7725DF5E4B68CA49AE3554A4A"),
    ("key-whitespace", "make-rebill-sale/1111", REBILL, "a9d02ab237d86eca8ecb6ef60944093b15f7d401"),
    ("key-missing", "make-rebill-sale/1111", REBILL, "ea8c37ee29285271f18749dc92d41bfab2499e57"),
    ("wrong-algorithm", "make-rebill-sale/1111", REBILL,
     "4b193d3a1d3cde6028c6343a606248c694ebf30111c68747b96823d0b86ae761"),
    ("wrong-algorithm", "make-rebill-sale/1111", REBILL, "390a697dabc3ad51573733d7fb4ce18b"),
    ("wrong-algorithm", "make-rebill-sale/1111", REBILL, "1d2956632f2142b3d1084e5960e0c6bb6de39d5b"),
    # sha1("demoR1146166530USD" + key): floats added (0.1 + 0.2), the cents meant signed, the float's text sent.
    ("amount-float-artifact", "make-rebill-sale/1111", REBILL.replace("1.15", "0.30000000000000004"),
     "c3b02afb66c7317d9332f2e7d77ce9f7b7d5afd5"),
    # 10.005: sha1("demoR114616651000USD" + key) truncated / half even, sha1("demoR114616651001USD" + key) half up.
    ("amount-rounded", "make-rebill-sale/1111", REBILL.replace("1.15", "10.005"),
     "cc74e6430e0bc4300fe2f36e901b747b2539adb3"),
    ("amount-rounded", "make-rebill-sale/1111", REBILL.replace("1.15", "10.005"),
     "9458323efe7cc96040b3b827f3980fb306ed2296"),
    # One parameter a line, as on the Solid Payments page: '¤cy=USD'. Signed with USD: the right control.
    ("currency-eaten", "make-rebill-sale/1111", REBILL.replace("&currency=USD", "\n¤cy=USD\n&"),
     "6feda405a0a687e7725df5e4b68ca49ae3554a4a"),
    # client_orderid=A+B sent unencoded and signed as typed: sha1("demoA+B1461665115USD" + key)
    ("unencoded-plus", "make-rebill-sale/1111", REBILL.replace("R1", "A+B"),
     "ba007b8dad2c0ea8187ba4beee21324e1f40993c"),
    # sha1("demoR1R1" + key): client_orderid's value in orderid's place; sha1("demo70000017000001" + key): back.
    ("client-orderid-for-orderid", "status/1111", "login=demo&client_orderid=R1&orderid=7000001",
     "d577c89e833c1c85f53993060ba7c045dc67ddcb"),
    ("orderid-for-client-orderid", "status/1111", "login=demo&client_orderid=R1&orderid=7000001",
     "8d786288ccc75fdd620f2ebc24fd6f540187f7aa"),
    # sha1("demoC17000001nullnull" + key): a Java client's null amount and currency, neither sent.
    ("null-signed-for-empty", "capture/1111", "login=demo&client_orderid=C1&orderid=7000001",
     "fe2d035d4122ee97400ffe2efddb8466f5acdbcc"),
    # sha1("demoR11461665115" + key): the currency sent but left out of the string.
    ("field-sent-not-signed", "make-rebill-sale/1111", REBILL, "830a215c7b64edd5a8f79caf350c0e60713db12d"),
    # sha1("demoR17000001" + key): client_orderid sent as merchant-order-id (the responses' name), its value signed.
    ("field-signed-not-sent", "status/1111", "login=demo&merchant-order-id=R1&orderid=7000001",
     "b47653f973bced30240679335df51b99640f57f9"),
]


# The official PHP library's capture: signs amount 99.1 EUR and sends neither. sha1("demoC17000001" + "9910EUR"
# + key), written out by hand.
PHP_CAPTURE = "login=demo&client_orderid=C1&orderid=7000001&control=409fa05d606341101bee1ffdf47f51a54c90bd04"

UPLOAD = ("cRes=eyJ0cmFuc1N0YXR1cyI6IlkifQ&orderid=7000001&login=demo&client-order-id=M1"
          "&control=b568121c2d8a61a4b1aeeeae1dcd07c41d53e8f9")  # sha1("demoM17000001" + key), by hand


# sha1("approved" + "7000001" + "R1" + KEY), written out by hand: both kinds sign the same string when
# merchant_order and client_orderid agree.
GOOD = "4b822bfb051bd1b108ae0c3b5807201d1260bc17"

CALLBACK = "status=approved&orderid=7000001&merchant_order=R1&client_orderid=R1&amount=10.00&type=sale&control={}"

FINAL_REDIRECT = ("POST /return HTTP/1.1\nHost: shop.example\nContent-Type: application/x-www-form-urlencoded\n\n"
                  + CALLBACK.format(GOOD))

DOCS = Path(__file__).resolve().parent / "fixtures" / "api-docs"  # copies of ../shared/api-docs


def docs_request(name: str) -> str:
    text = (DOCS / name).read_text()
    start = text.index("POST /paynet/")
    return text[start:text.index("HTTP/1.1 200", start)]


# v4 (OAuth RSA-SHA256): tests/unit/test_oauth.py's test-only key pair and full vector, and the payout of
# tests/unit/test_v4_forms.py, for the v4 builder's tests (a test module never imports another).
V4_PAYOUT = {"client_orderid": "v4-1", "amount": "10.42", "currency": "USD", "order_desc": "John Smith!"}
V4_TEST_KEY = """-----BEGIN PRIVATE KEY-----
MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQCwK/Q11MyIgQzR
4SnTU+mED95807/5OYGNXiVU5pJYOkmZGo7xAcXNEgC9rDH3QQcsGfgC9oXHr4TN
WJdv/gAZMfghi4WnW0hCmQHrW/A1jgiqxBTsNe+q6nkkSB+ENyw2ExEu2CYWnt0I
Ha1R+pFMljmNIKDFTrr3j+pl1Y68X7rbeoonljMNGFndyAAGpSQJKnfQOplzeS4T
Jevr39VzOP3Yp8dHVVTjhf0Qq7dZ3iyJZJKSDq9WbTvAjYJFQC1AsZIS+t/Hgiqh
caVx0zFs+ZlSDC2pCRVJvkpVy5Piott6TtGQuplIK2v/pTUVu+E0uRWemV7vmkyY
2JYb3BShAgMBAAECggEAAPa0lsjLt6FxFwLSzj+iwuCtWGR2I+BfJ41Qyfaa7VWg
SnCdQI9AbD9Bdsgm29HkvqaDt0xu7ek1YkQuS+QJTxn5YAGZ4RD8Q7T/kDCID1rw
DDMXZDVlUruGnx6v4XLF0KPpD6cKCkyjK+SxqoWi3tbhiLaZeorUNf95CkaRSdF/
6V1LDZZ+9h3Xj3p4CeonpqDT5hMltBrnr0pijWDx7ZA8sopPRKYyCLQVLKc0vnbh
yZGdyf3OdwyAPgXW79MoGarcNyvrwk2q8GU9IbWCNCXOPfiAyC5lxBFY5oGcVq7Y
YVBKmvq++oxRJ2XM5q+MAsBqI3vo1ENpS4dcFDRyOQKBgQDkElaDOiQ0Ci3GX+Mu
ssGOZMuYiswdRZDv1D4YiF9oxMpurfnmEpG/W8txTzy5UK9o+vR7A1L9Zc7w1fQd
hTWvF9YfTmATflnYKu3Bm5NEVmaj9Z0EX27P/iNFUjP9/BGw6kNynzLrQHANetCQ
CAWfSiPFryl5NwsW2U8YgaX4dQKBgQDFvqPoToarYge6LkCQyTfMyBcWU1LLQ0CV
OYAJ0/ji200q/x1p+6m/BPewAW3+oNYJkm8fVeUkp3Lh7cEN3wl5pMeJmJdG8s4s
kjzRqju0NOqDRFZYSR4OsUg1UcbTdZwwhNqDhoXsqOd/khLp+QphH3qcxaDyGBNG
Nwk8N6ZF/QKBgQDKedVALy/Q23CD+sCvxpa7mZR+WkqXehkQMbbnBLrfQkYNOHrw
3G90GURl1ditFIqFgrXlN7BHskij2u4b/xUH2vuHU4dMBxIwLPxis4FsW+BHk1fQ
eADiulYJxs7Nnyj9jRxP+DG2VMCl1vCtzdFf9uwHJliFem5n3Iix0vfLuQKBgF9u
XZPjMcLMEIadg7NcKH2/osS3eaF211gs48nabqasx1UUwZFATu9M6mwahIb5/9Gm
xdINlgRWe27lWuHi3aPDDjktVvR6gV2pRYi56w5Q60xmUnVQ9ByLGhoBWT7752DS
/NG0vjU0XmSGjnI0KfotQvMdvUqYq9SbAu34vVnRAoGACtBnp+AKY73rFWznE25n
/5siy8U78Hkeg6dZUQU5WeqKpcFSm8K2lHebLixKnJmmLlpxkwhakWLzDPTAWwko
eOKpRZ0mL1Pv5vUmYQr8oOri5RB7OsVz2b79k5eLHsqxz/EEkcC1IH15wZAldghs
ldspbOenjcxFSBAykr5iTfI=
-----END PRIVATE KEY-----
"""
V4_FULL_BASE = ("POST&https%3A%2F%2Fgateway.example%2Fpaynet%2Fapi%2Fv4%2Fpayout%2F1111&amount%3D10.42%26"
             "client_orderid%3Dv4-1%26currency%3DUSD%26oauth_consumer_key%3Ddemo%26oauth_nonce%3D0123456789abcdef0123456789abcdef%26"
             "oauth_signature_method%3DRSA-SHA256%26oauth_timestamp%3D1764806400%26oauth_version%3D1.0%26order_desc"
             "%3DJohn%2520Smith%2521")
V4_FULL_SIGNATURE = ("h2dG3hM4fEHbgGnvifDlHLQuO/e8WkL59ZAMAlaSJSkaP6mvavMAJjR69fr/iAjSEGFYjHPvAB4KOiPwkXrcWDVLV4G3YHQ"
                     "lh3Op8O6WHZ5cs7DpMSS7RSNJv59oNYtrU7lXkSawinia63GImLUnHVvC+u5rnUvy1bJqzohiCGrlTqOYyxs/TQ9bjPc3ZNnwj+"
                     "Q6Cpi7DKs+LZwkF"
                     "B9TPEn/yplapqYpyorH9lx6cESd4Eyu/PRuAdjn55LPM4NqaLL7IQR8RAQToxRxRHF4an77Bh9Eu6UR5Ib/tisvCuo2cr+zvfT+R48mZ"
                     "U/SSRQqc7kyBuy/yAyIlpfVDFsYVw==")
# ... the Authorization header that carries it (nonce 0123456789abcdef0123456789abcdef, timestamp 1764806400) ...
V4_FULL_HEADER = (
    'OAuth oauth_consumer_key="demo", oauth_nonce="0123456789abcdef0123456789abcdef", oauth_signature="'
    "h2dG3hM4fEHbgGnvifDlHLQuO%2Fe8WkL59ZAMAlaSJSkaP6mvavMAJjR69fr%2FiAjSEGFYjHPvAB4KOiPwkXrcWDVLV4G3YHQlh3Op8O6W"
    "HZ5cs7DpMSS7RSNJv59oNYtrU7lXkSawinia63GImLUnHVvC%2Bu5rnUvy1bJqzohiCGrlTqOYyxs%2FTQ9bjPc3ZNnwj%2BQ6Cpi7DKs%2B"
    "LZwkFB9TPEn%2FyplapqYpyorH9lx6cESd4Eyu%2FPRuAdjn55LPM4NqaLL7IQR8RAQToxRxRHF4an77Bh9Eu6UR5Ib%2FtisvCuo2cr%2Bzv"
    'fT%2BR48mZU%2FSSRQqc7kyBuy%2FyAyIlpfVDFsYVw%3D%3D", oauth_signature_method="RSA-SHA256", oauth_timestamp='
    '"1764806400", oauth_version="1.0"')
# ... and its public key (SPKI), what a sandbox account would register.
V4_TEST_PUBLIC = """-----BEGIN PUBLIC KEY-----
MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEAsCv0NdTMiIEM0eEp01Pp
hA/efNO/+TmBjV4lVOaSWDpJmRqO8QHFzRIAvawx90EHLBn4AvaFx6+EzViXb/4A
GTH4IYuFp1tIQpkB61vwNY4IqsQU7DXvqup5JEgfhDcsNhMRLtgmFp7dCB2tUfqR
TJY5jSCgxU6694/qZdWOvF+623qKJ5YzDRhZ3cgABqUkCSp30DqZc3kuEyXr69/V
czj92KfHR1VU44X9EKu3Wd4siWSSkg6vVm07wI2CRUAtQLGSEvrfx4IqoXGlcdMx
bPmZUgwtqQkVSb5KVcuT4qLbek7RkLqZSCtr/6U1FbvhNLkVnple75pMmNiWG9wU
oQIDAQAB
-----END PUBLIC KEY-----
"""

# DAPI (the mobile device API, HMAC-SHA1): a transfer of our own, signed with the docs' published example key; no
# source publishes a vector. Each signature computed once with openssl and written down (upper-cased), e.g.
#   printf %s '<string>' | openssl dgst -sha1 -mac HMAC -macopt hexkey:B17F59B4A7DC41B48FF937D986B43D20
DAPI_KEY = "B17F59B4-A7DC-41B4-8FF9-37D986B43D20"
DAPI_NONCE = "q7Lr2^ZkT9x$Wm4bN8vC1yHs6dF0gJ3pA5eR7tU2iO9lK4jM8nB6cV1xZ3aQ5w$E"  # 64 of the proxy's alphabet
DAPI_FIELDS = {"accessToken": "7d3c1a9e5b2f4c8d9a0e1f2b3c4d5e6f", "serialNumber": "R58N1234ABC", "endpointId": "1111",
               "nonce": DAPI_NONCE, "invoiceId": "8b1f3c2e-4d5a-4e6f-9a7b-0c1d2e3f4a5b", "amountCentis": "1042",
               "currency": "EUR"}
DAPI_INITIATE = ("7d3c1a9e5b2f4c8d9a0e1f2b3c4d5e6fR58N1234ABC1111" + DAPI_NONCE
                 + "8b1f3c2e-4d5a-4e6f-9a7b-0c1d2e3f4a5b1042EUR")
DAPI_INITIATE_SIGNATURE = "DD222B691A8078B38EB5C41B886F2D50060D31CF"
DAPI_CHECK = "R58N1234ABC" + DAPI_NONCE + "11118b1f3c2e-4d5a-4e6f-9a7b-0c1d2e3f4a5b"  # both variants, no card ids
DAPI_CHECK_SIGNATURE = "392F1751BF3684DFE6544398131FC3C5638D1C9E"
# The swagger variant with destinationServerCardId 4711 and sourceServerCardId 815: serialNumber + nonce + 4711 +
# endpointId + invoiceId + 815 (the code variant stays DAPI_CHECK).
DAPI_CARDS = {"destinationServerCardId": "4711", "sourceServerCardId": "815"}
DAPI_CHECK_CARDS = "R58N1234ABC" + DAPI_NONCE + "47111111" + "8b1f3c2e-4d5a-4e6f-9a7b-0c1d2e3f4a5b815"
DAPI_CHECK_CARDS_SIGNATURE = "831F5B3E6810BA851E8B11438189E75F2C59770B"
