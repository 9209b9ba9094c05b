"""The secret guard reads images: real QR codes (segno) and barcodes (zxing-cpp's writer) drawn
into real PNG/JPEG files, decoded back through Pillow as an upload would be."""

import hashlib
import io
import random
import time

import numpy as np
import pytest
import segno
import zxingcpp
from mnemonic import Mnemonic
from PIL import Image, ImageDraw, ImageFilter

from core.image_secrets import find_secrets_in_image

BASE58 = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz"
URL = "https://wallet.example.com/help/withdrawals?ref=forum"


def base58check(payload: bytes) -> str:
    data = payload + hashlib.sha256(hashlib.sha256(payload).digest()).digest()[:4]
    number, encoded = int.from_bytes(data, "big"), ""
    while number:
        number, remainder = divmod(number, 58)
        encoded = BASE58[remainder] + encoded
    return "1" * (len(data) - len(data.lstrip(b"\0"))) + encoded


def entropy(size: int, seed: int = 1) -> bytes:
    return random.Random(seed).randbytes(size)


def seed_phrase(language: str = "english", *, words: int = 12, seed: int = 1) -> str:
    return Mnemonic(language).to_mnemonic(entropy(words * 4 // 3, seed))


def wif_key(seed: int = 1) -> str:
    return base58check(b"\x80" + entropy(32, seed) + b"\x01")


def xprv_key(seed: int = 1) -> str:
    chain_code, key = entropy(32, seed), entropy(32, seed + 1)
    return base58check(bytes.fromhex("0488ade4") + bytes(9) + chain_code + b"\0" + key)


def reopened(image: Image.Image, format: str = "PNG", **options) -> Image.Image:
    """The image as an upload arrives: encoded to a file, then opened by Pillow."""
    buffer = io.BytesIO()
    image.save(buffer, format=format, **options)
    buffer.seek(0)
    return Image.open(buffer)


def qr_image(content, *, scale: int = 6, **options) -> Image.Image:
    buffer = io.BytesIO()
    segno.make(content, micro=False, **options).save(buffer, kind="png", scale=scale, border=4)
    buffer.seek(0)
    return Image.open(buffer).convert("L")


def code128_image(content: str) -> Image.Image:
    barcode = zxingcpp.create_barcode(content, zxingcpp.BarcodeFormat.Code128)
    bars = Image.fromarray(np.array(zxingcpp.write_barcode_to_image(barcode, scale=3)))
    return bars.resize((bars.width, 120))


def screenshot_with(code: Image.Image, *, size=(1280, 800), at=(860, 420)) -> Image.Image:
    """A wallet screen: title bar, text lines, buttons, and the code among them."""
    screen = Image.new("RGB", size, (246, 247, 249))
    draw = ImageDraw.Draw(screen)
    draw.rectangle((0, 0, size[0], 56), fill=(32, 41, 64))
    shade = random.Random(3)
    for row in range(90, size[1] - 60, 34):
        draw.rectangle((40, row, 40 + shade.randint(200, 700), row + 14), fill=(90, 96, 110))
    draw.rounded_rectangle((40, size[1] - 70, 260, size[1] - 24), radius=8, fill=(0, 122, 255))
    screen.paste(code.convert("RGB"), at)
    return reopened(screen)


@pytest.fixture(scope="module")
def _photo() -> Image.Image:
    """Smooth random shapes and sensor noise, no code in it: a 12-megapixel JPEG."""
    size = (4032, 3024)
    small = np.random.default_rng(5).integers(0, 256, (size[1] // 64, size[0] // 64, 3))
    photo = Image.fromarray(small.astype(np.uint8), "RGB").resize(size, Image.Resampling.BICUBIC)
    noise = Image.effect_noise(size, 40).convert("RGB")
    return reopened(Image.blend(photo, noise, 0.15), "JPEG", quality=90)


@pytest.fixture
def photo(_photo) -> Image.Image:
    return _photo.copy()


def kinds(image: Image.Image) -> list[str]:
    return [finding.kind for finding in find_secrets_in_image(image)]


@pytest.mark.parametrize("words", [12, 24])
def test_a_qr_code_of_an_english_recovery_phrase_is_refused(words):
    findings = find_secrets_in_image(reopened(qr_image(seed_phrase(words=words))))

    assert [(finding.kind, finding.words) for finding in findings] == [("mnemonic", words)]


@pytest.mark.parametrize("language", ["chinese_simplified", "chinese_traditional", "japanese"])
def test_a_qr_code_of_a_phrase_in_another_list_is_refused(language):
    assert kinds(reopened(qr_image(seed_phrase(language), encoding="utf-8"))) == ["mnemonic"]


def test_a_chinese_phrase_written_in_gb18030_without_saying_so_is_refused():
    # zxing guesses Latin-1 for undeclared bytes; the guard reads them as Chinese as well.
    payload = seed_phrase("chinese_simplified").encode("gb18030")

    assert kinds(reopened(qr_image(payload, mode="byte"))) == ["mnemonic"]


def test_a_numbered_phrase_on_several_lines_is_refused():
    lines = "\r\n".join(f"{n}.\t{word}" for n, word in enumerate(seed_phrase().split(), 1))

    assert kinds(reopened(qr_image(lines))) == ["mnemonic"]


@pytest.mark.parametrize(
    ("key", "kind"),
    [(wif_key(), "wif"), (xprv_key(), "xprv"), (entropy(32).hex(), "hex_key")],
)
def test_a_qr_code_of_a_private_key_is_refused(key, kind):
    assert kinds(reopened(qr_image(key))) == [kind]


@pytest.mark.parametrize("words", [12, 24])
def test_a_standard_seedqr_is_refused_as_the_phrase_it_encodes(words):
    phrase = seed_phrase(words=words, seed=7)
    wordlist = Mnemonic("english").wordlist
    digits = "".join(f"{wordlist.index(word):04d}" for word in phrase.split())
    code = segno.make(digits, micro=False)
    assert code.mode == "numeric" and len(digits) == words * 4

    findings = find_secrets_in_image(reopened(qr_image(digits)))

    assert [(finding.kind, finding.words) for finding in findings] == [("mnemonic", words)]
    assert findings[0].excerpt == f"{phrase[:2]}…{phrase[-2:]}"


@pytest.mark.parametrize("size", [16, 32])
def test_a_compact_seedqr_is_refused_as_the_phrase_of_its_entropy(size):
    # SeedSigner's CompactSeedQR: the raw entropy bytes in one byte-mode segment, error level L.
    raw = entropy(size, seed=11)
    phrase = Mnemonic("english").to_mnemonic(raw)
    image = qr_image(raw, mode="byte", error="L", boost_error=False)

    findings = find_secrets_in_image(reopened(image))

    assert [(finding.kind, finding.words) for finding in findings] == [("mnemonic", size * 3 // 4)]
    assert findings[0].excerpt == f"{phrase[:2]}…{phrase[-2:]}"


@pytest.mark.parametrize(
    "content",
    [
        URL,
        "bitcoin:bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq?amount=0.015",
        "0x71C7656EC7ab88b098defB751B7401B5f6d8976F",
        b"hello world 1234",  # 16 bytes, like a CompactSeedQR, but text
        "订单号：20261202-0042，提现",
        "9999" * 12,  # 48 digits that are no word indexes
    ],
)
def test_an_ordinary_qr_code_is_accepted(content):
    mode = "byte" if isinstance(content, bytes) else None

    assert find_secrets_in_image(reopened(qr_image(content, mode=mode))) == []


def test_a_wif_key_in_a_code128_barcode_is_refused_and_an_order_number_accepted():
    assert kinds(reopened(code128_image(wif_key()))) == ["wif"]
    assert kinds(reopened(code128_image("ORDER-2026-000042"))) == []


def test_a_small_qr_code_inside_a_screenshot_is_refused():
    code = qr_image(seed_phrase(), scale=2)
    screen = screenshot_with(code)

    assert kinds(screen) == ["mnemonic"]
    assert kinds(screenshot_with(qr_image(URL, scale=2))) == []


def test_a_qr_code_shrunk_with_its_screenshot_to_barely_a_pixel_a_module_is_refused():
    # A chat app's downscaled screenshot: modules 1.27 pixels wide, their edges blurred.
    code = qr_image(seed_phrase(), scale=8)
    shrunk = code.resize((round(code.width * 1.27 / 8),) * 2, Image.Resampling.BILINEAR)

    assert kinds(screenshot_with(shrunk, size=(900, 600), at=(500, 200))) == ["mnemonic"]


def test_a_faint_qr_code_is_refused():
    code = qr_image(seed_phrase(), scale=8).point(lambda value: 110 + value * 20 // 255)

    assert kinds(screenshot_with(code, size=(1400, 1000), at=(300, 100))) == ["mnemonic"]


def test_a_qr_code_next_to_an_ordinary_one_is_still_refused():
    screen = screenshot_with(qr_image(URL, scale=3), at=(300, 200))
    screen.paste(qr_image(seed_phrase(), scale=3).convert("RGB"), (800, 200))

    assert kinds(screen) == ["mnemonic"]


def test_a_light_on_dark_qr_code_of_a_dark_mode_wallet_is_refused():
    dark = Image.eval(qr_image(seed_phrase(), scale=4), lambda value: 255 - value)

    assert kinds(screenshot_with(dark)) == ["mnemonic"]


def test_a_qr_code_with_a_transparent_background_is_refused():
    # Exported with transparency, the light modules stored as transparent *black* pixels.
    code = qr_image(seed_phrase(), scale=4)
    transparent = Image.new("RGBA", code.size, (0, 0, 0, 0))
    transparent.paste((0, 0, 0, 255), mask=Image.eval(code, lambda value: 255 - value))

    assert kinds(reopened(transparent)) == ["mnemonic"]


@pytest.mark.parametrize("mode", ["1", "P", "LA", "CMYK", "I;16", "F"])
def test_a_qr_code_is_read_in_every_image_mode(mode):
    assert kinds(qr_image(seed_phrase()).convert(mode)) == ["mnemonic"]


def test_a_blurred_tilted_low_contrast_photo_of_a_qr_code_is_refused():
    code = qr_image(seed_phrase(), scale=8).convert("RGB")
    screen = Image.new("RGB", (1600, 1200), (120, 118, 112))
    screen.paste(code.point(lambda value: 70 + value * 0.45), (420, 260))
    photo = screen.rotate(11, resample=Image.Resampling.BICUBIC, fillcolor=(60, 60, 60))
    photo = photo.filter(ImageFilter.GaussianBlur(1.6))

    assert kinds(reopened(photo, "JPEG", quality=70)) == ["mnemonic"]


def test_a_qr_code_in_a_twelve_megapixel_photo_is_refused(photo):
    photo.paste(qr_image(seed_phrase(words=24), scale=16).convert("RGB"), (1500, 900))

    assert kinds(reopened(photo, "JPEG", quality=90)) == ["mnemonic"]


def test_a_photo_without_codes_is_accepted_quickly(photo):
    started = time.perf_counter()

    assert find_secrets_in_image(photo) == []
    # 0.12-0.2 s measured; the bound leaves room for a machine shared by parallel tests.
    assert time.perf_counter() - started < 2.0


def test_sensor_noise_the_slowest_input_for_the_decoder_still_finishes_in_time():
    generator = np.random.default_rng(9)
    noise = Image.fromarray(generator.integers(0, 256, (1080, 1920), dtype=np.uint8), "L")
    started = time.perf_counter()

    assert find_secrets_in_image(noise) == []
    assert time.perf_counter() - started < 3.0
