"""Log lines: the plain-text and JSON formats (WENDA_LOG_FORMAT), the request id every line
written during a request carries, and jieba without its own second handler."""

import contextvars
import json
import logging
from datetime import UTC, datetime

# The id of the request being served here; set by core.middleware.RequestIdMiddleware.
request_id_var: contextvars.ContextVar[str | None] = contextvars.ContextVar(
    "wenda_request_id", default=None
)

# Attributes a log call may pass in ``extra`` that the JSON line carries as fields of its own.
REQUEST_FIELDS = ("request_id", "method", "path", "status", "duration_ms")


class RequestIdFilter(logging.Filter):
    """Stamps every record with the current request's id (None outside a request)."""

    def filter(self, record: logging.LogRecord) -> bool:
        if getattr(record, "request_id", None) is None:
            record.request_id = request_id_var.get()
        return True


class JsonFormatter(logging.Formatter):
    """One JSON object per line: time, level, logger, message, and the request fields if any."""

    def format(self, record: logging.LogRecord) -> str:
        line = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        for field in REQUEST_FIELDS:
            value = getattr(record, field, None)
            if value is not None:
                line[field] = value
        if record.exc_info:
            line["exception"] = self.formatException(record.exc_info)
        if record.stack_info:
            line["stack"] = self.formatStack(record.stack_info)
        return json.dumps(line, ensure_ascii=False, default=str)


def import_jieba():
    """jieba, imported. On import it adds a stderr handler of its own to its logger, which also
    propagates to the root handler: every jieba line was printed twice. The root handler stays."""
    import jieba

    jieba.default_logger.removeHandler(jieba.log_console)
    return jieba
