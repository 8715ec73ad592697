"""Demo pictures drawn with Pillow (nothing is downloaded): calm abstract heroes and
a distinct portrait per speaker, all reproducible from a name."""

import hashlib
import io
import math
import random

from PIL import Image, ImageDraw, ImageFilter

# Nordic palette: fjord, moss, heather, clay, dusk; light paper and sand for grounds.
HERO_PALETTES = [
    ("#e9efe9", ["#0b5d5b", "#5f8f7c", "#a9c6b8", "#234b4a"]),
    ("#efe9e1", ["#1f4e8c", "#6d8fb9", "#c4d3e6", "#b3470b"]),
    ("#ece8ef", ["#5b3a7a", "#9b7bb5", "#d6c8e2", "#0b5d5b"]),
    ("#f1ede4", ["#546b2a", "#93a66a", "#d7ddc0", "#8a4b2a"]),
]
SKIN = ["#f1d3bc", "#e0ac8a", "#c68863", "#a0664a", "#6f4430", "#f5dccb"]
HAIR = ["#2b1d14", "#5a3a22", "#a8743d", "#d9c08c", "#8a8a8a", "#1c1c1c"]
BACKGROUNDS = ["#0b5d5b", "#5b3a7a", "#b3470b", "#1f4e8c", "#546b2a", "#7a2e48"]
SHIRTS = ["#f3efe6", "#264653", "#e9c46a", "#d8e2dc", "#3d405b", "#bc6c25"]


def _rng(name: str) -> random.Random:
    seed = int(hashlib.sha256(name.encode()).hexdigest()[:16], 16)
    return random.Random(seed)  # noqa: S311 (pictures, not secrets)


def png(image: Image.Image) -> io.BytesIO:
    buffer = io.BytesIO()
    image.save(buffer, "PNG", optimize=True)
    buffer.seek(0)
    return buffer


def hero(name: str, index: int = 0, size: tuple[int, int] = (1600, 800)) -> Image.Image:
    """Soft overlapping hills and circles, like a city seen across a fjord; `index`
    picks the palette, the name the shapes."""
    rng = _rng(name)
    ground, colours = HERO_PALETTES[index % len(HERO_PALETTES)]
    width, height = size
    canvas = Image.new("RGB", size, ground)
    layer = Image.new("RGBA", size, (0, 0, 0, 0))
    draw = ImageDraw.Draw(layer)
    for _ in range(5):
        radius = rng.randint(height // 6, height // 2)
        x, y = rng.randint(0, width), rng.randint(0, height // 2)
        colour = rng.choice(colours)
        draw.ellipse(
            (x - radius, y - radius, x + radius, y + radius), fill=colour + "40"
        )
    for band in range(4):
        base = height * (0.45 + band * 0.14)
        amplitude = height * rng.uniform(0.03, 0.09)
        phase = rng.uniform(0, math.tau)
        wavelength = width / rng.uniform(0.8, 2.2)
        points = [
            (x, base + amplitude * math.sin(phase + x / wavelength * math.tau))
            for x in range(0, width + 40, 40)
        ]
        draw.polygon(
            [*points, (width, height), (0, height)],
            fill=colours[band % len(colours)] + ("b0" if band < 3 else "ff"),
        )
    layer = layer.filter(ImageFilter.GaussianBlur(1.5))
    canvas.paste(layer, (0, 0), layer)
    return canvas


def portrait(name: str, index: int | None = None, size: int = 480) -> Image.Image:
    """A head-and-shoulders figure; `index` spreads a list of people over the
    colours and hair styles so that neighbours never look alike."""
    n = index if index is not None else _rng(name).randrange(997)
    rng = _rng(name)
    canvas = Image.new("RGB", (size, size), BACKGROUNDS[n % len(BACKGROUNDS)])
    draw = ImageDraw.Draw(canvas)
    s = size / 480
    skin = SKIN[(n * 3 + 1) % len(SKIN)]
    hair = HAIR[(n * 5 + 2) % len(HAIR)]
    shirt = SHIRTS[(n * 2 + 1) % len(SHIRTS)]
    style = n % 4
    if style == 1:  # long hair falling behind the shoulders
        draw.rounded_rectangle(
            (135 * s, 90 * s, 345 * s, 400 * s), radius=100 * s, fill=hair
        )
    draw.rounded_rectangle(
        (80 * s, 300 * s, 400 * s, 560 * s), radius=130 * s, fill=shirt
    )
    draw.rectangle((212 * s, 250 * s, 268 * s, 320 * s), fill=skin)  # neck
    if style in (0, 2):  # short hair framing the head
        draw.ellipse((140 * s, 80 * s, 340 * s, 280 * s), fill=hair)
    if style == 2:  # and a bun on top
        draw.ellipse((200 * s, 30 * s, 280 * s, 110 * s), fill=hair)
    draw.ellipse((150 * s, 95 * s, 330 * s, 295 * s), fill=skin)  # head
    if style in (0, 1, 2):  # the hairline
        draw.chord((148 * s, 88 * s, 332 * s, 230 * s), 180, 360, fill=hair)
    if style == 3 or rng.random() < 0.35:  # glasses
        for x in (188, 250):
            draw.ellipse(
                (x * s, 180 * s, (x + 44) * s, 216 * s),
                outline="#1b1d1f",
                width=max(2, int(5 * s)),
            )
        draw.line(
            (232 * s, 196 * s, 250 * s, 196 * s),
            fill="#1b1d1f",
            width=max(2, int(4 * s)),
        )
    return canvas


def logo_mark(colour: str, size: int = 192) -> Image.Image:
    """Two overlapping speech bubbles: the mark beside the site name."""
    canvas = Image.new("RGBA", (size, size), (0, 0, 0, 0))
    draw = ImageDraw.Draw(canvas)
    s = size / 192
    draw.rounded_rectangle(
        (8 * s, 20 * s, 128 * s, 112 * s), radius=30 * s, fill=colour
    )
    draw.polygon([(30 * s, 104 * s), (30 * s, 140 * s), (62 * s, 108 * s)], fill=colour)
    draw.rounded_rectangle(
        (64 * s, 72 * s, 184 * s, 164 * s), radius=30 * s, fill="#e9c46a"
    )
    draw.polygon(
        [(160 * s, 156 * s), (162 * s, 188 * s), (130 * s, 160 * s)], fill="#e9c46a"
    )
    return canvas
