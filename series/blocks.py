from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.embeds.blocks import EmbedBlock
from wagtail.images.blocks import ImageBlock


class HeadingBlock(blocks.StructBlock):
    """A section heading inside the session body."""

    text = blocks.CharBlock(label=_("Text"), max_length=200)
    level = blocks.ChoiceBlock(
        label=_("Level"),
        choices=[("h2", _("Heading 2")), ("h3", _("Heading 3"))],
        default="h2",
    )

    class Meta:
        icon = "title"
        template = "series/blocks/heading_block.html"
        label = _("Heading")
        description = _("A heading that starts a new section")
        preview_value = {"text": "What you will learn", "level": "h2"}


class ParagraphBlock(blocks.RichTextBlock):
    """Body text with the inline formatting editors need."""

    def __init__(self, **kwargs):
        kwargs.setdefault(
            "features", ["bold", "italic", "link", "ol", "ul", "document-link"]
        )
        super().__init__(**kwargs)

    class Meta:
        icon = "pilcrow"
        template = "series/blocks/paragraph_block.html"
        label = _("Paragraph")
        description = _("Body text")
        preview_value = "<p>Cities are traditionally strong at setting targets.</p>"


class CaptionedImageBlock(blocks.StructBlock):
    """An image with its alt text and an optional caption (both translatable)."""

    image = ImageBlock(label=_("Image"))
    caption = blocks.CharBlock(label=_("Caption"), required=False, max_length=250)

    class Meta:
        icon = "image"
        template = "series/blocks/captioned_image_block.html"
        label = _("Image")
        description = _("An image with alt text and an optional caption")


class QuoteBlock(blocks.StructBlock):
    """A pull quote with its source."""

    text = blocks.TextBlock(label=_("Quote"))
    attribution = blocks.CharBlock(
        label=_("Attribution"), required=False, max_length=200
    )

    class Meta:
        icon = "openquote"
        template = "series/blocks/quote_block.html"
        label = _("Quote")
        description = _("A quotation with the name of its source")
        preview_value = {
            "text": "Every citizen can take part.",
            "attribution": "SoCentral",
        }


class VideoEmbedBlock(EmbedBlock):
    """A video or other oEmbed content, e.g. a trailer or an earlier recording."""

    class Meta:
        icon = "media"
        template = "series/blocks/embed_block.html"
        label = _("Embed")
        description = _("A video or other embeddable content by URL")


class CallToActionBlock(blocks.StructBlock):
    """A highlighted link: to a partner, a document or a related page."""

    text = blocks.CharBlock(label=_("Text"), max_length=200)
    link_label = blocks.CharBlock(label=_("Link label"), max_length=80)
    page = blocks.PageChooserBlock(label=_("Page"), required=False)
    url = blocks.URLBlock(label=_("External URL"), required=False)

    class Meta:
        icon = "link"
        template = "series/blocks/call_to_action_block.html"
        label = _("Call to action")
        description = _("A highlighted link to a page or an external address")
        preview_value = {
            "text": "Read more about the 17.17 infrastructure",
            "link_label": "Read more",
            "url": "https://example.org/",
        }

    def clean(self, value):
        value = super().clean(value)
        if not value.get("page") and not value.get("url"):
            raise blocks.StructBlockValidationError(
                block_errors={"url": [_("Choose a page or enter an external URL.")]}
            )
        return value


class SessionStreamBlock(blocks.StreamBlock):
    """Every block a series or session body may use."""

    heading = HeadingBlock()
    paragraph = ParagraphBlock()
    image = CaptionedImageBlock()
    quote = QuoteBlock()
    embed = VideoEmbedBlock()
    call_to_action = CallToActionBlock()


class SpeakerLinkBlock(blocks.StructBlock):
    """A link on a speaker's card: their website, profile or organisation."""

    label = blocks.CharBlock(label=_("Label"), max_length=60)
    url = blocks.URLBlock(label=_("URL"))

    class Meta:
        icon = "link"
        label = _("Link")
