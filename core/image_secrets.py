"""Spot wallet secrets in the QR codes and barcodes of an image, before it is published.

Pure image analysis: no models, no settings, nothing stored. The upload service calls
``find_secrets_in_image()`` on the decoded image and refuses it with the same explanation as
text (``core.secrets.describe``) when anything is found. Text drawn in the image (a photo of the
backup card) is not read: there is no OCR here.

What is looked for, and why:

* Every QR code and barcode that can carry text is decoded with zxing-cpp (QR, Micro QR, rMQR,
  Aztec, Data Matrix, PDF417, Code 128/39/93; EAN, UPC, ITF and the like carry only a few digits
  and are skipped to save time), and its text goes through ``core.secrets.find_secrets``: BIP-39
  phrases in every list, raw/WIF/extended private keys. A code's bytes that are not UTF-8 are
  also read as GB18030 and Big5, because Chinese QR generators often write those without saying
  so (an ECI), and zxing then guesses Latin-1.
* SeedQR (SeedSigner's backup QR, also read by other signers): "Standard SeedQR" is the word
  indexes into the English list, four zero-padded digits each (48 digits for 12 words, 96 for
  24; 15, 18 and 21 words are accepted too: 12 random groups all below 2048 is a 1-in-10^8
  coincidence). "CompactSeedQR" is the phrase's raw entropy in a byte-mode QR, 16 bytes for 12
  words and 32 for 24. Any 16 or 32 bytes are valid entropy, so the payload is taken as text,
  not entropy, only when it is printable UTF-8 (a URL, "hello world 1234"): random entropy
  practically never is, while "printable in a legacy charset" would let real seeds through
  (measured on random entropy: 1 in 11,000 for GB2312, 1 in 64 for GB18030, 1 in 100 for
  Shift_JIS). The price is that exactly 16 or 32 bytes of legacy-encoded text are refused too.

The work is bounded so an upload is checked in a few hundred milliseconds on one core: the
image is flattened to grayscale and scaled down to ``MAX_DECODE_PIXELS`` (a QR code that a phone
could scan in a 12-megapixel photo keeps modules of several pixels), decoded once with every
format, then, only if no secret was found, again for QR codes alone: contrast stretched, with
light-on-dark codes tried (dark-mode wallet screens, faint photos of a screen), and for images
up to ``UPSCALE_MAX_PIXELS``, upscaled twice (a screenshot shrunk by a chat app leaves modules
of barely a pixel). Measured on a loaded 2-core machine: a 12-megapixel photo 0.12-0.2 s
(a third of it the grayscale conversion), 2 megapixels of pure sensor noise, the decoder's
worst case, 0.25-0.35 s.
"""

import math
from functools import cache

import zxingcpp
from mnemonic import Mnemonic
from PIL import Image, ImageOps

from core.secrets import MNEMONIC_LENGTHS, SecretFinding, find_secrets

MAX_DECODE_PIXELS = 2_100_000  # ~1920 x 1080; a 12 MP photo is scaled by 2.4
# Images up to ~1280 x 820 (a chat app's downscaled phone screenshot) are also read at twice
# their size: 4 times the pixels, but for QR codes alone, which costs about what the first pass
# costs for every format.
UPSCALE_MAX_PIXELS = MAX_DECODE_PIXELS // 2

_TEXT_FORMATS = (
    zxingcpp.BarcodeFormat.QRCode,
    zxingcpp.BarcodeFormat.MicroQRCode,
    zxingcpp.BarcodeFormat.RMQRCode,
    zxingcpp.BarcodeFormat.Aztec,
    zxingcpp.BarcodeFormat.DataMatrix,
    zxingcpp.BarcodeFormat.PDF417,
    zxingcpp.BarcodeFormat.Code128,
    zxingcpp.BarcodeFormat.Code39,
    zxingcpp.BarcodeFormat.Code93,
)
_QR_FORMATS = _TEXT_FORMATS[:3]
_COMPACT_SEEDQR_BYTES = (16, 32)
_LEGACY_CHARSETS = ("gb18030", "big5")


def find_secrets_in_image(image: Image.Image) -> list[SecretFinding]:
    """Secrets carried by the image's QR codes and barcodes; empty when there are none.

    Positions (``start``, ``end``) refer to the decoded text of the code that carried each
    secret. Each secret is reported once, however many decoding passes saw it.
    """
    gray = _grayscale_within_cap(image)
    findings = _findings_in(_decode(gray, _TEXT_FORMATS, try_invert=False))
    if findings:
        return findings
    stretched = ImageOps.autocontrast(gray, cutoff=1)
    findings = _findings_in(_decode(stretched, _QR_FORMATS, try_invert=True))
    if findings or gray.width * gray.height > UPSCALE_MAX_PIXELS:
        return findings
    # Lanczos restores the edges of modules blurred to ~1.2 pixels by a downscaled screenshot
    # (measured: bicubic and bilinear upscales miss most of those codes).
    upscaled = gray.resize((gray.width * 2, gray.height * 2), Image.Resampling.LANCZOS)
    return _findings_in(_decode(upscaled, _QR_FORMATS, try_invert=False))


