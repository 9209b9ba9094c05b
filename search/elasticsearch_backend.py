"""The scale-out search engine: haystack's Elasticsearch 7 backend with Chinese analysis.

Used when WENDA_ELASTICSEARCH_URL is set (config/settings.py). Every text field is analysed by
`wenda_text`: Elasticsearch's official Smart Chinese tokenizer (plugin `analysis-smartcn`,
`bin/elasticsearch-plugin install analysis-smartcn`; a dictionary-and-HMM segmenter like jieba)
then full-width to half-width folding and lower case, so "提现到账" and "ＢＴＣ"/"btc" match as the
embedded Whoosh index matches them. Traditional-to-Simplified folding (what search.analyzer does
with OpenCC) needs the community plugin `analysis-stconvert`; WENDA_ELASTICSEARCH_T2S=1 adds its
filter. Ranking: Elasticsearch scores each field with BM25 and haystack's query_string query
combines the boosted fields; search.similar asks it for candidates through a SearchQuerySet and
re-ranks them as on Whoosh (FAQ-first included). README, "Scale-out", has the deployment notes.
"""

import copy
import os

from haystack.backends import BaseEngine
from haystack.backends.elasticsearch7_backend import (
    Elasticsearch7SearchBackend,
    Elasticsearch7SearchQuery,
)

TEXT_ANALYZER = "wenda_text"


def _text_filters() -> list[str]:
    filters = ["cjk_width", "lowercase"]
    if os.environ.get("WENDA_ELASTICSEARCH_T2S", "").strip().lower() in {"1", "true", "yes"}:
        filters.insert(0, "wenda_t2s")
    return filters


def index_settings() -> dict:
    """haystack's index settings (its n-gram analyzers) plus the Chinese text analyzer."""
    settings = copy.deepcopy(Elasticsearch7SearchBackend.DEFAULT_SETTINGS)
    analysis = settings["settings"]["analysis"]
    analysis["analyzer"][TEXT_ANALYZER] = {
        "type": "custom",
        "tokenizer": "smartcn_tokenizer",
        "filter": _text_filters(),
    }
    analysis["filter"]["wenda_t2s"] = {"type": "stconvert", "convert_type": "t2s"}
    return settings


class WendaElasticsearchBackend(Elasticsearch7SearchBackend):
    DEFAULT_SETTINGS = index_settings()
    DEFAULT_FIELD_MAPPING = {"type": "text", "analyzer": TEXT_ANALYZER}


class WendaElasticsearchEngine(BaseEngine):
    backend = WendaElasticsearchBackend
    query = Elasticsearch7SearchQuery
