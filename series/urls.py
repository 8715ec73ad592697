"""URLs a host site includes: `site_patterns` at the root, `localized_patterns` inside
`i18n_patterns` before Wagtail's own page URLs."""

from django.urls import include, path, re_path
from django.utils.translation import gettext_lazy as _

from .seo import robots, sitemaps
from .web import (
    calendar,
    feeds,
    following,
    registrant,
    registration,
    search,
    topics,
    translations,
)

# Wagtail's page URLs have no dots, so files beside a page get their own patterns.
PAGE_PATH = r"^(?P<path>(?:[\w\-]+/)*)"

# Listings of a topic or a goal; the first part of the path is in the page language
# (/nb/emner/…, /en/topics/…).
topic_patterns = [
    path("", topics.topic_index, name="topics"),
    path("<slug:slug>/", topics.listing_page, name="topic"),
    path("<slug:slug>/feed.xml", feeds.listing_feed, name="topic_feed"),
    path("<slug:slug>/calendar.ics", calendar.listing_calendar, name="topic_calendar"),
]
goal_patterns = [
    path("", topics.goal_index, name="goals"),
    path("<int:number>/", topics.listing_page, name="goal"),
    path("<int:number>/feed.xml", feeds.listing_feed, name="goal_feed"),
    path("<int:number>/calendar.ics", calendar.listing_calendar, name="goal_calendar"),
]

registration_patterns = (
    [
        path(
            "registrations/sessions/<int:page_id>/",
            registration.RegisterView.as_view(),
            name="register",
        ),
        path(
            "registrations/find/",
            registration.registration_lookup,
            name="registration_lookup",
        ),
        path(
            "registrations/<str:token>/",
            registration.registration_detail,
            name="registration_detail",
        ),
        path(
            "registrations/<str:token>/cancel/",
            registration.registration_cancel_view,
            name="registration_cancel",
        ),
        path(
            "registrations/<str:token>/claim/",
            registrant.registration_claim,
            name="registration_claim",
        ),
        path(
            "registrations/<str:token>/join/",
            registrant.registration_join_view,
            name="registration_join",
        ),
        path(
            "registrations/<str:token>/confirm/",
            registrant.registration_confirm,
            name="registration_confirm",
        ),
        path(
            "registrations/<str:token>/calendar.ics",
            registrant.registration_calendar,
            name="registration_calendar",
        ),
        path("search/", search.search_view, name="search"),
        path(
            "following/series/<int:page_id>/",
            following.FollowView.as_view(),
            name="follow",
        ),
        path(
            "following/series/<int:page_id>/sent/",
            following.follow_sent,
            name="follow_sent",
        ),
        path("following/<str:token>/", following.follow_detail, name="follow_detail"),
        path(
            "following/<str:token>/confirm/",
            following.follow_confirm_view,
            name="follow_confirm",
        ),
        path(
            "following/<str:token>/unsubscribe/",
            following.follow_unsubscribe,
            name="follow_unsubscribe",
        ),
        path(
            "following/<str:token>/register/<int:page_id>/",
            following.follow_register,
            name="follow_register",
        ),
        path(_("topics/"), include(topic_patterns)),
        path(_("goals/"), include(goal_patterns)),
        path(
            "translation-missing/",
            translations.translation_missing,
            name="translation_missing",
        ),
    ],
    "series",
)

site_patterns: list = [
    path("sitemap.xml", sitemaps.sitemap, name="series_sitemap"),
    path("robots.txt", robots.robots_txt, name="series_robots"),
]

localized_patterns: list = [
    path("", include(registration_patterns)),
    re_path(
        PAGE_PATH + r"calendar\.ics$", calendar.calendar_ics, name="series_calendar"
    ),
    re_path(PAGE_PATH + r"feed\.xml$", feeds.series_feed, name="series_feed"),
]
