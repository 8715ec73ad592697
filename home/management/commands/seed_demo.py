import zoneinfo
from datetime import datetime, timedelta

from django.contrib.contenttypes.models import ContentType
from django.core.files.images import ImageFile
from django.core.management.base import BaseCommand
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from wagtail.images.models import Image
from wagtail.models import Locale, Page, Site
from wagtail_localize.models import Translation, TranslationSource
from wagtail_localize.operations import TranslationCreator

from home import demo_content as demo
from home import demo_images
from series.models import (
    Goal,
    SeriesIndexPage,
    SessionSpeaker,
    SoTalkSessionPage,
    Speaker,
    Topic,
)

OSLO = zoneinfo.ZoneInfo("Europe/Oslo")
BRAND_COLOUR = "#0b5d5b"


class Command(BaseCommand):
    help = "Create the demo content of the source document in nb and en (idempotent)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--sessions", type=int, default=0, help="Add N generated sessions"
        )
        parser.add_argument(
            "--speakers", type=int, default=0, help="Add M generated speakers"
        )

    def handle(self, *args, sessions: int, speakers: int, **options):
        self.nb = Locale.objects.get_or_create(language_code="nb")[0]
        self.en = Locale.objects.get_or_create(language_code="en")[0]
        home = self.home_page()
        self.topics = {
            slug: self.topic(name, slug, text) for name, slug, text in demo.TOPICS
        }
        series = self.series_page(home)
        people = {
            spec["name"]: self.speaker(spec, index)
            for index, spec in enumerate(demo.SPEAKERS)
        }
        self.session(series, demo.SESSION_17_17, people)
        today = timezone.localdate(timezone=OSLO)
        for spec in demo.UPCOMING_SESSIONS:
            day = today + timedelta(days=spec["days_ahead"])
            self.session(
                series, {**spec, "date": (day.year, day.month, day.day)}, people
            )
        generated_speakers = [self.generated_speaker(n) for n in range(1, speakers + 1)]
        self.generated_sessions(series, sessions, generated_speakers)
        self.brand(home, self.statement_page(home))
        self.stdout.write(self.style.SUCCESS("Demo content is in place."))

    # Pages and their translations

    def translate(self, instance, strings: dict[str, str]) -> None:
        """Translate into English with wagtail-localize, as a translator would."""
        TranslationCreator(None, [self.en]).create_translations(instance)
        source = TranslationSource.objects.get_for_instance(instance)
        source.update_from_db()
        translation = Translation.objects.get(source=source, target_locale=self.en)
        po = translation.export_po()
        for entry in po:
            entry.msgstr = strings.get(entry.msgid, entry.msgid)
        translation.import_po(po)
        translation.save_target(publish=True)

    def home_page(self):
        from home.models import HomePage

        home = HomePage.objects.filter(locale=self.nb, depth=2).first()
        if home is None:
            root = Page.get_first_root_node()
            # Wagtail's first migration leaves a plain welcome page where home goes.
            Page.objects.filter(
                depth=2, slug="home", content_type__model="page"
            ).delete()
            root = Page.objects.get(pk=root.pk)
            home = root.add_child(
                instance=HomePage(
                    title="SoTalk",
                    slug="home",
                    locale=self.nb,
                    hero_heading="Samtaler og webinarer om bærekraftige byer",
                    hero_text=(
                        "SoTalk er SoCentrals samtaleserie om samskaping, sosial "
                        "innovasjon og bærekraftige byer. Meld deg på webinarene her."
                    ),
                    hero_image=self.picture("Hero: SoTalk", demo_images.hero("home")),
                )
            )
            home.save_revision().publish()
            Site.objects.update_or_create(
                is_default_site=True,
                defaults={
                    "hostname": "localhost",
                    "port": 80,
                    "root_page": home,
                    "site_name": "SoTalk",
                },
            )
        if not home.has_translation(self.en):
            self.translate(home, demo.EN_STRINGS)
        return home

    def series_page(self, home):
        series = SeriesIndexPage.objects.filter(
            locale=self.nb, title=demo.NB_SERIES_TITLE
        ).first()
        if series is None:
            series = home.add_child(
                instance=SeriesIndexPage(
                    title=demo.NB_SERIES_TITLE,
                    slug="sotalk-serie-om-1717-infrastrukturen",
                    intro=demo.NB_SERIES_INTRO,
                    consent_text=demo.NB_CONSENT,
                    delivery_language="en",
                    # A freed seat is offered to the next in line for a day.
                    waitlist_offer_hours=24,
                    ask_access_needs=True,
                    **demo.ORGANISER,
                    hero_image=self.picture(
                        "Hero: SoTalk 17.17", demo_images.hero("series", 3)
                    ),
                )
            )
            series.save_revision().publish()
        if not series.has_translation(self.en):
            self.translate(series, demo.EN_STRINGS)
        self.tag(series, {"topics": ["samskaping"], "goals": [17]})
        # A demo seeded before these fields: an organiser, and the question on
        # (after tagging, which publishes the latest revision).
        SeriesIndexPage.objects.filter(
            translation_key=series.translation_key, organiser_email=""
        ).update(ask_access_needs=True, **demo.ORGANISER)
        return series

    def topic(self, name: str, slug: str, description: str) -> Topic:
        topic = Topic.objects.filter(locale=self.nb, slug=slug).first()
        if topic is None:
            topic = Topic.objects.create(
                locale=self.nb, name=name, slug=slug, description=description
            )
        if not topic.has_translation(self.en):
            self.translate(topic, demo.EN_TOPIC_STRINGS)
        return topic

    def tag(self, page, spec: dict) -> None:
        """Give a page its topics and goals, also in a database seeded before them."""
        if page.goals.exists() or not spec.get("goals"):
            return
        page = page.get_latest_revision_as_object()
        page.topics = [self.topics[slug] for slug in spec.get("topics", [])]
        page.goals = list(Goal.objects.filter(number__in=spec["goals"]))
        page.save_revision().publish()  # and the translations follow

    def session(
        self, series, spec: dict, people: dict[str, Speaker]
    ) -> SoTalkSessionPage:
        session = (
            SoTalkSessionPage.objects.child_of(series).filter(slug=spec["slug"]).first()
        )
        if session is None:
            day = datetime(*spec["date"], tzinfo=OSLO)
            session = series.add_child(
                instance=SoTalkSessionPage(
                    title=spec["title"],
                    slug=spec["slug"],
                    lead=spec["lead"],
                    body=[
                        ("paragraph", f"<p>{text}</p>") for text in spec["paragraphs"]
                    ],
                    starts_at=datetime.combine(day.date(), spec["start"], OSLO),
                    ends_at=datetime.combine(day.date(), spec["end"], OSLO),
                    text_language="en",
                    capacity=spec.get("capacity"),
                    hero_image=self.picture(
                        f"Hero: {spec['slug']}",
                        demo_images.hero(spec["slug"], spec["palette"]),
                    ),
                    join_url=f"https://meet.example.org/sotalk/{spec['slug']}",
                    session_speakers=[
                        SessionSpeaker(speaker=people[name], role=role)
                        for name, role in spec["speakers"]
                    ],
                )
            )
            session.save_revision().publish()
        if not session.has_translation(self.en):
            # The session text is English on both sites, as in the source document.
            self.translate(session, demo.EN_STRINGS)
        self.tag(session, spec)
        return session

    def speaker(self, spec: dict, index: int) -> Speaker:
        speaker = Speaker.objects.filter(locale=self.nb, name=spec["name"]).first()
        if speaker is None:
            speaker = Speaker.objects.create(
                locale=self.nb,
                name=spec["name"],
                role=spec["role"],
                organisation=spec["organisation"],
                photo=self.portrait(spec["name"], index),
            )
            speaker.save_revision().publish()
        if not speaker.has_translation(self.en):
            self.translate(speaker, demo.EN_STRINGS)
        return speaker

    def picture(self, title: str, drawing, description: str = "", **focal) -> Image:
        """A demo image drawn with Pillow, made once (found again by its title)."""
        existing = Image.objects.filter(title=title).first()
        if existing:
            return existing
        slug = title.lower().replace(":", "").replace(" ", "-")
        image = Image(
            title=title,
            description=description,
            file=ImageFile(demo_images.png(drawing), name=f"{slug}.png"),
            **focal,
        )
        image.save()
        return image

    def portrait(self, name: str, index: int) -> Image:
        return self.picture(
            f"Portrait: {name}",
            demo_images.portrait(name, index),
            description=f"Portrait of {name}",
            focal_point_x=240,
            focal_point_y=190,
            focal_point_width=200,
            focal_point_height=220,
        )

    # Site settings and the accessibility statement

    def statement_page(self, home):
        from home.models import AccessibilityStatementPage

        page = AccessibilityStatementPage.objects.filter(locale=self.nb).first()
        if page is None:
            page = home.add_child(
                instance=AccessibilityStatementPage(
                    title=demo.STATEMENT_TITLE[0],
                    slug=demo.STATEMENT_SLUG[0],
                    intro=demo.statement_html(demo.STATEMENT_INTRO, 0),
                    body=demo.statement_html(demo.STATEMENT_BODY, 0),
                    known_gaps=demo.statement_html(demo.STATEMENT_GAPS, 0),
                    tested_on=timezone.localdate(timezone=OSLO),
                    contact_email=demo.STATEMENT_CONTACT,
                )
            )
            page.save_revision().publish()
        if not page.has_translation(self.en):
            self.translate(page, demo.EN_STRINGS)
        return page

    def brand(self, home, statement) -> None:
        from home.models import BrandSettings

        site = Site.objects.filter(root_page=home).first()
        if site is None:
            return
        brand = BrandSettings.for_site(site)
        if brand.logo_id is None:
            brand.logo = self.picture(
                "Logo: SoTalk", demo_images.logo_mark(BRAND_COLOUR)
            )
        brand.brand_colour = brand.brand_colour or BRAND_COLOUR
        brand.accessibility_statement = brand.accessibility_statement or statement
        brand.save()

    # Generated content for benchmarks (Norwegian locale only)

    def generated_speaker(self, n: int) -> Speaker:
        name = f"Demo Speaker {n:04d}"
        speaker = Speaker.objects.filter(locale=self.nb, name=name).first()
        if speaker is None:
            speaker = Speaker.objects.create(
                locale=self.nb,
                name=name,
                role="Innleder",
                organisation=f"Organisasjon {n % 37}",
                bio="<p>Generated speaker for benchmarks.</p>",
                photo=self.portrait(name, n),
                live=True,
            )
        return speaker

    @transaction.atomic
    def generated_sessions(self, series, count: int, speakers: list[Speaker]) -> None:
        """Sessions 1..count, half upcoming and half past, three speakers each.

        Written in bulk, with tree paths as treebeard makes them, so that thousands
        take seconds: these benchmark pages get no revision, log entry or search-index
        entry. Rerunning adds only the missing ones.
        """
        existing = set(
            SoTalkSessionPage.objects.child_of(series)
            .filter(slug__startswith="generated-session-")
            .values_list("slug", flat=True)
        )
        todo = [
            n
            for n in range(1, count + 1)
            if f"generated-session-{n:05d}" not in existing
        ]
        if not todo:
            return
        last = series.get_last_child()
        step = Page._str2int(last.path[-Page.steplen :]) if last else 0
        hour = timezone.now().replace(minute=0, second=0, microsecond=0)
        content_type = ContentType.objects.get_for_model(SoTalkSessionPage)
        sessions = []
        for offset, n in enumerate(todo, start=1):
            slug = f"generated-session-{n:05d}"
            days = (n + 1) // 2 if n % 2 else -(n // 2)
            sessions.append(
                SoTalkSessionPage(
                    title=f"Generated session {n}",
                    draft_title=f"Generated session {n}",
                    slug=slug,
                    path=Page._get_path(series.path, series.depth + 1, step + offset),
                    depth=series.depth + 1,
                    url_path=f"{series.url_path}{slug}/",
                    content_type=content_type,
                    locale=self.nb,
                    live=True,
                    first_published_at=hour,
                    last_published_at=hour,
                    lead="A generated session for benchmarks.",
                    body=[
                        ("paragraph", f"<p>Paragraph {k} of a generated session.</p>")
                        for k in range(3)
                    ],
                    starts_at=hour + timedelta(days=days),
                    ends_at=hour + timedelta(days=days, hours=1),
                    capacity=100,
                )
            )
        # Django cannot bulk-insert a multi-table model: the page rows in bulk, then
        # each session row on its own ("raw" also skips the indexing signals).
        pages = Page.objects.bulk_create(
            [Page(**self.page_fields(session)) for session in sessions]
        )
        for page, session in zip(pages, sessions, strict=True):
            session.page_ptr_id = session.id = page.pk
            session.save_base(raw=True, force_insert=True)
        Page.objects.filter(pk=series.pk).update(numchild=F("numchild") + len(pages))
        SessionSpeaker.objects.bulk_create(
            [
                SessionSpeaker(
                    page_id=session.pk, speaker=speaker, locale=self.nb, sort_order=k
                )
                for n, session in zip(todo, sessions, strict=True)
                for k, speaker in enumerate(self.speakers_of(n, speakers))
            ]
        )

    @staticmethod
    def speakers_of(n: int, speakers: list[Speaker]) -> list[Speaker]:
        if not speakers:
            return []
        return list(
            dict.fromkeys(speakers[(n * 3 + k) % len(speakers)] for k in range(3))
        )

    @staticmethod
    def page_fields(session: SoTalkSessionPage) -> dict:
        return {
            field.attname: getattr(session, field.attname)
            for field in Page._meta.concrete_fields
            if not field.primary_key
        }