def _grayscale_within_cap(image: Image.Image) -> Image.Image:
    """8-bit grayscale, transparency flattened onto white, at most ``MAX_DECODE_PIXELS``."""
    has_alpha = image.mode in ("RGBA", "LA", "PA", "RGBa", "La") or "transparency" in image.info
    if has_alpha:
        # A transparent pixel is often stored as black: without a white backdrop a QR code
        # exported with a transparent background would decode as a black square.
        rgba = image.convert("RGBA")
        backdrop = Image.new("RGBA", rgba.size, (255, 255, 255, 255))
        gray = Image.alpha_composite(backdrop, rgba).convert("L")
    else:
        gray = image.convert("L")
    pixels = gray.width * gray.height
    if pixels > MAX_DECODE_PIXELS:
        scale = math.sqrt(MAX_DECODE_PIXELS / pixels)
        size = (max(1, int(gray.width * scale)), max(1, int(gray.height * scale)))
        # reducing_gap: a box reduction first, then a bilinear pass (fast, and keeps edges).
        gray = gray.resize(size, Image.Resampling.BILINEAR, reducing_gap=2.0)
    return gray


def _decode(image: Image.Image, formats, *, try_invert: bool) -> list[zxingcpp.Barcode]:
    return zxingcpp.read_barcodes(
        image,
        formats=formats,
        try_rotate=True,
        try_downscale=True,
        try_invert=try_invert,
        # Plain: control characters as they are; HRI writes them as "<GS>"-style escapes, whose
        # letters would join or split the words of a phrase.
        text_mode=zxingcpp.TextMode.Plain,
    )


def _findings_in(barcodes: list[zxingcpp.Barcode]) -> list[SecretFinding]:
    findings: list[SecretFinding] = []
    seen = set()
    for barcode in barcodes:
        for finding in _barcode_findings(barcode):
            key = (finding.kind, finding.excerpt, finding.words)
            if key not in seen:
                seen.add(key)
                findings.append(finding)
    return findings


def _barcode_findings(barcode: zxingcpp.Barcode) -> list[SecretFinding]:
    text, payload = barcode.text, barcode.bytes
    seed_phrase = _standard_seedqr_phrase(text) or _compact_seedqr_phrase(payload)
    if seed_phrase:
        return [_seedqr_finding(seed_phrase, end=len(text))]
    findings = find_secrets(text)
    if not findings and not _is_utf8(payload):
        for charset in _LEGACY_CHARSETS:
            findings = find_secrets(payload.decode(charset, errors="replace"))
            if findings:
                break
    return findings


def _standard_seedqr_phrase(text: str) -> str | None:
    digits = "".join(text.split())
    if not (digits.isascii() and digits.isdigit()):
        return None
    if len(digits) % 4 or len(digits) // 4 not in MNEMONIC_LENGTHS:
        return None
    indexes = [int(digits[start : start + 4]) for start in range(0, len(digits), 4)]
    if max(indexes) >= 2048:
        return None
    wordlist = _english().wordlist
    return " ".join(wordlist[index] for index in indexes)


def _compact_seedqr_phrase(payload: bytes) -> str | None:
    if len(payload) not in _COMPACT_SEEDQR_BYTES or _is_printable_utf8(payload):
        return None
    return _english().to_mnemonic(payload)


def _seedqr_finding(phrase: str, *, end: int) -> SecretFinding:
    # The phrase is rebuilt from indexes or entropy, so the text rule sees what a person
    # restoring the backup would type; the masked excerpt comes from that rule.
    found = find_secrets(phrase)
    words = len(phrase.split())
    excerpt = found[0].excerpt if found else f"{phrase[:2]}…{phrase[-2:]}"
    return SecretFinding(kind="mnemonic", excerpt=excerpt, start=0, end=end, words=words)


def _is_utf8(payload: bytes) -> bool:
    try:
        payload.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def _is_printable_utf8(payload: bytes) -> bool:
    if not _is_utf8(payload):
        return False
    text = payload.decode("utf-8")
    return all(char.isprintable() or char in "\t\r\n" for char in text)


@cache
def _english() -> Mnemonic:
    return Mnemonic("english")
