"""static/js/uploads.js in a real Chromium, under the site's real Content-Security-Policy.

Two servers for the endpoint. ``test_a_pasted_screenshot_is_previewed_posted_and_shown`` uses
the real POST /uploads/ of the uploads app and is skipped until that app is installed. The other
tests exercise the editor's behaviour (placeholders, several files, errors, posting while an
upload runs) against ``fake_upload``, a real view served by the live server through this
module's URLconf, which answers as the uploads contract says: JSON {"url", "markdown", "width",
"height"}, or a 4xx {"error": reason}. It is CSRF-checked like every POST of the site, so it
also proves the editor sends the form's token.
"""

import importlib.util
import io
import json
import re
import threading

import pytest
from django.http import JsonResponse
from django.urls import URLPattern, URLResolver, include, path
from django.views.decorators.http import require_POST
from PIL import Image, ImageDraw
from playwright.sync_api import expect

from config import urls as site_urls
from forum.models import Thread
from tests.factories import PASSWORD, make_category, make_thread, make_user

uploads_installed = importlib.util.find_spec("uploads") is not None


@pytest.fixture(autouse=True)
def _empty_search_index(search_index):
    # Posting a question goes through "may already be answered" when the index holds a similar
    # thread; an earlier test's "withdrawal fee" thread must not turn these posts into that step.
    return search_index


def png_bytes(*, size=(320, 200), colour=(0, 122, 255)) -> bytes:
    """A small screenshot-like PNG: a title bar and a few lines of "text"."""
    image = Image.new("RGB", size, (246, 247, 249))
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, 0, size[0], 28), fill=colour)
    for row in range(48, size[1] - 16, 22):
        draw.rectangle((16, row, size[0] - 60, row + 8), fill=(90, 96, 110))
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return buffer.getvalue()


# --- the fake endpoint -------------------------------------------------------------------------


class FakeUploads:
    """What the fake endpoint received, and how it answers: at once or when ``gate`` opens
    (``hold``), with the image's Markdown or with ``refusal`` as a 400."""

    def __init__(self):
        self.received: list[tuple[str, int]] = []
        self.gate = threading.Event()
        self.lock = threading.Lock()
        self.hold = False
        self.refusal = ""

    def reset(self):
        self.received.clear()
        self.gate.clear()
        self.hold = False
        self.refusal = ""


fake_uploads = FakeUploads()


@require_POST
def fake_upload(request):
    if not request.user.is_authenticated:
        return JsonResponse({"error": "Log in to upload images."}, status=403)
    image = request.FILES.get("image")
    if image is None:
        return JsonResponse({"error": "No image was sent."}, status=400)
    data = image.read()
    with fake_uploads.lock:
        fake_uploads.received.append((image.name, len(data)))
        number = len(fake_uploads.received)
    if fake_uploads.hold:
        fake_uploads.gate.wait(timeout=15)
    if fake_uploads.refusal:
        return JsonResponse({"error": fake_uploads.refusal}, status=400)
    with Image.open(io.BytesIO(data)) as opened:  # a real image arrived, whole
        width, height = opened.size
    url = f"/media/uploads/fake-{number}.png"
    return JsonResponse(
        {"url": url, "markdown": f"![{image.name}]({url})", "width": width, "height": height}
    )


def _without_uploads(patterns):
    return [
        pattern
        for pattern in patterns
        if not (isinstance(pattern, URLResolver) and pattern.namespace == "uploads")
    ]


# This module is the live server's URLconf in the fake-endpoint tests: the site's own URLs, with
# the uploads namespace (the real app's, once merged) replaced by the fake.
urlpatterns: list[URLPattern | URLResolver] = [
    path(
        "uploads/",
        include(([path("", fake_upload, name="create")], "uploads"), namespace="uploads"),
    ),
    *_without_uploads(site_urls.urlpatterns),
]


class WithoutUploads:
    """A URLconf (Django accepts any object with ``urlpatterns``) of a site that serves no
    uploads: the site's own URLs, less the uploads app's once it is merged."""

    urlpatterns = _without_uploads(site_urls.urlpatterns)


@pytest.fixture
def fake_endpoint(settings):
    settings.ROOT_URLCONF = __name__
    fake_uploads.reset()
    yield fake_uploads
    fake_uploads.gate.set()  # never leave a server thread waiting


# --- helpers -----------------------------------------------------------------------------------


def _log_in(page, live_server, username, next_url):
    page.goto(f"{live_server.url}/accounts/login/?next={next_url}")
    page.locator("input[name=username]").fill(username)
    page.locator("input[name=password]").fill(PASSWORD)
    page.locator("input[name=password]").press("Enter")
    expect(page).to_have_url(re.compile(re.escape(next_url) + "$"))


