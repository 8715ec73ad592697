"""The demo content of the source document (SoTalk 17.17), in Norwegian and English."""

from datetime import time

NB_SERIES_TITLE = "SoTalk serie om 17.17 infrastrukturen"
EN_SERIES_TITLE = "SoTalk series on the 17.17 infrastructure"

NB_SERIES_INTRO = (
    "<p>SoTalk serie om 17.17 infrastukturen fortsetter:</p>"
    "<p>Vi vet at vi må finne nye måter å samarbeide på for å nå bærekraftsmålene, men "
    "hvordan ser dette ut? SoCentral har ledet samskapingen av 17.17, en infrastuktur for "
    "samarbeid, basert på Pådriv, som et mulig svar på utfordringen. I høst vil vi arrangere "
    "en serie med SoTalks der vi ser nærmere på hva som skal til for å etablere og lykkes "
    "med den. Denne webinarserien holdes på engelsk.</p>"
)

NB_CONSENT = (
    "Jeg samtykker i at SoCentral lagrer navnet mitt, e-postadressen min og svarene mine "
    "for å håndtere påmeldingen og sende meg informasjon om dette arrangementet. "
    "Opplysningene slettes 30 dager etter arrangementet."
)

# The demo series' contact: named on each session page and the e-mails' Reply-To.
ORGANISER = {
    "organiser_name": "SoCentral",
    "organiser_email": "sotalk@socentral.example",
}

# Source segment (nb) → English; used to fill the wagtail-localize translation.
EN_STRINGS = {
    NB_CONSENT: (
        "I agree that SoCentral stores my name, e-mail address and answers to handle my "
        "registration and to send me information about this session. The data is "
        "deleted 30 days after the session."
    ),
    NB_SERIES_TITLE: EN_SERIES_TITLE,
    "SoTalk serie om 17.17 infrastukturen fortsetter:": (
        "The SoTalk series on the 17.17 infrastructure continues:"
    ),
    (
        "Vi vet at vi må finne nye måter å samarbeide på for å nå bærekraftsmålene, men "
        "hvordan ser dette ut? SoCentral har ledet samskapingen av 17.17, en infrastuktur for "
        "samarbeid, basert på Pådriv, som et mulig svar på utfordringen. I høst vil vi arrangere "
        "en serie med SoTalks der vi ser nærmere på hva som skal til for å etablere og lykkes "
        "med den. Denne webinarserien holdes på engelsk."
    ): (
        "We know that we must find new ways of working together to reach the Sustainable "
        "Development Goals, but what does that look like? SoCentral has led the co-creation "
        "of 17.17, an infrastructure for collaboration based on Pådriv, as a possible answer "
        "to the challenge. This autumn we are hosting a series of SoTalks that look closer at "
        "what it takes to establish it and succeed with it. This webinar series is held in "
        "English."
    ),
    "sotalk-serie-om-1717-infrastrukturen": "sotalk-series-on-the-1717-infrastructure",
    "SoTalk": "SoTalk",
    "Samtaler og webinarer om bærekraftige byer": "Talks and webinars on sustainable cities",
    (
        "SoTalk er SoCentrals samtaleserie om samskaping, sosial innovasjon og bærekraftige "
        "byer. Meld deg på webinarene her."
    ): (
        "SoTalk is SoCentral's series of conversations on co-creation, social innovation and "
        "sustainable cities. Register for the webinars here."
    ),
    "Politiker": "Politician",
    "Byansatt": "City administrator",
    "Student": "Student",
    "Gründer": "Entrepreneur",
    "Prest": "Priest",
    "Moderator": "Moderator",
    "Ansatt i privat selskap": "Employee in a private company",
}

SESSION_17_17 = {
    "slug": "mobilising-citizens-and-aligning-initiatives",
    "title": (
        "SoTalk 17.17: Mobilising citizens and aligning initiatives to reach common goals"
    ),
    "lead": (
        "How can we mobilise and align “top and bottom-approaches” to create more "
        "sustainable city transformation?"
    ),
    "paragraphs": [
        "Cities are traditionally strong at setting targets, creating strategies and passing "
        "legislation (top-down), and we are seeing an increasing emphasis on citizen and "
        "stakeholder engagement and the importance of scaling behaviour change (bottom-up).",
        "The 17.17 Infrastructure has been designed to support both. By making the city's "
        "climate and sustainability goals part of the infrastructure mandate, all activities "
        "taking place on the infrastructure will lead the city closer to its targets. The "
        "infrastructure also provides support to new strategies developed by the city. Giving "
        "cities an additional tool to implement strategies in areas like circular economy, "
        "social inclusion, green jobs and biodiversity.",
        "At the same time every citizen who wants to take part in the development of their "
        "city can be part of and use the infrastructure. Every entrepreneur who is developing "
        "solutions for a more sustainable city can benefit from resources that exist in the "
        "infrastructure. And every local business or NGO who wants to take part in the "
        "sustainable transformation can use the infrastructure to gain new insights, develop "
        "partnerships and create viable solutions.",
        "In this SoTalk you will hear from a politician, a city administrator, a student, an "
        "employee in a private company, a priest, an entrepreneur and a citizen on how they "
        "are using the 17.17 Infrastructure today, the value gain and the challenges they "
        "face.",
        "You will also gain insight into how the 17.17 Infrastructure is designed to support "
        "both bottom-up and top-down involvement.",
    ],
    "date": (2021, 10, 28),
    # Goal 11 (sustainable cities) and goal 17 (partnerships), whose target 17.17
    # gives the infrastructure its name.
    "topics": ["byutvikling", "samskaping"],
    "goals": [11, 17],
    "palette": 2,
    "start": time(9, 0),
    "end": time(10, 15),
    "speakers": [],
}

