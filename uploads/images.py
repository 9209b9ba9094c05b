"""Reading and cleaning an uploaded image with Pillow: no database, no storage.

The type is read from the content (Pillow's own signature checks), never from the name or the
Content-Type the browser sent. Size is checked from the header before any pixel is decoded, so
a small file that declares a huge canvas (a decompression bomb) costs nothing. The image is then
decoded once and re-encoded from its pixels alone, which drops every metadata block (EXIF with
GPS and camera serials, XMP, ICC, text chunks) after the EXIF orientation has been applied.
"""

import io
import warnings
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

# Formats accepted, by what Pillow reads in the file, and what each is stored as. A GIF keeps
# its first frame only, as a PNG (animations are a way to hide content from moderators).
STORED_AS = {"PNG": "PNG", "JPEG": "JPEG", "WEBP": "WEBP", "GIF": "PNG"}
EXTENSIONS = {"PNG": "png", "JPEG": "jpg", "WEBP": "webp"}
CONTENT_TYPES = {"PNG": "image/png", "JPEG": "image/jpeg", "WEBP": "image/webp"}
# Wider images get a display copy this wide; the original opens on click.
DISPLAY_MAX_WIDTH = 1280
JPEG_QUALITY = 85
WEBP_QUALITY = 85


@dataclass(frozen=True)
class CleanImage:
    image: Image.Image  # decoded, orientation applied: what the secret guard reads
    format: str  # stored format: PNG, JPEG or WEBP
    data: bytes
    width: int
    height: int
    display_data: bytes = b""  # empty when the original is shown as it is
    display_width: int = 0
    display_height: int = 0

    @property
    def extension(self) -> str:
        return EXTENSIONS[self.format]


def _refuse(message: str, code: str) -> ValidationError:
    return ValidationError(message, code=code)


def _not_an_image() -> ValidationError:
    return _refuse(
        _(
            "This file is not a PNG, JPEG, WebP or GIF image. Other files (SVG included) cannot "
            "be uploaded."
        ),
        "not_an_image",
    )


def open_checked(file) -> Image.Image:
    """The image in ``file`` (a binary file object), opened but not decoded, once its type and
    declared size are acceptable."""
    max_pixels = settings.WENDA_UPLOAD_MAX_PIXELS
    try:
        with warnings.catch_warnings():
            # Pillow warns past MAX_IMAGE_PIXELS and raises past twice that; the limit below
            # is ours, checked on the header alone, so its own check must not decide first.
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(file, formats=list(STORED_AS))
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise _too_many_pixels(max_pixels) from None
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError):
        raise _not_an_image() from None
    width, height = image.size
    if width < 1 or height < 1:
        raise _not_an_image()
    if width * height > max_pixels:
        raise _too_many_pixels(max_pixels)
    return image


def _too_many_pixels(max_pixels: int) -> ValidationError:
    return _refuse(
        _(
            "This image is too large: at most %(megapixels)d million pixels (for example "
            "%(example)s) can be uploaded."
        )
        % {"megapixels": max_pixels // 1_000_000, "example": "7000 × 7000"},
        "too_many_pixels",
    )


def _decoded(image: Image.Image) -> Image.Image:
    try:
        image.seek(0)  # an animated GIF or WebP: its first frame
        image.load()
    except (OSError, ValueError, SyntaxError, EOFError):
        raise _refuse(
            _(
                "This image file is damaged or incomplete, so it cannot be read. Save it again "
                "and upload the new file."
            ),
            "damaged",
        ) from None
    # Orientation first (phones store photos sideways with an EXIF flag), then metadata goes.
    upright = ImageOps.exif_transpose(image)
    has_alpha = upright.mode in ("RGBA", "LA", "PA") or (
        upright.mode == "P" and "transparency" in upright.info
    )
    converted = upright.convert("RGBA" if has_alpha else "RGB")
    # A fresh image holds pixels only: no info dict, no EXIF, no ICC profile, no text chunks.
    clean = Image.new(converted.mode, converted.size)
    clean.paste(converted)
    return clean


def _encoded(image: Image.Image, image_format: str) -> bytes:
    out = io.BytesIO()
    if image_format == "JPEG":
        image.convert("RGB").save(out, "JPEG", quality=JPEG_QUALITY, optimize=True)
    elif image_format == "WEBP":
        image.save(out, "WEBP", quality=WEBP_QUALITY)
    else:
        # zlib level 6 (the default): optimize=True costs several times the time for ~5% smaller.
        image.save(out, "PNG")
    return out.getvalue()


def clean_image(file) -> CleanImage:
    """Check and re-encode an uploaded image; ValidationError with the reason otherwise."""
    opened = open_checked(file)
    image_format = STORED_AS[opened.format]
    image = _decoded(opened)
    width, height = image.size
    result = {"image": image, "format": image_format, "width": width, "height": height}
    result["data"] = _encoded(image, image_format)
    if width > DISPLAY_MAX_WIDTH:
        display_height = max(1, round(height * DISPLAY_MAX_WIDTH / width))
        display = image.resize((DISPLAY_MAX_WIDTH, display_height), Image.Resampling.LANCZOS)
        result.update(
            display_data=_encoded(display, image_format),
            display_width=DISPLAY_MAX_WIDTH,
            display_height=display_height,
        )
    return CleanImage(**result)
