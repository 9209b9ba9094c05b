"""Posts show this site's uploads as images and any other image as a link with a note."""

import json
import os
import subprocess
import sys

from django.conf import settings as django_settings

from core.markup import render_markdown
from core.middleware import default_policy
from tests.factories import make_answer, make_thread
from tests.uploads.factories import make_upload


def test_an_own_upload_shows_with_its_size_alt_text_and_lazy_loading(user, category):
    upload, markdown = make_upload(owner=user, width=64, height=48, name="fee screen.png")
    thread = make_thread(author=user, category=category, body=f"The fee:\n\n{markdown}")
    assert (
        f'<img src="/media/{upload.file_name}" alt="fee screen" width="64" height="48" '
        'loading="lazy" decoding="async">'
    ) in thread.body_html
    assert "External image" not in thread.body_html


def test_a_large_upload_shows_its_display_copy_linked_to_the_original(user, thread):
    upload, markdown = make_upload(owner=user, width=3000, height=1500)
    answer = make_answer(thread=thread, author=user, body=markdown)
    assert answer.body_html == (
        f'<p><a href="/media/{upload.file_name}" rel="nofollow ugc noopener">'
        f'<img src="/media/{upload.display_name}" alt="shot" width="1280" height="640" '
        'loading="lazy" decoding="async"></a></p>'
    )


def test_an_upload_written_with_the_sites_address_in_front_is_still_an_image(user, category):
    upload, _markdown = make_upload(owner=user)
    url = f"{django_settings.WENDA_SITE_URL}/media/{upload.file_name}"
    thread = make_thread(author=user, category=category, body=f"![x]({url})")
    assert '<img src="/media/' in thread.body_html


def test_an_external_image_becomes_a_link_with_a_note(user, category):
    body = "截图：![截图](https://example.com/shot.png)"
    thread = make_thread(author=user, category=category, body=body)
    assert "<img" not in thread.body_html
    assert (
        '截图：External image not shown: <a href="https://example.com/shot.png" '
        'rel="nofollow ugc noopener" title="截图">https://example.com/shot.png</a>'
    ) in thread.body_html


def test_an_image_path_under_media_that_is_no_upload_is_not_shown(db):
    html = render_markdown("![x](/media/uploads/AAAAAAAAAAAAAAAAAAAAAAAA.png)").html
    assert "<img" not in html and "External image not shown" in html


def test_raw_html_images_stay_text_and_unsafe_sources_never_become_images(db):
    html = render_markdown('<img src="/media/x.png" onerror="x()"> ![a](javascript:alert(1))').html
    # Typed HTML shows as typed (escaped), as any other tag; the unsafe image keeps its words.
    assert html == '<p>&lt;img src="/media/x.png" onerror="x()"&gt; a</p>'


def test_the_preview_shows_an_uploaded_image(client, user):
    from tests.factories import PASSWORD

    upload, markdown = make_upload(owner=user)
    client.login(username=user.username, password=PASSWORD)
    response = client.post("/preview/", {"body": markdown}, HTTP_HOST="localhost")
    assert f'<img src="/media/{upload.file_name}"' in response.json()["html"]


def test_the_csp_allows_images_from_the_site_only_by_default(db):
    policy = default_policy()
    assert "img-src 'self';" in policy
    assert "https:" not in policy and "data:" not in policy


def test_s3_settings_make_an_s3_storage_and_allow_its_host_in_the_csp(tmp_path):
    # A fresh process: the settings module reads the environment once, at start-up.
    script = (
        "import django, json; django.setup();"
        "from django.core.files.storage import storages;"
        "from core.middleware import default_policy;"
        "s = storages['default'];"
        "print(json.dumps({'cls': type(s).__module__ + '.' + type(s).__name__,"
        " 'bucket': s.bucket_name, 'url': s.url('uploads/x.png'), 'csp': default_policy(),"
        " 'signed': s.querystring_auth}))"
    )
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "WENDA_MEDIA_S3_BUCKET": "wenda-media",
        "WENDA_MEDIA_S3_ENDPOINT_URL": "https://s3.example.net",
        "WENDA_MEDIA_S3_REGION": "eu-central-1",
        "WENDA_MEDIA_S3_ACCESS_KEY_ID": "AKIAEXAMPLE",
        "WENDA_MEDIA_S3_SECRET_ACCESS_KEY": "secret-example",
        "WENDA_MEDIA_S3_CUSTOM_DOMAIN": "media.example.com",
        "WENDA_EMBEDDINGS": "off",
    }
    result = subprocess.run(
        [sys.executable, "-c", script],
        env=env,
        cwd=django_settings.BASE_DIR,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    found = json.loads(result.stdout.strip().splitlines()[-1])
    assert found["cls"] == "storages.backends.s3.S3Storage"
    assert found["bucket"] == "wenda-media"
    assert found["url"] == "https://media.example.com/uploads/x.png"
    assert found["signed"] is False
    assert "img-src 'self' https://media.example.com;" in found["csp"]