# Upcoming demo sessions (invented for the demo, dated relative to today).
UPCOMING_SESSIONS = [
    {
        "slug": "financing-collaboration",
        "title": "SoTalk 17.17: Financing collaboration for the sustainable city",
        "lead": "Who pays for collaboration, and how do we share the gains?",
        "paragraphs": [
            "Partnerships across sectors need more than good will. In this SoTalk we look at "
            "the funding models that keep the 17.17 Infrastructure running, from municipal "
            "budgets to private investment and philanthropy.",
            "You will hear from people who fund, run and use the infrastructure about what "
            "works, what does not, and what they would do differently.",
        ],
        "days_ahead": 14,
        "topics": ["finansiering", "samskaping"],
        "goals": [17],
        "palette": 1,
        "start": time(9, 0),
        "end": time(10, 15),
        "capacity": 100,
        "speakers": [
            ("Ingrid Haugen", "Moderator"),
            ("Lars Moen", ""),
            ("Amina Yusuf", ""),
        ],
    },
    {
        "slug": "measuring-impact-together",
        "title": "SoTalk 17.17: Measuring impact together",
        "lead": "How do we know that collaboration brings the city closer to its goals?",
        "paragraphs": [
            "Indicators, stories and data: a conversation about measuring the effect of "
            "shared initiatives on the city's climate and sustainability targets.",
        ],
        "days_ahead": 35,
        "topics": ["byutvikling"],
        "goals": [11],
        "palette": 0,
        "start": time(14, 0),
        "end": time(15, 0),
        "capacity": 3,
        "speakers": [("Sofie Berg", "Moderator"), ("Jonas Dahl", "")],
    },
]

# Topics: (nb name, nb slug, nb description) → English through EN_STRINGS.
TOPICS = [
    (
        "Byutvikling",
        "byutvikling",
        "Hvordan byer og lokalsamfunn kan bli mer bærekraftige, og hvem som former dem.",
    ),
    (
        "Samskaping",
        "samskaping",
        "Når innbyggere, næringsliv, frivillige og det offentlige løser oppgaver sammen.",
    ),
    (
        "Finansiering",
        "finansiering",
        "Hvem betaler for samarbeid, og hvordan gevinstene deles.",
    ),
]
EN_TOPIC_STRINGS = {
    "Byutvikling": "Urban development",
    "byutvikling": "urban-development",
    "Hvordan byer og lokalsamfunn kan bli mer bærekraftige, og hvem som former dem.": (
        "How cities and communities can become more sustainable, and who shapes them."
    ),
    "Samskaping": "Co-creation",
    "samskaping": "co-creation",
    "Når innbyggere, næringsliv, frivillige og det offentlige løser oppgaver sammen.": (
        "When citizens, businesses, volunteers and the public sector solve tasks together."
    ),
    "Finansiering": "Funding",
    "finansiering": "funding",
    "Hvem betaler for samarbeid, og hvordan gevinstene deles.": (
        "Who pays for collaboration, and how the gains are shared."
    ),
}

SPEAKERS = [
    {"name": "Ingrid Haugen", "role": "Politiker", "organisation": "Oslo bystyre"},
    {"name": "Lars Moen", "role": "Byansatt", "organisation": "Oslo kommune"},
    {"name": "Amina Yusuf", "role": "Gründer", "organisation": "Grønn Start AS"},
    {"name": "Sofie Berg", "role": "Student", "organisation": "OsloMet"},
    {"name": "Jonas Dahl", "role": "Prest", "organisation": "Den norske kirke"},
]

