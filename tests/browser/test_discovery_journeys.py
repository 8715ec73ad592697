"""A visitor finds sessions by Sustainable Development Goal and topic, in nb and en,
without JavaScript and with it; axe (WCAG 2.2 A/AA) finds nothing on any new page
state."""

import pytest
from playwright.sync_api import expect

from .conftest import PHONE
from .test_accessibility import axe_violations, describe
from .test_visitor_journeys import assert_fits_the_screen

pytestmark = pytest.mark.browser

TEXT = {
    "nb": {
        "goal_label": "Bærekraftsmål",
        "topic_label": "Emne",
        "show": "Vis arrangementer",
        "goal_11": "11. Bærekraftige byer og lokalsamfunn",
        "showing": "Viser arrangementer for mål 11: Bærekraftige byer og lokalsamfunn.",
        "all_for_goal": "Alle arrangementer for mål 11, med kalender og nyhetsstrøm",
        "listing_heading": "Mål 11: Bærekraftige byer og lokalsamfunn",
        "listing_url": "/nb/maal/11/",
        "topic_url": "/nb/emner/byutvikling/",
        "topic": "Byutvikling",
        "clear": "Fjern filteret",
        "bad_goal": "Det finnes ikke noe mål som heter «99».",
        "unknown_url": "/nb/emner/finnes-ikke/",
        "unknown_heading": "Fant ikke emnet",
        "subscribe": "Abonner på kalenderen",
        "see_goals": "Se alle mål",
        "see_topics": "Se alle emner",
        "all_goals": "Alle mål",
        "all_topics": "Alle emner",
        "goals_heading": "Bærekraftsmålene",
        "topics_heading": "Emner",
        "goal_11_count": "1 kommende arrangement",
    },
    "en": {
        "goal_label": "Sustainable Development Goal",
        "topic_label": "Topic",
        "show": "Show sessions",
        "goal_11": "11. Sustainable cities and communities",
        "showing": "Showing sessions for goal 11: Sustainable cities and communities.",
        "all_for_goal": "All sessions for goal 11, with calendar and news feed",
        "listing_heading": "Goal 11: Sustainable cities and communities",
        "listing_url": "/en/goals/11/",
        "topic_url": "/en/topics/urban-development/",
        "topic": "Urban development",
        "clear": "Clear the filter",
        "bad_goal": "There is no goal “99”: the goals are numbered 1 to 17.",
        "unknown_url": "/en/topics/no-such-topic/",
        "unknown_heading": "Topic not found",
        "subscribe": "Subscribe to the calendar",
        "see_goals": "See all goals",
        "see_topics": "See all topics",
        "all_goals": "All goals",
        "all_topics": "All topics",
        "goals_heading": "The Sustainable Development Goals",
        "topics_heading": "Topics",
        "goal_11_count": "1 upcoming session",
    },
}
CARD_TITLES = ".session-card__title"


def scan_with_axe(open_page, urls: dict[str, str]) -> None:
    """axe needs JavaScript: each page state the visitor saw, opened again with it."""
    page = open_page()
    found = {}
    for state, url in urls.items():
        page.goto(url)
        found[state] = axe_violations(page)
    failures = {state: v for state, v in found.items() if v}
    assert not failures, "\n".join(
        f"{state}:\n{describe(v)}" for state, v in failures.items()
    )


