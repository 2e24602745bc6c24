"""The one place an export's state changes: the legal moves, each a conditional update.

An export's own small table, beside (never inside) the picture lifecycle. A worker that
got the same message twice, or one the stale sweep already gave up on, changes nothing.
"""

from typing import Any

from generation.exports.models import Export, ExportState

S = ExportState

MOVES: dict[tuple[ExportState, ExportState], str] = {
    (S.QUEUED, S.BUILDING): "a worker took it",
    (S.BUILDING, S.READY): "the file is stored",
    (S.BUILDING, S.FAILED): "something went wrong while making it",
    (S.QUEUED, S.FAILED): "no worker took it in time (the stale sweep)",
}


class IllegalExportMove(Exception):
    """A move the table does not have: a programming error, never a race."""


def export_move(export: Export, to: ExportState, **fields: Any) -> bool:
    """Move `export` from the state it was read with to `to`, writing `fields` too.

    True, with the object brought up to date, if it happened; False if the row had moved
    on meanwhile (nothing is changed).
    """
    current = S(export.state)
    if (current, to) not in MOVES:
        raise IllegalExportMove(f"{current} -> {to} (export {export.pk})")
    changes: dict[str, Any] = {"state": to, **fields}
    if not Export.objects.filter(pk=export.pk, state=current).update(**changes):
        return False
    for name, value in changes.items():
        setattr(export, name, value)
    return True
