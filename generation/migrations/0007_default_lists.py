from django.db import migrations

from generation.safety.defaults import LANGUAGES, default_terms


def add_default_lists(apps, schema_editor):  # type: ignore[no-untyped-def]
    DisallowedTerm = apps.get_model("generation", "DisallowedTerm")
    for language in LANGUAGES:
        for term in default_terms(language):
            # "gore" is in both lists; the first language keeps it.
            if not DisallowedTerm.objects.filter(term=term, classroom__isnull=True).exists():
                DisallowedTerm.objects.create(term=term, language=language)


class Migration(migrations.Migration):
    dependencies = [("generation", "0006_safety_pipeline")]

    operations = [migrations.RunPython(add_default_lists, migrations.RunPython.noop)]