@pytest.mark.parametrize("language", ["nb", "en"])
def test_filter_by_goal_on_the_home_page_and_open_its_listing(
    open_page, live, shot, language
):
    text = TEXT[language]
    seen = {}
    page = open_page(javascript=False)
    page.goto(f"/{language}/")
    seen["home"] = page.url

    # The labelled select, chosen by its label, sent with the button: no JavaScript.
    page.get_by_label(text["goal_label"]).select_option(label=text["goal_11"])
    page.get_by_role("button", name=text["show"]).click()
    expect(page).to_have_url(f"{live.url}/{language}/?topic=&goal=11#upcoming-heading")
    expect(page.get_by_role("status")).to_contain_text(text["showing"])
    titles = page.locator(CARD_TITLES).all_inner_texts()
    assert titles == ["SoTalk 17.17: Measuring impact together"]
    expect(page.get_by_label(text["goal_label"])).to_have_value("11")
    shot(page, f"{language} home filtered by goal 11")
    seen["home filtered"] = page.url

    page.get_by_role("link", name=text["all_for_goal"]).click()
    expect(page).to_have_url(f"{live.url}{text['listing_url']}")
    expect(page.get_by_role("heading", level=1)).to_have_text(text["listing_heading"])
    listing = page.locator(CARD_TITLES).all_inner_texts()
    assert listing == [
        "SoTalk 17.17: Measuring impact together",  # upcoming
        "SoTalk 17.17: Mobilising citizens and aligning initiatives to reach common "
        "goals",  # past
    ]
    expect(page.get_by_role("link", name=text["subscribe"])).to_have_attribute(
        "href", f"{text['listing_url']}calendar.ics"
    )
    shot(page, f"{language} goal 11 listing")
    seen["goal listing"] = page.url

    # From a session to its topic's listing.
    page.get_by_role(
        "link", name="SoTalk 17.17: Measuring impact together", exact=True
    ).click()
    page.get_by_role("link", name=text["topic"], exact=True).click()
    expect(page).to_have_url(f"{live.url}{text['topic_url']}")
    expect(page.get_by_role("heading", level=1)).to_have_text(text["topic"])
    seen["topic listing"] = page.url
    scan_with_axe(open_page, seen)


@pytest.mark.parametrize("language", ["nb", "en"])
def test_bad_filter_and_unknown_topic_are_explained(open_page, live, shot, language):
    text = TEXT[language]
    found: dict = {}
    page = open_page(viewport=PHONE)  # with JavaScript
    page.goto(f"/{language}/?goal=99")
    expect(page.get_by_role("alert")).to_contain_text(text["bad_goal"])
    assert page.locator(CARD_TITLES).count() >= 2  # nothing filtered away
    assert_fits_the_screen(page)  # the long goal names included
    shot(page, f"{language} unknown goal")
    found["unknown goal"] = axe_violations(page)

    # At phone size, the same form; clearing leaves no filter.
    # exact: each card's list of topics is labelled "Topics" too.
    page.get_by_label(text["topic_label"], exact=True).select_option(
        label=text["topic"]
    )
    page.get_by_role("button", name=text["show"]).click()
    page.get_by_role("link", name=text["clear"]).click()
    expect(page).to_have_url(f"{live.url}/{language}/")

    response = page.goto(text["unknown_url"])
    assert response.status == 404
    expect(page.get_by_role("heading", level=1)).to_have_text(text["unknown_heading"])
    expect(page.get_by_role("link", name=text["goal_11"])).to_be_visible()
    assert_fits_the_screen(page)
    found["unknown topic"] = axe_violations(page)

    failures = {state: v for state, v in found.items() if v}
    assert not failures, "\n".join(
        f"{state}:\n{describe(v)}" for state, v in failures.items()
    )


@pytest.mark.parametrize("language", ["nb", "en"])
def test_browse_every_goal_and_topic_from_the_filter(open_page, live, shot, language):
    text = TEXT[language]
    seen = {}
    page = open_page(viewport=PHONE, javascript=False)
    page.goto(f"/{language}/")
    page.get_by_role("link", name=text["see_goals"], exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(text["goals_heading"])
    goals = page.locator(".tag-index__item")
    expect(goals).to_have_count(17)
    goal_11 = goals.filter(has=page.get_by_role("link", name=text["goal_11"]))
    expect(goal_11).to_contain_text(text["goal_11_count"])
    assert_fits_the_screen(page)
    shot(page, f"{language} all goals")
    seen["all goals"] = page.url

    goal_11.get_by_role("link").click()
    expect(page).to_have_url(f"{live.url}{text['listing_url']}")
    page.get_by_role(
        "navigation", name="Brødsmulesti" if language == "nb" else "Breadcrumb"
    ).get_by_role("link", name=text["all_goals"]).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(text["goals_heading"])

    page.get_by_role("link", name=text["see_topics"], exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(text["topics_heading"])
    page.get_by_role("link", name=text["topic"], exact=True).click()
    expect(page).to_have_url(f"{live.url}{text['topic_url']}")
    page.get_by_role("link", name=text["all_topics"], exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(text["topics_heading"])
    assert_fits_the_screen(page)
    shot(page, f"{language} all topics")
    seen["all topics"] = page.url
    scan_with_axe(open_page, seen)
