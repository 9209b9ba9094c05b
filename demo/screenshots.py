"""Screenshots some demo threads carry (issue 12): app screens drawn with Pillow, uploaded
through the real upload service when the thread is first created, so they are cleaned,
stored and rendered like a member's."""

import io
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image, ImageDraw, ImageFont

# Debian's fonts-wqy-microhei (scripts/setup.sh installs it) draws Chinese; without it the
# screens fall back to Pillow's own font and English labels.
CJK_FONT = Path("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc")
PHONE = (720, 1280)
INK, MUTED, ACCENT, PANEL = (28, 32, 40), (110, 118, 130), (230, 140, 20), (245, 246, 248)


@dataclass(frozen=True)
class DemoScreenshot:
    thread_title: str  # the demo thread whose question shows it
    caption: str  # the line written above the image
    file_name: str  # becomes the alt text
    draw: Callable[[], Image.Image]


def _font(size: int):
    if CJK_FONT.exists():
        return ImageFont.truetype(str(CJK_FONT), size)
    return ImageFont.load_default(size=size)


def _has_cjk_font() -> bool:
    return CJK_FONT.exists()


def _phone_screen(title: str, rows: list[tuple[str, str]], status: str, note: str) -> Image.Image:
    image = Image.new("RGB", PHONE, "white")
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, 0, PHONE[0], 56), fill=(20, 24, 30))
    draw.text((24, 14), "09:41", font=_font(26), fill="white")
    draw.text((PHONE[0] - 130, 14), "4G  87%", font=_font(26), fill="white")
    draw.text((32, 96), title, font=_font(44), fill=INK)
    draw.rounded_rectangle((32, 180, PHONE[0] - 32, 300), radius=18, fill=(255, 244, 225))
    draw.text((64, 212), status, font=_font(48), fill=ACCENT)
    y = 350
    for label, value in rows:
        draw.text((40, y), label, font=_font(30), fill=MUTED)
        draw.text((PHONE[0] - 40, y), value, font=_font(30), fill=INK, anchor="ra")
        draw.line((40, y + 56, PHONE[0] - 40, y + 56), fill=(230, 232, 236), width=2)
        y += 84
    draw.rounded_rectangle((32, y + 30, PHONE[0] - 32, y + 170), radius=14, fill=PANEL)
    draw.multiline_text((56, y + 54), note, font=_font(28), fill=MUTED, spacing=10)
    return image


def withdrawal_pending_en() -> Image.Image:
    return _phone_screen(
        "Withdrawal details",
        [
            ("Asset", "USDT"),
            ("Network", "TRC20"),
            ("Amount", "250.00 USDT"),
            ("Network fee", "1.00 USDT"),
            ("To", "TQ7x…9fKp"),
            ("Requested", "09:12 (UTC+1)"),
            ("Transaction ID", "—"),
        ],
        "Pending review",
        "Your withdrawal is being reviewed.\nThis usually takes a few minutes.",
    )


def withdrawal_pending_zh() -> Image.Image:
    if not _has_cjk_font():
        return withdrawal_pending_en()
    return _phone_screen(
        "提现详情",
        [
            ("币种", "USDT"),
            ("网络", "TRC20"),
            ("数量", "500.00 USDT"),
            ("手续费", "1.00 USDT"),
            ("提现地址", "TLa2…Q8mZ"),
            ("申请时间", "10:05"),
            ("交易哈希", "—"),
        ],
        "处理中",
        "您的提现正在审核中，\n通常几分钟内完成。",
    )


def fee_estimate_en() -> Image.Image:
    return _phone_screen(
        "Send USDT (ERC20)",
        [
            ("Amount", "40.00 USDT"),
            ("Gas price", "38 gwei"),
            ("Gas limit", "65,000"),
            ("Network fee", "≈ 8.72 USD"),
            ("Total", "40.00 USDT + fee"),
        ],
        "Fee is high right now",
        "The Ethereum network is busy.\nTRC20 or a later time costs less.",
    )


SCREENSHOTS = [
    DemoScreenshot(
        "USDT withdrawal pending for 6 hours, is this normal?",
        "What the app shows:",
        "withdrawal-pending",
        withdrawal_pending_en,
    ),
    DemoScreenshot(
        "USDT 提现已经 5 个小时了还没到账",
        "App 里的截图：",
        "提现处理中",
        withdrawal_pending_zh,
    ),
    DemoScreenshot(
        "Why is the network fee so high for sending USDT?",
        "The send screen:",
        "network-fee",
        fee_estimate_en,
    ),
]
BY_TITLE = {shot.thread_title: shot for shot in SCREENSHOTS}


def screenshot_file(shot: DemoScreenshot) -> SimpleUploadedFile:
    out = io.BytesIO()
    shot.draw().save(out, "PNG")
    return SimpleUploadedFile(f"{shot.file_name}.png", out.getvalue(), content_type="image/png")
