"""Evenly spaced turns under a provider's images-per-minute quota (the shared and local lines).

Pictures are spaced evenly: with a quota of N a minute, one request may start every
60 / N seconds (plus a little leeway for the moments between taking a turn and the
request reaching the provider). A provider counting over any window of a minute or
less therefore never sees more than it allows, so it never answers 429.

The turns live in Redis (one key per provider and deployment, holding the time of the
next free turn, changed by one Lua script that reads Redis's own clock), so every worker
on every machine shares them. Without Redis, the local default, turns are kept in the
worker process, which is right for `make run`'s single worker.
"""

import threading
import time
from dataclasses import dataclass

import redis

# Requests leave a fixed moment after their turn starts (services/pacing.py), so only
# the network and the provider's own clock can move them closer together than a turn.
LEEWAY_SECONDS = 0.1

# Books the next turn if it starts within max_wait seconds; otherwise books nothing.
# Returns {booked (1/0), seconds to wait, the turn's start} (floats as strings).
_TAKE_TURN = """
local clock = redis.call('TIME')
local now = tonumber(clock[1]) + tonumber(clock[2]) / 1000000
local interval = tonumber(ARGV[1])
local max_wait = tonumber(ARGV[2])
local start = math.max(tonumber(redis.call('GET', KEYS[1]) or '0'), now)
local wait = start - now
if wait > max_wait then
  return {0, tostring(wait), tostring(start)}
end
local next_turn = start + interval
redis.call('SET', KEYS[1], tostring(next_turn), 'PX', math.ceil((next_turn - now) * 1000) + 1000)
return {1, tostring(wait), tostring(start)}
"""

# Gives a turn back if nobody has booked one after it (nothing was left to draw).
_GIVE_BACK = """
local current = tonumber(redis.call('GET', KEYS[1]) or '0')
local turn_start = tonumber(ARGV[1])
local interval = tonumber(ARGV[2])
if math.abs(current - (turn_start + interval)) < 0.001 then
  redis.call('SET', KEYS[1], tostring(turn_start), 'KEEPTTL')
  return 1
end
return 0
"""


class QuotaUnavailable(Exception):
    """The shared line could not be reached (Redis is down or slow): try again shortly.

    Nothing outside this package needs to know the line lives in Redis.
    """


@dataclass(frozen=True)
class Turn:
    """A place in the provider's line: `booked` and wait `wait` seconds, or try later."""

    booked: bool
    wait: float
    start: float = 0.0


class ImagesPerMinute:
    """Evenly spaced turns for one provider; `images_per_minute` of 0 means no limit."""

    def __init__(self, *, key: str, images_per_minute: int) -> None:
        self.key = key
        self.images_per_minute = images_per_minute
        self.interval = 60 / images_per_minute + LEEWAY_SECONDS if images_per_minute else 0.0

    @property
    def limited(self) -> bool:
        return self.images_per_minute > 0

    def take_turn(self, *, max_wait: float) -> Turn:
        """Book the next turn if it comes within `max_wait` seconds."""
        if not self.limited:
            return Turn(booked=True, wait=0.0)
        return self._take_turn(max_wait)

    def give_back(self, turn: Turn) -> None:
        """Return an unused turn, if it is still the last one booked."""
        if self.limited and turn.booked:
            self._give_back(turn)

    def _take_turn(self, max_wait: float) -> Turn:
        raise NotImplementedError

    def _give_back(self, turn: Turn) -> None:
        raise NotImplementedError


class RedisImagesPerMinute(ImagesPerMinute):
    def __init__(self, *, key: str, images_per_minute: int, client: redis.Redis) -> None:
        super().__init__(key=key, images_per_minute=images_per_minute)
        self._take = client.register_script(_TAKE_TURN)
        self._back = client.register_script(_GIVE_BACK)

    def _take_turn(self, max_wait: float) -> Turn:
        try:
            booked, wait, start = self._take(keys=[self.key], args=[self.interval, max_wait])
        except redis.RedisError as exc:
            raise QuotaUnavailable(f"{type(exc).__name__}: {exc}") from exc
        return Turn(booked=bool(int(booked)), wait=float(wait), start=float(start))

    def _give_back(self, turn: Turn) -> None:
        try:
            self._back(keys=[self.key], args=[repr(turn.start), self.interval])
        except redis.RedisError as exc:
            raise QuotaUnavailable(f"{type(exc).__name__}: {exc}") from exc


class LocalImagesPerMinute(ImagesPerMinute):
    """The same turns kept in this process: for a single worker without Redis."""

    def __init__(self, *, key: str, images_per_minute: int) -> None:
        super().__init__(key=key, images_per_minute=images_per_minute)
        self._lock = threading.Lock()
        self._next_turn = 0.0

    def _take_turn(self, max_wait: float) -> Turn:
        with self._lock:
            now = time.time()
            start = max(self._next_turn, now)
            if start - now > max_wait:
                return Turn(booked=False, wait=start - now, start=start)
            self._next_turn = start + self.interval
            return Turn(booked=True, wait=start - now, start=start)

    def _give_back(self, turn: Turn) -> None:
        with self._lock:
            if abs(self._next_turn - (turn.start + self.interval)) < 1e-3:
                self._next_turn = turn.start
