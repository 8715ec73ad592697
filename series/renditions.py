"""Image rendition specs shared by the templates, the API and the share cards, so
each image is rendered once for all of them."""

SPEAKER_PHOTO = ("fill-240x240-c75|format-webp", "fill-480x480-c75|format-webp")
SESSION_HERO = ("fill-1200x600|format-webp", "fill-600x300|format-webp")
SERIES_HERO = ("fill-1200x500|format-webp", "fill-600x250|format-webp")
SHARE_IMAGE = "fill-1200x630|format-jpeg"
BODY_IMAGE = "width-1000|format-webp"
