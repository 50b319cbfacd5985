"""The official PHP library's GatewayClient as the compatibility tests play it: its headers, its fields, its signing."""

import hashlib
from urllib.parse import parse_qsl, urlencode

import requests

from tests.conftest import DOC_KEY

HEADERS = {"User-Agent": "PaynetEasy-Client/1.0", "Accept": "*/*",
           "Content-Type": "application/x-www-form-urlencoded"}  # curl with CURLOPT_POSTFIELDS as a string

CUSTOMER = {"ipaddress": "65.153.12.232", "address1": "100 Main st", "city": "Seattle", "zip_code": "98102",
            "country": "US", "phone": "+12063582043", "email": "john.smith@gmail.com"}

CARD = {"card_printed_name": "CARD HOLDER", "credit_card_number": "4538977399606732", "expire_month": "12",
        "expire_year": "2099", "cvv2": "123"}


def sha1(text: str) -> str:
    return hashlib.sha1(text.encode()).hexdigest()


class PhpClient:
    """What the library's GatewayClient does: POST http_build_query(fields) to gatewayUrl/method/endpoint."""

    def __init__(self, base: str):
        self.base = base + "/sandbox/paynet/api/v2"

    def send(self, method: str, fields: dict, target: str = "1111") -> tuple[int, dict, str]:
        r = requests.post(f"{self.base}/{method}/{target}", data=urlencode(fields), headers=HEADERS, timeout=10)
        return r.status_code, dict(parse_qsl(r.text.replace("\n", ""))), r.text

    def sale(self, method: str, client_orderid: str, amount: str, cents: str, **extra) -> dict:
        # SaleQuery's order: mandatory fields, card, optional, then control and the config's redirect_url.
        fields = {"client_orderid": client_orderid, "order_desc": "Order " + client_orderid, "amount": amount,
                  "currency": "USD", **CUSTOMER, **CARD, "state": "WA",
                  "control": sha1(f"1111{client_orderid}{cents}john.smith@gmail.com{DOC_KEY}"),
                  "redirect_url": "https://shop.example/return", **extra}
        return self.send(method, fields)[1]

    def status(self, client_orderid: str, orderid: str) -> dict:
        return self.send("status", {"client_orderid": client_orderid, "orderid": orderid, "login": "demo",
                                    "control": sha1(f"demo{client_orderid}{orderid}{DOC_KEY}")})[1]

    def approved(self, method: str, client_orderid: str, amount: str, cents: str) -> str:
        orderid = self.sale(method, client_orderid, amount, cents)["paynet-order-id"]
        assert self.status(client_orderid, orderid)["status"] == "processing"
        assert self.status(client_orderid, orderid)["status"] == "approved"
        return orderid
