"""How the cluster's documents are signed digitally and checked (config.yaml `signing`): the roots whose
certificates are trusted, each signer's signature image and the organisation's seal (Nghị định 30/2020,
Phụ lục I). Paths are relative to config.yaml's folder; the loader makes them absolute."""

from __future__ import annotations

from pydantic import Field

from thidua.config.base import _Model


class SignatureImage(_Model):
    name: str = Field(min_length=3)  # the signer's full name, as their certificate and the document write it
    image: str  # the handwritten signature: blue, PNG with a transparent background


class Organisation(_Model):
    """The organisation that signs for the cluster (its văn thư's token): the tờ trình's seal over the
    chair's signature, and the attachments' top-right signature."""

    name: str = Field(min_length=3)  # as its certificate names it (Organization, or Common Name)
    seal: str = ""  # the seal: red, real size, PNG with a transparent background


class Signing(_Model):
    trusted_roots: list[str] = []  # the CA roots (PEM or DER) a signature must chain to: the Government's
    signatures: list[SignatureImage] = []
    organisation: Organisation | None = None
    seal_mm: float = Field(default=36, ge=20, le=50)  # the seal's diameter as printed (real size)
    signature_mm: float = Field(default=45, ge=20, le=80)  # the signature image's width

    def image_of(self, name: str) -> str:
        return next((s.image for s in self.signatures if s.name.casefold() == name.casefold()), "")

    def resolved(self, folder: str) -> Signing:
        """The same settings with every path made absolute against `folder` (config.yaml's)."""
        from pathlib import Path

        def at(path: str) -> str:
            return path if not path or Path(path).is_absolute() else str(Path(folder) / path)

        organisation = self.organisation
        if organisation is not None:
            organisation = organisation.model_copy(update={"seal": at(organisation.seal)})
        return self.model_copy(
            update={
                "trusted_roots": [at(p) for p in self.trusted_roots],
                "signatures": [s.model_copy(update={"image": at(s.image)}) for s in self.signatures],
                "organisation": organisation,
            }
        )
