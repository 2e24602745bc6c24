"""One JSON object per log line, for log collectors in production.

Only what the record carries is written: time, level, logger, message and the
traceback. The application logs ids, never prompts, names or keys.
"""

import json
import logging
from datetime import UTC, datetime


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, object] = {
            "time": datetime.fromtimestamp(record.created, tz=UTC).isoformat(
                timespec="milliseconds"
            ),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        if record.exc_info:
            entry["exc_info"] = self.formatException(record.exc_info)
        if record.stack_info:
            entry["stack_info"] = self.formatStack(record.stack_info)
        # default=str: a message argument that is not JSON (a Decimal, a model) still logs.
        return json.dumps(entry, ensure_ascii=False, default=str)
