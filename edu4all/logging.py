"""One JSON object per log line, for log collectors in production (python-json-logger).

Only what the record carries is written: time, level, logger, message and the
traceback. The application logs ids, never prompts, names or keys.
"""

from datetime import UTC, datetime
from typing import Any

from pythonjsonlogger.json import JsonFormatter as _LibraryJsonFormatter


class JsonFormatter(_LibraryJsonFormatter):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("fmt", "%(levelname)s %(name)s %(message)s")
        kwargs.setdefault("rename_fields", {"levelname": "level", "name": "logger"})
        # A message argument that is not JSON (a Decimal, a model) still logs.
        kwargs.setdefault("json_default", str)
        kwargs.setdefault("json_ensure_ascii", False)
        super().__init__(*args, **kwargs)

    def add_fields(
        self, log_data: dict[str, Any], record: Any, message_dict: dict[str, Any]
    ) -> None:
        # The time first, in UTC with milliseconds, whatever the server's clock zone.
        log_data["time"] = datetime.fromtimestamp(record.created, tz=UTC).isoformat(
            timespec="milliseconds"
        )
        super().add_fields(log_data, record, message_dict)
