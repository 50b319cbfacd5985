"""Upload the cRes of a 3-D Secure 2 challenge to the gateway."""

from paynet.i18n import N_

from .._threeds_upload import upload_command, upload_form

# The sandbox's encoding for an order whose transaction id is all zeros (the docs' example is cut).
EXAMPLE = ("eyJtZXNzYWdlVHlwZSI6IkNSZXMiLCJtZXNzYWdlVmVyc2lvbiI6IjIuMS4wIiwidGhyZWVEU1NlcnZlclRyYW5zSUQiOiIwMDAwMDAw"
           "MC0wMDAwLTAwMDAtMDAwMC0wMDAwMDAwMDAwMDAiLCJhY3NUcmFuc0lEIjoiMDAwMDAwMDAtMDAwMC0wMDAwLTAwMDAtMDAwMDAwMDAw"
           "MDAwIiwiY2hhbGxlbmdlQ29tcGxldGlvbkluZCI6IlkiLCJ0cmFuc1N0YXR1cyI6IlkifQ")

class UploadCresResultForm(upload_form(
        "cRes", "4096", N_("cRes the merchant's notification URL received from the issuer's page (3-D Secure 2: "
                           "the ACS's CRes, base64url)."), EXAMPLE)):
    """After the payer's 3-D Secure 2 challenge, the issuer's page posts cRes to the merchant's notification
    URL; the merchant uploads it here and the order leaves processing. Docs: upload-cres-result (3.47 on
    doc.payneteasy.com)."""

    command = upload_command("upload-cres-result", N_("Upload cRes result"), rank=20)
