"""A byte cap on uploaded files that holds while the body streams in (issue 12).

Django's multipart parser hands each file to its upload handlers chunk by chunk; this handler,
first in settings.FILE_UPLOAD_HANDLERS, counts the bytes of each file. Once a file passes
WENDA_UPLOAD_MAX_BYTES nothing more of it is stored:

* when the body declared its length, that length is already known to be under the cap plus a
  small allowance (uploads.middleware refuses longer bodies before reading them), so the rest of
  the file is skipped and the form's other fields are still read: the page can say "too large"
  with the member's text kept;
* a body of unknown length (chunked transfer encoding) could go on for ever: the parse stops and
  the connection is reset rather than read to its end.
"""

from django.conf import settings
from django.core.files.uploadhandler import FileUploadHandler, SkipFile, StopUpload

# The request attribute the views read to tell "too large" from "no file sent".
TOO_LARGE_FLAG = "wenda_upload_too_large"


class CappedUploadHandler(FileUploadHandler):
    def new_file(self, *args, **kwargs):
        super().new_file(*args, **kwargs)
        self.received = 0

    def receive_data_chunk(self, raw_data, start):
        self.received += len(raw_data)
        if self.received > settings.WENDA_UPLOAD_MAX_BYTES:
            if self.request is not None:
                setattr(self.request, TOO_LARGE_FLAG, True)
            if self.request is not None and self.request.META.get("CONTENT_LENGTH"):
                raise SkipFile
            raise StopUpload(connection_reset=True)
        return raw_data  # the next handler (memory or temporary file) stores it

    def file_complete(self, file_size):
        return None
