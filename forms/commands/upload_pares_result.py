"""Upload the PaRes of a 3-D Secure 1 authentication to the gateway."""

from paynet.i18n import N_

from .._threeds_upload import upload_command, upload_form

# The sandbox's encoding for an order whose transaction id is all zeros (the docs' example is cut).
EXAMPLE = ("eJyzCckoSk11CU5NLi1KtbPxTS0uTkxPVchMsVUygAJdLAQMKNnZBDgGpRaToqEstag4Mz/PzlDPQM/IRh/GtQmJsLMpLkksKS22i7T"
           "Rh7Js9EHC+mBLgDTUfSBhZHcDAD2yN1E=")

class UploadParesResultForm(upload_form(
        "paRes", "10240", N_("paRes the merchant's notification URL received from the issuer's page (3-D Secure 1: "
                             "the ACS's PaRes, base64)."), EXAMPLE)):
    """After the payer's 3-D Secure 1 authentication, the issuer's page posts PaRes to the merchant's TermUrl;
    the merchant uploads it here and the order leaves processing. Docs: upload-pares-result (3.38 on
    doc2.payneteasy.com)."""

    command = upload_command("upload-pares-result", N_("Upload PaRes result"), rank=21)
