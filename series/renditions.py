"""Image rendition specs shared by the templates, the API and the share cards, so
each image is rendered once for all of them."""

SPEAKER_PHOTO = ("fill-240x240-c75|format-webp", "fill-480x480-c75|format-webp")
SPEAKER_PHOTO_AVIF = ("fill-240x240-c75|format-avif", "fill-480x480-c75|format-avif")
SESSION_HERO = ("fill-1200x600|format-webp", "fill-600x300|format-webp")
SERIES_HERO = ("fill-1200x500|format-webp", "fill-600x250|format-webp")


def picture_specs(sizes: tuple[str, ...]) -> tuple[str, ...]:
    """The specs `{% picture image format-{avif,webp} fill-{a,b} %}` asks for, in
    Wagtail's order: format first."""
    return tuple(
        f"format-{kind}|fill-{size}" for kind in ("avif", "webp") for size in sizes
    )


# The templates' <picture> elements: session pages, cards and the home page's hero;
# series pages and the home page's series cards.
SESSION_HERO_PICTURE = picture_specs(("600x300", "1200x600"))
SERIES_HERO_PICTURE = picture_specs(("600x250", "1200x500"))
SHARE_IMAGE = "fill-1200x630|format-jpeg"
BODY_IMAGE = "width-1000|format-webp"
