"""The cRes / PaRes values the sandbox shows and reads back: literal encodings, and every refusal named."""

import base64
import zlib

import pytest

from paynet import threeds

TOKEN = "0123456789abcdef0123456789abcdef"
CRES_Y = ("eyJtZXNzYWdlVHlwZSI6IkNSZXMiLCJtZXNzYWdlVmVyc2lvbiI6IjIuMS4wIiwidGhyZWVEU1NlcnZlclRyYW5zSUQiOiIwMTIzNDU2"
          "Ny04OWFiLWNkZWYtMDEyMy00NTY3ODlhYmNkZWYiLCJhY3NUcmFuc0lEIjoiMDEyMzQ1NjctODlhYi1jZGVmLTAxMjMtNDU2Nzg5YWJj"
          "ZGVmIiwiY2hhbGxlbmdlQ29tcGxldGlvbkluZCI6IlkiLCJ0cmFuc1N0YXR1cyI6IlkifQ")
PARES_XML = ('<ThreeDSecure><Message id="01234567-89ab-cdef-0123-456789abcdef"><PARes id="01234567-89ab-cdef-0123-'
             '456789abcdef"><version>1.0.2</version><TX><status>N</status></TX></PARes></Message></ThreeDSecure>')


def test_cres_is_base64url_json_without_padding():
    assert threeds.encode("cRes", TOKEN, True) == CRES_Y
    assert base64.urlsafe_b64decode(CRES_Y + "==").decode() == (
        '{"messageType":"CRes","messageVersion":"2.1.0","threeDSServerTransID":"01234567-89ab-cdef-0123-'
        '456789abcdef","acsTransID":"01234567-89ab-cdef-0123-456789abcdef","challengeCompletionInd":"Y",'
        '"transStatus":"Y"}')


def test_pares_is_deflated_xml():
    assert zlib.decompress(base64.b64decode(threeds.encode("paRes", TOKEN, False))).decode() == PARES_XML


@pytest.mark.parametrize("field", threeds.RESULT_FIELDS)
@pytest.mark.parametrize("authenticated", [True, False])
def test_values_read_back(field, authenticated):
    assert threeds.decode(field, threeds.encode(field, TOKEN, authenticated), TOKEN) is authenticated


def test_cres_with_standard_alphabet_and_padding_is_read():
    standard = CRES_Y.replace("-", "+").replace("_", "/") + "=" * (-len(CRES_Y) % 4)
    assert threeds.decode("cRes", standard, TOKEN) is True


def test_pares_bomb_is_cut_and_refused():
    bomb = base64.b64encode(zlib.compress(b"<" * (10 * 1024 * 1024))).decode()
    with pytest.raises(threeds.Unreadable, match="^paRes inflates to more than 65536 bytes.$"):
        threeds.decode("paRes", bomb, TOKEN)


@pytest.mark.parametrize("xml, message", [
    (PARES_XML.replace("<status>N", "<status>U"), "paRes must say Y (authenticated) or N (not authenticated); "
                                                  "got 'U'."),
    (PARES_XML.replace("01234567-89ab", "99999999-89ab", 1), "paRes belongs to another order (its transaction id "
                                                             "is not this order's).")])
def test_pares_refusals(xml, message):
    value = base64.b64encode(zlib.compress(xml.encode())).decode()
    with pytest.raises(threeds.Unreadable) as exc:
        threeds.decode("paRes", value, TOKEN)
    assert str(exc.value) == message


def test_cres_that_is_not_an_object_is_refused():
    with pytest.raises(threeds.Unreadable) as exc:
        threeds.decode("cRes", base64.b64encode(b"[1]").decode(), TOKEN)
    assert str(exc.value) == "cRes must hold a CRes message (messageType CRes)."


def test_deeply_nested_cres_is_refused_not_a_crash():
    value = base64.urlsafe_b64encode(b"[" * 3000).decode()
    with pytest.raises(threeds.Unreadable) as exc:
        threeds.decode("cRes", value, TOKEN)
    assert str(exc.value) == "cRes must be base64url JSON (a CRes message), as the ACS posts it."
