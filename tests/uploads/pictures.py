"""Real image files for the upload tests, made with Pillow (and by hand where Pillow would
have to allocate the pixels: a bomb's header is patched, not drawn)."""

import io
import struct
import zlib

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image, ImageDraw

GPS_IFD = 0x8825
ORIENTATION = 0x0112
MAKE = 0x010F
BODY_SERIAL = 0xA431


def png_bytes(width=64, height=48, color=(30, 120, 200), mode="RGB") -> bytes:
    image = Image.new(mode, (width, height), color)
    ImageDraw.Draw(image).rectangle((2, 2, width // 2, height // 2), fill=(250, 250, 250))
    out = io.BytesIO()
    image.save(out, "PNG")
    return out.getvalue()


def jpeg_with_gps(width=80, height=40, orientation=1) -> bytes:
    """A photo as a phone writes it: camera make, serial, GPS position, orientation flag."""
    image = Image.new("RGB", (width, height), (200, 40, 40))
    ImageDraw.Draw(image).rectangle((0, 0, width // 4, height - 1), fill=(0, 0, 0))
    exif = Image.Exif()
    exif[MAKE] = "PhoneMaker"
    exif[BODY_SERIAL] = "SN-123456789"
    exif[ORIENTATION] = orientation
    exif.get_ifd(GPS_IFD).update({1: "N", 2: (31.0, 14.0, 2.0), 3: "E", 4: (121.0, 28.0, 5.0)})
    out = io.BytesIO()
    image.save(out, "JPEG", exif=exif.tobytes(), quality=90)
    return out.getvalue()


def _png_chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def png_declaring(width: int, height: int) -> bytes:
    """A valid small PNG whose header (IHDR) claims ``width`` x ``height``: the bomb shape, a few
    hundred bytes on disk and gigabytes once decoded."""
    data = png_bytes(8, 8)
    ihdr_start = 8
    length = struct.unpack(">I", data[ihdr_start : ihdr_start + 4])[0]
    ihdr = bytearray(data[ihdr_start + 8 : ihdr_start + 8 + length])
    ihdr[0:8] = struct.pack(">II", width, height)
    patched = _png_chunk(b"IHDR", bytes(ihdr))
    return data[:ihdr_start] + patched + data[ihdr_start + 12 + length :]


def animated_gif_bomb() -> bytes:
    """An animated GIF of a few tiny frames whose logical screen claims 65535 x 65535 pixels."""
    frames = [Image.new("P", (16, 16), index) for index in range(3)]
    out = io.BytesIO()
    frames[0].save(out, "GIF", save_all=True, append_images=frames[1:], duration=50, loop=0)
    data = bytearray(out.getvalue())
    data[6:10] = struct.pack("<HH", 65535, 65535)
    return bytes(data)


def animated_gif() -> bytes:
    frames = [Image.new("RGB", (20, 10), color) for color in ((255, 0, 0), (0, 255, 0))]
    out = io.BytesIO()
    frames[0].save(out, "GIF", save_all=True, append_images=frames[1:], duration=50, loop=0)
    return out.getvalue()


SVG = (
    b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" width="10" height="10">'
    b'<script>alert(document.cookie)</script><rect width="10" height="10"/></svg>'
)


def upload_file(data: bytes, name="screenshot.png", content_type="image/png"):
    return SimpleUploadedFile(name, data, content_type=content_type)
