"""The byte cap while a body streams in (uploads/handlers.py), on the handler Django calls."""

import pytest
from django.core.files.uploadhandler import SkipFile, StopUpload
from django.test import RequestFactory

from uploads.handlers import TOO_LARGE_FLAG, CappedUploadHandler

CHUNK = b"x" * 1024


def handler_for(meta):
    request = RequestFactory().post("/uploads/")
    request.META = meta
    handler = CappedUploadHandler(request)
    handler.new_file("image", "big.png", "image/png", None)
    return handler, request


def test_a_file_under_the_cap_passes_every_chunk_on(settings):
    settings.WENDA_UPLOAD_MAX_BYTES = 4 * 1024
    handler, request = handler_for({"CONTENT_LENGTH": "5000"})
    assert [handler.receive_data_chunk(CHUNK, i) for i in range(4)] == [CHUNK] * 4
    assert not getattr(request, TOO_LARGE_FLAG, False)


def test_past_the_cap_a_body_of_known_length_skips_the_rest_of_the_file(settings):
    settings.WENDA_UPLOAD_MAX_BYTES = 2 * 1024
    handler, request = handler_for({"CONTENT_LENGTH": "5000"})
    handler.receive_data_chunk(CHUNK, 0)
    handler.receive_data_chunk(CHUNK, 1)
    with pytest.raises(SkipFile):
        handler.receive_data_chunk(CHUNK, 2)
    assert getattr(request, TOO_LARGE_FLAG) is True


def test_past_the_cap_a_body_of_unknown_length_stops_and_resets_the_connection(settings):
    settings.WENDA_UPLOAD_MAX_BYTES = 2 * 1024
    handler, request = handler_for({})  # chunked transfer encoding: no Content-Length
    handler.receive_data_chunk(CHUNK * 2, 0)
    with pytest.raises(StopUpload) as stopped:
        handler.receive_data_chunk(CHUNK, 1)
    assert stopped.value.connection_reset
    assert getattr(request, TOO_LARGE_FLAG) is True
