"""`manage.py make_c2pa_dev_key [--force]`: a development signing pair for C2PA manifests."""

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from generation.provenance.keys import write_dev_pair


class Command(BaseCommand):
    help = (
        "Make a development C2PA signing key and certificate chain at C2PA_SIGNING_KEY_FILE "
        "and C2PA_CERT_CHAIN_FILE, unless both are there already. Verifiers call pictures "
        "signed with it valid, from an untrusted signer; production needs a real pair."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--force", action="store_true", help="Replace an existing pair.")

    def handle(self, *args: Any, force: bool = False, **options: Any) -> None:
        if not settings.DEBUG:
            raise CommandError("A development key is for DEBUG only; production needs a real one.")
        key_file = Path(settings.C2PA_SIGNING_KEY_FILE)
        chain_file = Path(settings.C2PA_CERT_CHAIN_FILE)
        if key_file.is_file() and chain_file.is_file() and not force:
            self.stdout.write(f"C2PA development key already at {key_file}")
            return
        write_dev_pair(key_file=key_file, chain_file=chain_file)
        self.stdout.write(
            self.style.SUCCESS(f"C2PA development key made: {key_file}, {chain_file}")
        )
