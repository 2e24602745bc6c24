from django.db import migrations

from generation.safety.metaprompt import DEFAULT_METAPROMPT

# The lesson's list, as it was when this migration was written.
DEFAULT_DISALLOW_LIST = (
    "swords, violence, blood, gore, nudity, sexual content, adult content, adult themes, "
    "adult language, adult humor, adult jokes, adult situations, adult"
)


def add_lesson_defaults(apps, schema_editor):  # type: ignore[no-untyped-def]
    DisallowedTerm = apps.get_model("generation", "DisallowedTerm")
    Metaprompt = apps.get_model("generation", "Metaprompt")
    for term in DEFAULT_DISALLOW_LIST.split(","):
        DisallowedTerm.objects.get_or_create(term=term.strip(), defaults={"language": "en"})
    if not Metaprompt.objects.exists():
        Metaprompt.objects.create(version=1, text=DEFAULT_METAPROMPT, is_active=True)


class Migration(migrations.Migration):
    dependencies = [("generation", "0001_initial")]

    operations = [migrations.RunPython(add_lesson_defaults, migrations.RunPython.noop)]
