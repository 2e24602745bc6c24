"""Container health checks for docker-compose.yml (slim images have no curl).

    python docker/healthcheck.py web    # GET /healthz: database, broker and storage
    python docker/healthcheck.py beat   # beat saved its schedule recently

Exit status 0 is healthy, 1 is not. Standard library only, and no Django: a check
runs every minute and must stay cheap.
"""

import glob
import os
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable

WEB_URL = "http://127.0.0.1:8000/healthz"
BEAT_SCHEDULE = "/tmp/celerybeat-schedule"
# Beat saves its schedule every 3 minutes while it runs.
BEAT_STALE_SECONDS = 600


def host_header(allowed_hosts: str) -> str:
    """A host Django accepts: with DEBUG off, 127.0.0.1 is usually not in ALLOWED_HOSTS."""
    for host in (item.strip() for item in allowed_hosts.split(",")):
        if host and host != "*":
            # ".school.org" allows the domain and its subdomains.
            return host.lstrip(".")
    return "localhost"


def check_web(url: str = WEB_URL, allowed_hosts: str | None = None) -> bool:
    hosts = os.environ.get("ALLOWED_HOSTS", "") if allowed_hosts is None else allowed_hosts
    request = urllib.request.Request(url, headers={"Host": host_header(hosts)})
    try:
        with urllib.request.urlopen(request, timeout=8) as response:
            return response.status == 200
    except (urllib.error.URLError, OSError) as exc:
        print(f"web is unhealthy: {exc}", file=sys.stderr)
        return False


def check_beat(schedule: str = BEAT_SCHEDULE, now: float | None = None) -> bool:
    # The dbm module may add a suffix (.db, .dat) to the file name.
    files = glob.glob(glob.escape(schedule) + "*")
    if not files:
        print("beat is unhealthy: no schedule file yet", file=sys.stderr)
        return False
    age = (time.time() if now is None else now) - max(os.path.getmtime(f) for f in files)
    if age > BEAT_STALE_SECONDS:
        print(f"beat is unhealthy: schedule not saved for {age:.0f} s", file=sys.stderr)
        return False
    return True


def main(argv: list[str]) -> int:
    checks: dict[str, Callable[[], bool]] = {"web": check_web, "beat": check_beat}
    if len(argv) != 2 or argv[1] not in checks:
        print(f"usage: {argv[0]} {'|'.join(checks)}", file=sys.stderr)
        return 2
    return 0 if checks[argv[1]]() else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv))
