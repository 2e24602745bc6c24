"""`manage.py check_provider [--generate]`: is the image provider set up right?"""

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from generation.diagnosis import provider_check


class Command(BaseCommand):
    help = (
        "Check the image provider settings with one free call and say, in one line, what "
        "to change. Exits 1 unless the provider works."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--generate",
            action="store_true",
            help="Also make one small real picture (billed by the provider; nothing is saved).",
        )

    def handle(self, *args: Any, generate: bool = False, **options: Any) -> None:
        verdict = provider_check(generate=generate)
        style = self.style.SUCCESS if verdict.ok else self.style.ERROR
        self.stdout.write(style(str(verdict)))
        self.stdout.write(f"Checked: {verdict.target}")
        if not verdict.ok:
            # A plain exit code, so deploy scripts and CI can gate on it.
            raise SystemExit(1)
