"""Estimated cost of one image in US dollars (seed figures; the provider issue refines them)."""

from decimal import Decimal

_DALL_E_3 = {
    ("standard", False): Decimal("0.040"),
    ("standard", True): Decimal("0.080"),
    ("hd", False): Decimal("0.080"),
    ("hd", True): Decimal("0.120"),
}
_DALL_E_2 = {
    "1024x1024": Decimal("0.020"),
    "512x512": Decimal("0.018"),
    "256x256": Decimal("0.016"),
}
_GPT_IMAGE = {"low": Decimal("0.011"), "medium": Decimal("0.042"), "high": Decimal("0.167")}


def estimate_cost(
    *, provider: str, model: str, size: str, quality: str, usage: dict[str, int] | None = None
) -> Decimal:
    if provider == "offline":
        return Decimal("0")
    name = model.lower()
    if name.startswith("gpt-image"):
        return _GPT_IMAGE.get(quality or "medium", _GPT_IMAGE["medium"])
    if name.startswith("dall-e-2"):
        return _DALL_E_2.get(size, _DALL_E_2["1024x1024"])
    wide = "1792" in size
    return _DALL_E_3.get((quality or "standard", wide), _DALL_E_3[("standard", False)])
