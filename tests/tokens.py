"""Real signing parts for the tests: a test CA with Vietnamese names (cryptography), and SoftHSM2 tokens
(Debian's softhsm2, a real PKCS#11 module) holding each signer's key and certificate, written with
softhsm2-util and OpenSC's pkcs11-tool as an office's IT person would."""

from __future__ import annotations

import os
import shutil
import subprocess
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.x509.oid import NameOID

LIBRARIES = ("/usr/lib/softhsm/libsofthsm2.so", "/usr/lib/x86_64-linux-gnu/softhsm/libsofthsm2.so")
PIN = "123456"


def softhsm_library() -> str:
    """The SoftHSM2 PKCS#11 module, or '' when softhsm2 or pkcs11-tool is not installed."""
    if not shutil.which("softhsm2-util") or not shutil.which("pkcs11-tool"):
        return ""
    return next((lib for lib in LIBRARIES if Path(lib).is_file()), "")


def _name(common: str, organisation: str = "") -> x509.Name:
    parts = [x509.NameAttribute(NameOID.COUNTRY_NAME, "VN")]
    if organisation:
        parts.append(x509.NameAttribute(NameOID.ORGANIZATION_NAME, organisation))
    return x509.Name([*parts, x509.NameAttribute(NameOID.COMMON_NAME, common)])


def _usage(ca: bool) -> x509.KeyUsage:
    return x509.KeyUsage(
        digital_signature=True, content_commitment=not ca, key_encipherment=False, data_encipherment=False,
        key_agreement=False, key_cert_sign=ca, crl_sign=ca, encipher_only=False, decipher_only=False,
    )  # fmt: skip


@dataclass
class Authority:
    """A certificate authority: its key and its self-signed root."""

    key: rsa.RSAPrivateKey
    certificate: x509.Certificate

    @classmethod
    def make(cls, name: str = "CA thử nghiệm thidua (Ban Cơ yếu giả lập)") -> Authority:
        key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        now = datetime.now(UTC)
        root = (
            x509.CertificateBuilder().subject_name(_name(name)).issuer_name(_name(name))
            .public_key(key.public_key()).serial_number(x509.random_serial_number())
            .not_valid_before(now - timedelta(days=3650)).not_valid_after(now + timedelta(days=3650))
            .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
            .add_extension(_usage(True), critical=True)
            .sign(key, hashes.SHA256())
        )  # fmt: skip
        return cls(key, root)

    def issue(self, common: str, organisation: str = "") -> tuple[rsa.RSAPrivateKey, x509.Certificate]:
        key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        now = datetime.now(UTC)
        certificate = (
            x509.CertificateBuilder().subject_name(_name(common, organisation)).issuer_name(self.certificate.subject)
            .public_key(key.public_key()).serial_number(x509.random_serial_number())
            .not_valid_before(now - timedelta(days=1500)).not_valid_after(now + timedelta(days=365))
            .add_extension(_usage(False), critical=True)
            .sign(self.key, hashes.SHA256())
        )  # fmt: skip
        return key, certificate

    def write_root(self, path: Path) -> Path:
        path.write_bytes(self.certificate.public_bytes(serialization.Encoding.PEM))
        return path


def pem_files(folder: Path, key: rsa.RSAPrivateKey, certificate: x509.Certificate) -> tuple[Path, Path]:
    """The key (PKCS#8) and certificate as files, for pyHanko's SimpleSigner (the desktop service's part)."""
    key_file, cert_file = folder / "key.pem", folder / "cert.pem"
    plain = serialization.NoEncryption()
    key_file.write_bytes(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, plain))
    cert_file.write_bytes(certificate.public_bytes(serialization.Encoding.PEM))
    return key_file, cert_file


class Tokens:
    """A SoftHSM2 store in `folder`: `SOFTHSM2_CONF` must point at it while tokens are used (the fixture
    sets it for the test's process)."""

    def __init__(self, folder: Path, library: str) -> None:
        self.folder, self.library = folder, library
        (folder / "tokens").mkdir(parents=True, exist_ok=True)
        self.conf = folder / "softhsm2.conf"
        self.conf.write_text(
            f"directories.tokendir = {folder / 'tokens'}\nobjectstore.backend = file\nlog.level = ERROR\n"
        )

    def _run(self, *args: str) -> None:
        env = {**os.environ, "SOFTHSM2_CONF": str(self.conf)}
        done = subprocess.run(args, env=env, capture_output=True, text=True, timeout=60)
        assert done.returncode == 0, (args[0], done.stdout, done.stderr)

    def add(self, label: str, key: rsa.RSAPrivateKey, certificate: x509.Certificate) -> None:
        """A token `label` with PIN 123456 holding the key and its certificate, both labelled 'ky-so'."""
        plain = serialization.NoEncryption()
        key_file, cert_file = self.folder / f"{label}.key", self.folder / f"{label}.der"
        key_file.write_bytes(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, plain))
        cert_file.write_bytes(certificate.public_bytes(serialization.Encoding.DER))
        self._run("softhsm2-util", "--init-token", "--free", "--label", label, "--pin", PIN, "--so-pin", "12345678")
        self._run(
            "softhsm2-util", "--import", str(key_file), "--token", label, "--label", "ky-so", "--id", "01", "--pin", PIN
        )
        self._run(
            "pkcs11-tool", "--module", self.library, "--token-label", label, "--login", "--pin", PIN,
            "--write-object", str(cert_file), "--type", "cert", "--id", "01", "--label", "ky-so",
        )  # fmt: skip
        key_file.unlink()  # the key lives on the token only, as on a real one


def signature_png(path: Path, blue: bool = True) -> Path:
    """A handwritten-looking signature (blue) or a round seal (red), transparent background."""
    from PIL import Image, ImageDraw

    image = Image.new("RGBA", (600, 240) if blue else (420, 420), (255, 255, 255, 0))
    draw = ImageDraw.Draw(image)
    if blue:
        draw.line(
            [(40, 170), (140, 60), (200, 190), (300, 70), (420, 150), (560, 90)], fill=(20, 40, 200, 255), width=9
        )
    else:
        draw.ellipse((10, 10, 410, 410), outline=(210, 20, 20, 255), width=14)
        draw.ellipse((70, 70, 350, 350), outline=(210, 20, 20, 255), width=6)
        draw.regular_polygon((210, 210, 60), 5, fill=(210, 20, 20, 255))
    image.save(path)
    return path