# The accessibility statement (tilgjengelighetserklæring): (tag, nb, en) per block.
STATEMENT_TITLE = ("Tilgjengelighetserklæring", "Accessibility statement")
STATEMENT_SLUG = ("tilgjengelighetserklaering", "accessibility-statement")
STATEMENT_INTRO = [
    (
        "p",
        "SoTalk skal kunne brukes av alle. Her står det hvordan nettstedet oppfyller "
        "kravene til universell utforming, hva vi har testet, og hva som ikke er på "
        "plass ennå.",
        "SoTalk should work for everyone. This statement says how the site meets the "
        "accessibility requirements, what we have tested, and what is not in place yet.",
    ),
]
STATEMENT_BODY = [
    ("h2", "Hva vi har testet", "What we tested"),
    (
        "p",
        "Alle offentlige sider på norsk og engelsk, på en skjerm som er 1280 piksler bred "
        "og på en mobil som er 390 piksler bred: forsiden, serien, arrangementer som "
        "kommer, som er over, som er fulle og som er avlyst, påmeldingsskjemaet med og "
        "uten feil, kvitteringer, avmelding, lenker som er utløpt, og siden som sier at "
        "en side ikke finnes på det andre språket. I tillegg innloggingen til "
        "redigeringsverktøyet.",
        "Every public page in Norwegian and English, on a screen 1280 pixels wide and on "
        "a phone 390 pixels wide: the home page, the series, sessions that are upcoming, "
        "past, full and cancelled, the registration form with and without errors, "
        "receipts, cancelling, expired links, and the page that says a page is missing "
        "in the other language. Also the sign-in to the editing tool.",
    ),
    ("h2", "Slik testet vi", "How we tested"),
    (
        "li",
        "Automatisk: axe-core med reglene for WCAG 2.0, 2.1 og 2.2 på nivå A og AA, i "
        "nettleseren Chromium, på hver side og i hver tilstand.",
        "Automatically: axe-core with the rules of WCAG 2.0, 2.1 and 2.2 at levels A and "
        "AA, in the Chromium browser, on every page and in every state.",
    ),
    (
        "li",
        "Egne tester for det axe ikke kan sjekke: at alt du kan klikke på er minst 24 × 24 "
        "piksler, at det som har fokus aldri er skjult bak annet innhold, at skjemaet "
        "aldri ber om det samme to ganger, og at innloggingen kan fylles ut av nettleseren "
        "eller en passordbehandler, uten oppgaver som krever at du husker eller regner.",
        "Our own tests for what axe cannot check: that everything you can click is at "
        "least 24 × 24 pixels, that whatever has focus is never hidden behind other "
        "content, that the form never asks for the same thing twice, and that the sign-in "
        "can be filled in by the browser or a password manager, with no task that asks "
        "you to remember or calculate.",
    ),
    (
        "li",
        "Tastatur: hele påmeldingen med bare tastaturet, i samme rekkefølge som du leser.",
        "Keyboard: the whole registration with the keyboard alone, in reading order.",
    ),
    (
        "li",
        "Språk: at sidene, og deler som er skrevet på et annet språk, er merket, slik at "
        "skjermlesere uttaler dem riktig.",
        "Language: that pages, and parts written in another language, are marked so that "
        "screen readers pronounce them correctly.",
    ),
    ("h2", "Når vi testet", "When we tested"),
    (
        "p",
        "Testene kjører hver gang koden endres. Datoen for siste gjennomgang står øverst.",
        "The tests run every time the code changes. The date of the last review is at "
        "the top.",
    ),
]
STATEMENT_GAPS = [
    (
        "li",
        "Vi har ennå ikke testet med skjermlesere (NVDA, JAWS, VoiceOver) eller sammen "
        "med brukere.",
        "We have not yet tested with screen readers (NVDA, JAWS, VoiceOver) or together "
        "with users.",
    ),
    (
        "li",
        "I redigeringsverktøyet (Wagtail) har vi bare testet innloggingen. Resten følger "
        "Wagtails eget arbeid med tilgjengelighet.",
        "In the editing tool (Wagtail) we have tested only the sign-in. The rest follows "
        "Wagtail's own accessibility work.",
    ),
    (
        "li",
        "Opptak av webinarene har ikke alltid teksting.",
        "Recordings of the webinars do not always have captions.",
    ),
    (
        "li",
        "Innhold fra andre, som innebygde videoer, kan ha egne mangler.",
        "Content from others, such as embedded videos, may have gaps of its own.",
    ),
]
STATEMENT_CONTACT = "tilgjengelighet@example.org"


def statement_html(blocks: list[tuple[str, str, str]], column: int) -> str:
    """Rich text of one language: consecutive list items share one <ul>."""
    html, in_list = [], False
    for tag, *texts in blocks:
        if tag == "li" and not in_list:
            html.append("<ul>")
        elif tag != "li" and in_list:
            html.append("</ul>")
        in_list = tag == "li"
        html.append(f"<{tag}>{texts[column]}</{tag}>")
    if in_list:
        html.append("</ul>")
    return "".join(html)


EN_STRINGS.update(
    {nb: en for _tag, nb, en in STATEMENT_INTRO + STATEMENT_BODY + STATEMENT_GAPS}
    | {STATEMENT_TITLE[0]: STATEMENT_TITLE[1], STATEMENT_SLUG[0]: STATEMENT_SLUG[1]}
)
