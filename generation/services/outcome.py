"""What a drawing task should do next: nothing, or try again after a while."""

from dataclasses import dataclass


@dataclass(frozen=True)
class RunOutcome:
    """Nothing more to do, or re-deliver the message after `retry_in` seconds."""

    retry_in: float | None = None


DONE = RunOutcome()
