"""Seed prices (USD) for the models Edu4All knows; admins edit them afterwards.

Running it again adds missing rules and never overwrites a price an admin changed.
"""

from decimal import Decimal

from django.db import migrations

# (model prefix, size, quality, price per image); blank means any.
PER_IMAGE = [
    ("dall-e-3", "1024x1024", "standard", "0.040"),
    ("dall-e-3", "1792x1024", "standard", "0.080"),
    ("dall-e-3", "1024x1792", "standard", "0.080"),
    ("dall-e-3", "1024x1024", "hd", "0.080"),
    ("dall-e-3", "1792x1024", "hd", "0.120"),
    ("dall-e-3", "1024x1792", "hd", "0.120"),
    ("dall-e-2", "1024x1024", "", "0.020"),
    ("dall-e-2", "512x512", "", "0.018"),
    ("dall-e-2", "256x256", "", "0.016"),
    # gpt-image when the response reports no token usage.
    ("gpt-image", "", "low", "0.011"),
    ("gpt-image", "", "medium", "0.042"),
    ("gpt-image", "", "high", "0.167"),
]
# (model prefix, input, output), USD per million tokens, any size and quality.
PER_MILLION_TOKENS = [
    ("gpt-image", "5.00", "40.00"),
    ("gpt-image-1-mini", "2.00", "8.00"),
]


def seed_prices(apps, schema_editor):
    PriceRule = apps.get_model("generation", "PriceRule")
    for prefix, size, quality, price in PER_IMAGE:
        PriceRule.objects.get_or_create(
            model_prefix=prefix,
            size=size,
            quality=quality,
            defaults={"price_per_image": Decimal(price)},
        )
    for prefix, input_price, output_price in PER_MILLION_TOKENS:
        PriceRule.objects.get_or_create(
            model_prefix=prefix,
            size="",
            quality="",
            defaults={
                "input_per_million_tokens": Decimal(input_price),
                "output_per_million_tokens": Decimal(output_price),
            },
        )


class Migration(migrations.Migration):
    dependencies = [
        ("generation", "0003_usage_and_prices"),
    ]

    # Going back keeps the rows: they may hold prices an admin has since edited.
    operations = [migrations.RunPython(seed_prices, migrations.RunPython.noop)]