def _collect_csp_violations(page) -> list[str]:
    messages = []
    page.on(
        "console",
        lambda message: (
            messages.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    return messages


def _files_handle(page, files: list[tuple[str, str, bytes]]):
    """A DataTransfer holding real File objects, as the clipboard or a drag gives them."""
    return page.evaluate_handle(
        """(files) => {
            const transfer = new DataTransfer();
            for (const [name, type, bytes] of files) {
                transfer.items.add(new File([new Uint8Array(bytes)], name, { type }));
            }
            return transfer;
        }""",
        [[name, kind, list(data)] for name, kind, data in files],
    )


def _paste(page, textarea, items: dict[str, bytes]):
    """Puts ``items`` (MIME type -> content) on the browser's clipboard, then presses Ctrl+V in
    the textarea: the real paste path (Chromium names a pasted picture "image.png")."""
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    page.evaluate(
        """async (items) => {
            const blobs = {};
            for (const [type, bytes] of Object.entries(items)) {
                blobs[type] = new Blob([new Uint8Array(bytes)], { type });
            }
            await navigator.clipboard.write([new ClipboardItem(blobs)]);
        }""",
        {kind: list(data) for kind, data in items.items()},
    )
    textarea.press("Control+V")


def _drop_files(textarea, page, files):
    transfer = _files_handle(page, files)
    for event in ("dragenter", "dragover", "drop"):
        textarea.dispatch_event(event, {"dataTransfer": transfer})


def _put_cursor(textarea, offset: int):
    textarea.evaluate(
        "(element, at) => { element.focus(); element.setSelectionRange(at, at); }", offset
    )


def _cursor(textarea) -> int:
    return textarea.evaluate("(element) => element.selectionStart")


# --- tests -------------------------------------------------------------------------------------


@pytest.mark.browser
@pytest.mark.xdist_group("browser")
def test_a_pasted_image_becomes_markdown_at_the_cursor_and_the_preview_refreshes(
    page, live_server, plain_http_site, fake_endpoint
):
    make_user(username="asker")
    violations = _collect_csp_violations(page)
    _log_in(page, live_server, "asker", "/ask/")
    textarea = page.locator("textarea[name=body]")
    textarea.fill("The fee screen:\nWhy is it so high?")
    # The typing's own preview first, so the next one can only come from the upload.
    expect(page.locator("[data-preview-output]")).to_contain_text("Why is it so high?")
    _put_cursor(textarea, len("The fee screen:"))

    with page.expect_request(
        lambda request: (
            request.url.endswith("/preview/") and "fake-1.png" in (request.post_data or "")
        )
    ):
        _paste(page, textarea, {"image/png": png_bytes()})
        expect(textarea).to_have_value(
            "The fee screen:\n![image.png](/media/uploads/fake-1.png)\nWhy is it so high?"
        )

    assert [name for name, _size in fake_endpoint.received] == ["image.png"]
    assert page.locator("[data-upload-progress] li").count() == 0
    expect(page.locator("[data-upload-error]")).to_be_hidden()
    assert violations == []


@pytest.mark.browser
@pytest.mark.xdist_group("browser")
def test_several_chosen_files_upload_at_once_and_what_is_typed_meanwhile_is_kept(
    page, live_server, plain_http_site, fake_endpoint
):
    make_user(username="asker")
    _log_in(page, live_server, "asker", "/ask/")
    textarea = page.locator("textarea[name=body]")
    textarea.fill("Step one")
    _put_cursor(textarea, len("Step one"))
    fake_endpoint.hold = True

    with page.expect_file_chooser() as chooser:
        page.get_by_role("button", name="Add images").click()
    chooser.value.set_files(
        [
            {"name": "fees-1.png", "mimeType": "image/png", "buffer": png_bytes()},
            {
                "name": "fees-2.png",
                "mimeType": "image/png",
                "buffer": png_bytes(colour=(200, 0, 0)),
            },
        ]
    )
    expect(textarea).to_have_value(
        "Step one\n![Uploading fees-1.png…]()\n![Uploading fees-2.png…]()"
    )
    expect(page.locator("[data-upload-progress] li")).to_have_count(2)
    # While both wait on the server, the member goes on typing at the end.
    textarea.press("End")
    textarea.press_sequentially("\nStep two")
    typed_at = _cursor(textarea)

    fake_endpoint.gate.set()

    expect(textarea).to_have_value(
        re.compile(
            r"^Step one\n!\[fees-1\.png\]\(/media/uploads/fake-[12]\.png\)\n"
            r"!\[fees-2\.png\]\(/media/uploads/fake-[12]\.png\)\nStep two$"
        )
    )
    expect(page.locator("[data-upload-progress] li")).to_have_count(0)
    # The cursor moved with the text before it: still right after "Step two".
    assert _cursor(textarea) == len(textarea.input_value()) != typed_at


@pytest.mark.browser
@pytest.mark.xdist_group("browser")
def test_a_refused_image_shows_the_servers_reason_and_leaves_the_text_as_it_was(
    page, live_server, plain_http_site, fake_endpoint
):
    make_user(username="asker")
    _log_in(page, live_server, "asker", "/ask/")
    textarea = page.locator("textarea[name=body]")
    textarea.fill("My backup card:\n\nwhat now?")
    _put_cursor(textarea, len("My backup card:\n"))  # on the empty line
    fake_endpoint.refusal = "This looks like a wallet recovery phrase (12 words, “ab…ut”)."

    _drop_files(textarea, page, [("backup.png", "image/png", png_bytes())])

    error = page.locator("[data-upload-error]")
    expect(error).to_have_text(
        "backup.png was not added: This looks like a wallet recovery phrase (12 words, “ab…ut”)."
    )
    expect(textarea).to_have_value("My backup card:\n\nwhat now?")
    assert [name for name, _size in fake_endpoint.received] == ["backup.png"]


@pytest.mark.browser
@pytest.mark.xdist_group("browser")
def test_a_dropped_file_that_is_no_image_is_refused_in_the_page_in_chinese(
    page, live_server, plain_http_site, fake_endpoint
):
    make_user(username="asker")
    page.context.add_cookies(
        [{"name": "django_language", "value": "zh-hans", "url": live_server.url}]
    )
    _log_in(page, live_server, "asker", "/ask/")
    textarea = page.locator("textarea[name=body]")
    textarea.fill("日志")

    _drop_files(textarea, page, [("wallet.pdf", "application/pdf", b"%PDF-1.4")])

    expect(page.locator("[data-upload-error]")).to_have_text(
        "wallet.pdf 不是 PNG、JPEG、WebP 或 GIF 图片。"
    )
    expect(page.get_by_role("button", name="添加图片")).to_be_visible()
    expect(textarea).to_have_value("日志")
    assert fake_endpoint.received == []


@pytest.mark.browser
@pytest.mark.xdist_group("browser")
def test_posting_while_an_image_uploads_waits_for_it(
    page, live_server, plain_http_site, fake_endpoint
):
    make_user(username="asker")
    category = make_category(name="Fees", slug="fees")
    _log_in(page, live_server, "asker", "/ask/")
    page.locator("input[name=title]").fill("Why was my withdrawal fee so high?")
    page.locator("select[name=category]").select_option(str(category.pk))
    textarea = page.locator("textarea[name=body]")
    textarea.fill("Here is the fee screen.")
    _put_cursor(textarea, len("Here is the fee screen."))
    fake_endpoint.hold = True
    _paste(page, textarea, {"image/png": png_bytes()})
    expect(textarea).to_have_value("Here is the fee screen.\n![Uploading image.png…]()")

    page.locator("form#ask-form button[type=submit]").click()

    expect(page.locator("[data-upload-error]")).to_have_text(
        "Wait until your images have finished uploading, then post again."
    )
    assert not Thread.objects.exists()
    fake_endpoint.gate.set()
    expect(textarea).to_have_value(
        "Here is the fee screen.\n![image.png](/media/uploads/fake-1.png)"
    )
    page.locator("form#ask-form button[type=submit]").click()
    expect(page.locator("h1")).to_have_text("Why was my withdrawal fee so high?")
    assert (
        Thread.objects.get().body
        == "Here is the fee screen.\n![image.png](/media/uploads/fake-1.png)"
    )


@pytest.mark.browser
@pytest.mark.xdist_group("browser")
def test_the_answer_editor_uploads_too(page, live_server, plain_http_site, fake_endpoint):
    thread = make_thread(category=make_category(name="Fees", slug="fees"))
    make_user(username="helper")
    _log_in(page, live_server, "helper", thread.get_absolute_url())
    textarea = page.locator("#answer-form textarea[name=body]")

    _paste(page, textarea, {"image/png": png_bytes()})

    expect(textarea).to_have_value("![image.png](/media/uploads/fake-1.png)")


@pytest.mark.browser
@pytest.mark.xdist_group("browser")
def test_pasting_text_that_comes_with_a_picture_pastes_the_text(
    page, live_server, plain_http_site, fake_endpoint
):
    # A spreadsheet puts a picture of the copied cells beside their text.
    make_user(username="asker")
    _log_in(page, live_server, "asker", "/ask/")
    textarea = page.locator("textarea[name=body]")

    _paste(page, textarea, {"text/plain": b"0.0042 BTC\t2026-12-01", "image/png": png_bytes()})

    expect(textarea).to_have_value("0.0042 BTC\t2026-12-01")
    page.wait_for_timeout(300)  # an upload, had one started, would have reached the server
    assert fake_endpoint.received == []


def test_the_upload_controls_are_offered_to_members_in_every_editor(db, client, fake_endpoint):
    thread = make_thread(category=make_category(name="Fees", slug="fees"))
    client.force_login(make_user(username="editor", moderator=True))
    for url in ("/ask/", thread.get_absolute_url(), "/faq/new/"):
        page = client.get(url, HTTP_HOST="localhost").content.decode()
        assert 'data-upload-url="/uploads/"' in page, url
        assert "js/uploads.js" in page, url
        # Rendered hidden: without JavaScript nothing of it shows.
        assert re.search(r'<div class="upload-bar" data-upload-bar hidden>', page), url


def test_no_upload_controls_where_uploads_are_not_served_or_for_visitors(db, client, settings):
    settings.ROOT_URLCONF = WithoutUploads
    thread = make_thread(category=make_category(name="Fees", slug="fees"))
    anonymous = client.get(thread.get_absolute_url(), HTTP_HOST="localhost").content.decode()
    client.force_login(make_user(username="asker"))
    ask = client.get("/ask/", HTTP_HOST="localhost").content.decode()

    assert "data-upload-url" not in anonymous and "data-upload-url" not in ask
    assert "js/uploads.js" not in ask


@pytest.mark.browser
@pytest.mark.xdist_group("browser")
@pytest.mark.skipif(not uploads_installed, reason="needs the uploads app (POST /uploads/)")
def test_a_pasted_screenshot_is_previewed_posted_and_shown(page, live_server, plain_http_site):
    make_user(username="asker")
    category = make_category(name="Withdrawals", slug="withdrawals")
    violations = _collect_csp_violations(page)
    _log_in(page, live_server, "asker", "/ask/")
    page.locator("input[name=title]").fill("My withdrawal is stuck: screenshot attached")
    page.locator("select[name=category]").select_option(str(category.pk))
    textarea = page.locator("textarea[name=body]")
    textarea.fill("It says pending since yesterday:")
    _put_cursor(textarea, len("It says pending since yesterday:"))

    with page.expect_response(lambda response: response.url.endswith("/uploads/")) as answer:
        _paste(page, textarea, {"image/png": png_bytes()})
    uploaded = json.loads(answer.value.text())
    assert answer.value.status == 201, uploaded  # Created
    expect(textarea).to_have_value(f"It says pending since yesterday:\n{uploaded['markdown']}")
    preview_image = page.locator(f'[data-preview-output] img[src="{uploaded["url"]}"]')
    expect(preview_image).to_be_visible()

    page.locator("form#ask-form button[type=submit]").click()

    expect(page.locator("h1")).to_have_text("My withdrawal is stuck: screenshot attached")
    shown = page.locator(f'#question img[src="{uploaded["url"]}"]')
    expect(shown).to_be_visible()
    assert shown.evaluate("(image) => image.complete && image.naturalWidth") == 320
    assert violations == []


@pytest.mark.browser
@pytest.mark.xdist_group("browser")
def test_the_forms_plain_file_field_gives_way_to_the_button(
    page, live_server, plain_http_site, fake_endpoint
):
    make_user(username="asker")
    _log_in(page, live_server, "asker", "/")

    def with_plain_field(route):
        # Until the uploads app adds its no-JS field (name "image"), the page gets one here.
        response = route.fetch()
        html = response.text()
        if 'name="image"' not in html:
            field = (
                '<div class="field"><label for="id_image">Image</label>'
                '<input type="file" name="image" id="id_image"></div>'
            )
            html = html.replace('<div class="field-row">', field + '<div class="field-row">', 1)
        route.fulfill(response=response, body=html)

    page.route("**/ask/", with_plain_field)
    page.goto(f"{live_server.url}/ask/")

    expect(page.get_by_role("button", name="Add images")).to_be_visible()
    expect(page.locator("input[type=file][name=image]")).to_be_hidden()
    expect(page.locator("textarea[name=body]")).to_be_visible()
