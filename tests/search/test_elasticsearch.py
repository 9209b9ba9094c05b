"""The scale-out engine. No Elasticsearch server can be installed on the machines this suite runs
on (no registry ships one), so the integration test runs only where WENDA_TEST_ELASTICSEARCH_URL
points at an Elasticsearch 7 with the analysis-smartcn plugin; the schema test always runs."""

import os
import subprocess
import sys
import uuid
from pathlib import Path

import pytest
from haystack import connections

from search.elasticsearch_backend import TEXT_ANALYZER, WendaElasticsearchBackend
from tests.conftest import _use_search_index
from tests.factories import make_answer, make_thread

ROOT = Path(__file__).resolve().parents[2]
ELASTICSEARCH_URL = os.environ.get("WENDA_TEST_ELASTICSEARCH_URL", "")


def test_the_elasticsearch_schema_analyses_every_text_field_as_chinese():
    backend = WendaElasticsearchBackend("es", URL="http://127.0.0.1:9", INDEX_NAME="unused")
    fields = connections["default"].get_unified_index().all_searchfields()
    content_field, mapping = backend.build_schema(fields)
    assert content_field == "text"
    text_fields = [name for name, field in mapping.items() if field["type"] == "text"]
    assert {"text", "title"} <= set(text_fields)
    assert all(mapping[name]["analyzer"] == TEXT_ANALYZER for name in text_fields)
    analyzer = backend.DEFAULT_SETTINGS["settings"]["analysis"]["analyzer"][TEXT_ANALYZER]
    assert analyzer["tokenizer"] == "smartcn_tokenizer"


def test_the_url_variable_switches_the_site_to_elasticsearch():
    env = {**os.environ, "WENDA_ELASTICSEARCH_URL": "http://search.internal:9200"}
    printed = subprocess.run(
        [
            sys.executable,
            "-c",
            "import django, os; os.environ.setdefault('DJANGO_SETTINGS_MODULE', 'config.settings');"
            "django.setup(); from django.conf import settings;"
            "c = settings.HAYSTACK_CONNECTIONS['default']; print(c['ENGINE'], c['URL'])",
        ],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    assert printed == [
        "search.elasticsearch_backend.WendaElasticsearchEngine",
        "http://search.internal:9200",
    ]


@pytest.mark.skipif(
    not ELASTICSEARCH_URL,
    reason="WENDA_TEST_ELASTICSEARCH_URL is not set: no Elasticsearch server can be installed "
    "here; point it at an Elasticsearch 7 with analysis-smartcn to run this test",
)
def test_an_elasticsearch_index_finds_chinese_and_english_posts_and_suggests_them(
    db, django_capture_on_commit_callbacks
):
    from search import suggestions

    previous = dict(connections.connections_info["default"])
    index_name = f"wenda-test-{uuid.uuid4().hex[:8]}"
    connections.connections_info["default"] = {
        "ENGINE": "search.elasticsearch_backend.WendaElasticsearchEngine",
        "URL": ELASTICSEARCH_URL,
        "INDEX_NAME": index_name,
    }
    connections.reload("default")
    backend = connections["default"].get_backend()
    try:
        with django_capture_on_commit_callbacks(execute=True):
            thread = make_thread(title="提现一直没到账怎么办", body="转出三小时了还没到账。")
            make_answer(thread=thread, body="Check the transaction hash in the explorer.")
        backend.conn.indices.refresh(index=index_name)
        from haystack.query import SearchQuerySet

        assert SearchQuerySet().auto_query("提现").count() >= 1
        assert SearchQuerySet().auto_query("explorer").count() >= 1
        titles = [result.title for result in suggestions.suggest("提现没到账", "", limit=5)]
        assert "提现一直没到账怎么办" in titles
    finally:
        backend.conn.indices.delete(index=index_name, ignore=404)
        connections.connections_info["default"] = previous
        _use_search_index()
