"""Roles from `setup_roles`, tried against the real admin URLs as each user."""

from django.contrib.auth.models import Group, Permission
from django.core.management import call_command
from django.urls import URLPattern, URLResolver, get_resolver, resolve, reverse
from wagtail.models import (
    GroupCollectionPermission,
    GroupPagePermission,
    Locale,
    Page,
)
from wagtail.permissions import policy_registry
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text

from home.management.commands import ensure_local_admin
from series.admin.translation_views import (
    SubmitPageTranslationView,
    SubmitSnippetTranslationView,
    UpdateTranslationsView,
)
from series.models import Registration, SeriesIndexPage, Speaker

from ..factories import SeriesIndexPageFactory

REGISTRATION_ACTIONS = ("view", "add", "change", "delete")


def locale(code: str) -> Locale:
    return Locale.objects.get(language_code=code)


def en_home() -> Page:
    return Page.objects.get(depth=2, locale__language_code="en")


def series_form(page: SeriesIndexPage, **changes) -> dict:
    """The POST data of the page editor for a series page."""
    data = {
        "title": page.title,
        "slug": page.slug,
        "intro": rich_text(page.intro or "<p></p>"),
        "consent_text": page.consent_text,
        "time_zone": page.time_zone,
        "delivery_language": page.delivery_language,
        "text_language": page.text_language,
        "waitlist_offer_hours": page.waitlist_offer_hours,
        "announce_delay_hours": page.announce_delay_hours,
        "comments": inline_formset([]),
    }
    return nested_form_data({**data, **changes})


def refused(response) -> bool:
    """Wagtail's admin answers a refusal with 403, or a redirect to the dashboard."""
    return response.status_code == 403 or (
        response.status_code == 302 and response.url == reverse("wagtailadmin_home")
    )


def edit_url(page: Page) -> str:
    return reverse("wagtailadmin_pages:edit", args=[page.pk])


def speaker_edit_url(speaker: Speaker) -> str:
    return reverse("wagtailsnippets_series_speaker:edit", args=[speaker.pk])


def admin_urls_about(word: str) -> list[str]:
    """Admin URLs without arguments whose (namespaced) name contains `word`."""
    found = []

    def walk(patterns, prefix: str) -> None:
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                namespace = pattern.namespace
                walk(
                    pattern.url_patterns,
                    f"{prefix}{namespace}:" if namespace else prefix,
                )
            elif (
                isinstance(pattern, URLPattern)
                and pattern.name
                and word in f"{prefix}{pattern.name}"
                and not pattern.pattern.regex.groups
            ):
                url = reverse(f"{prefix}{pattern.name}")
                if url.startswith("/admin/"):
                    found.append(url)

    walk(get_resolver().url_patterns, "")
    return found


# setup_roles


def test_setup_roles_twice_changes_nothing(roles):
    def state():
        return (
            sorted(Group.objects.values_list("name", flat=True)),
            sorted(
                GroupPagePermission.objects.values_list(
                    "group__name", "page_id", "permission__codename"
                )
            ),
            sorted(
                GroupCollectionPermission.objects.values_list(
                    "group__name", "permission__codename"
                )
            ),
            sorted(
                Group.objects.values_list("name", "permissions__codename").distinct()
            ),
        )

    before = state()
    call_command("setup_roles", verbosity=0)
    assert state() == before


def test_setup_roles_restores_a_role_changed_by_hand(roles):
    translators = Group.objects.get(name="Translators (English)")
    translators.permissions.add(Permission.objects.get(codename="view_registration"))
    call_command("setup_roles", verbosity=0)
    assert not translators.permissions.filter(codename="view_registration").exists()


def test_translator_groups_hold_pages_of_their_own_locale_only(roles):
    for name, code in [
        ("Translators (English)", "en"),
        ("Translators (Norwegian)", "nb"),
    ]:
        grants = GroupPagePermission.objects.filter(group__name=name)
        assert {grant.page.locale.language_code for grant in grants} == {code}
        assert {grant.page.depth for grant in grants} == {2}
        assert {grant.permission.codename for grant in grants} == {
            "add_page",
            "change_page",
        }


# Registrations: translators never see them


def test_translators_never_reach_registrations(
    client, communications_user, translator_en, translator_nb
):
    policy = policy_registry.get_by_type(Registration)
    for action in REGISTRATION_ACTIONS:
        assert communications_user.has_perm(f"series.{action}_registration")
        for translator in (translator_en, translator_nb):
            assert not translator.has_perm(f"series.{action}_registration")
            assert not policy.user_has_permission(translator, action)
    # Any admin listing or export of registrations, once it exists.
    for translator in (translator_en, translator_nb):
        client.force_login(translator)
        for url in admin_urls_about("registration"):
            assert refused(client.get(url)), url


def test_admin_url_finder_finds_viewset_urls(db):
    assert reverse("wagtailsnippets_series_speaker:list") in admin_urls_about("speaker")


# Pages


def test_translator_edits_pages_of_their_own_locale_only(
    client, translator_en, translator_nb, nb_session
):
    en_session = nb_session.get_translation(locale("en"))
    client.force_login(translator_en)
    assert client.get(edit_url(en_session)).status_code == 200
    assert refused(client.get(edit_url(nb_session)))
    client.force_login(translator_nb)
    assert client.get(edit_url(nb_session)).status_code == 200
    assert refused(client.get(edit_url(en_session)))


def test_translator_cannot_change_the_other_locales_page_by_post(
    client, translator_en, series_page
):
    client.force_login(translator_en)
    response = client.post(
        edit_url(series_page), series_form(series_page, title="Hijacked")
    )
    assert refused(response)
    series_page.refresh_from_db()
    assert series_page.title != "Hijacked"
    assert not series_page.has_unpublished_changes


def test_forced_publish_by_a_translator_is_saved_only_as_a_draft(client, translator_en):
    page = SeriesIndexPageFactory(parent=en_home(), title="English only", live=True)
    page.save_revision().publish()
    client.force_login(translator_en)
    response = client.post(
        edit_url(page),
        series_form(page, title="Changed", **{"action-publish": "action-publish"}),
    )
    assert response.status_code == 302
    page.refresh_from_db()
    assert page.title == "English only"  # the live version
    assert page.has_unpublished_changes
    assert page.get_latest_revision_as_object().title == "Changed"


def test_translator_cannot_publish_from_the_translation_editor(
    client, translator_en, nb_session
):
    en_session = nb_session.get_translation(locale("en"))
    published_at = en_session.last_published_at
    client.force_login(translator_en)
    html = client.get(edit_url(en_session)).content.decode()
    assert "Publish in" not in html
    assert refused(client.post(edit_url(en_session), {"action": "publish"}))
    en_session.refresh_from_db()
    assert en_session.last_published_at == published_at


def test_communications_publishes_in_both_languages(
    client, communications_user, django_capture_on_commit_callbacks
):
    client.force_login(communications_user)
    for home in Page.objects.filter(depth=2, alias_of__isnull=True):
        page = SeriesIndexPageFactory(parent=home, title="Draft", live=False)
        page.save_revision()
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(
                edit_url(page),
                series_form(
                    page, title="Published", **{"action-publish": "action-publish"}
                ),
            )
        assert response.status_code == 302, home.locale
        page.refresh_from_db()
        assert page.live
        assert page.title == "Published"
        assert not page.has_unpublished_changes


def test_the_admin_uses_the_reviewed_translation_views():
    for name, args, view in [
        ("submit_page_translation", [1], SubmitPageTranslationView),
        (
            "submit_snippet_translation",
            ["series", "speaker", 1],
            SubmitSnippetTranslationView,
        ),
        ("update_translations", [1], UpdateTranslationsView),
    ]:
        url = reverse(f"wagtail_localize:{name}", args=args)
        assert resolve(url).func.view_class is view, name


def test_sync_view_publishes_only_for_publishers(
    client,
    translator_en,
    communications_user,
    nb_session,
    django_capture_on_commit_callbacks,
):
    en_session = nb_session.get_translation(locale("en"))
    # A change saved without publishing, so the publish hook does not sync it.
    nb_session.capacity = 99
    nb_session.save()
    from wagtail_localize.models import TranslationSource

    source = TranslationSource.objects.get_for_instance(nb_session)
    url = reverse("wagtail_localize:update_translations", args=[source.pk])
    publish = {"publish_translations": "on"}

    client.force_login(translator_en)
    assert client.get(url).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(url, publish).status_code == 302
    en_session.refresh_from_db()
    assert en_session.capacity != 99

    client.force_login(communications_user)
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(url, publish).status_code == 302
    en_session.refresh_from_db()
    assert en_session.capacity == 99


# Speakers: model-wide in Wagtail, narrowed to the translator's locale here


def test_translators_edit_speakers_of_their_own_locale_only(
    client, translator_en, translator_nb, communications_user
):
    nb_speaker = Speaker.objects.filter(locale__language_code="nb").first()
    en_speaker = nb_speaker.get_translation(locale("en"))
    may_edit = {
        translator_en: {en_speaker},
        translator_nb: {nb_speaker},
        communications_user: {en_speaker, nb_speaker},
    }
    for user, editable in may_edit.items():
        client.force_login(user)
        for speaker in (en_speaker, nb_speaker):
            response = client.get(speaker_edit_url(speaker))
            if speaker in editable:
                assert response.status_code == 200, (user, speaker.locale)
            else:
                assert refused(response), (user, speaker.locale)


def test_only_communications_publishes_a_speaker_translation(
    client,
    translator_en,
    translator_nb,
    communications_user,
    django_capture_on_commit_callbacks,
):
    en_speaker = Speaker.objects.filter(locale__language_code="en").first()
    en_speaker.role = "Not yet published"
    en_speaker.save()
    publish = {"action": "publish"}
    for translator in (translator_en, translator_nb):
        client.force_login(translator)
        assert refused(client.post(speaker_edit_url(en_speaker), publish))
        en_speaker.refresh_from_db()
        assert en_speaker.role == "Not yet published"

    client.force_login(communications_user)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(speaker_edit_url(en_speaker), publish)
    assert response.status_code == 302
    assert not refused(response)
    en_speaker.refresh_from_db()
    assert en_speaker.role != "Not yet published"  # the translation again


def test_translator_lists_speakers_but_cannot_add_or_delete(client, translator_en):
    client.force_login(translator_en)
    speaker = Speaker.objects.filter(locale__language_code="en").first()
    assert client.get(reverse("wagtailsnippets_series_speaker:list")).status_code == 200
    assert refused(client.get(reverse("wagtailsnippets_series_speaker:add")))
    delete = reverse("wagtailsnippets_series_speaker:delete", args=[speaker.pk])
    assert refused(client.post(delete))
    assert Speaker.objects.filter(pk=speaker.pk).exists()


def test_speaker_policy_narrows_querysets_to_the_translators_locale(translator_en):
    policy = policy_registry.get_by_type(Speaker)
    editable = policy.instances_user_has_permission_for(translator_en, "change")
    assert set(editable.values_list("locale__language_code", flat=True)) == {"en"}
    nb_speaker = Speaker.objects.filter(locale__language_code="nb").first()
    assert translator_en not in policy.users_with_permission_for_instance(
        "change", nb_speaker
    )


# Local users for `make run`


def test_ensure_local_admin_creates_one_user_per_role_once(
    db, tmp_path, monkeypatch, capsys
):
    monkeypatch.setattr(ensure_local_admin, "LOGIN_FILE", tmp_path / "logins.txt")
    call_command("ensure_local_admin")
    first = (tmp_path / "logins.txt").read_text()
    for username, group in [
        ("admin", "superuser"),
        ("communications", "Communications"),
        ("translator-en", "Translators (English)"),
        ("translator-nb", "Translators (Norwegian)"),
    ]:
        assert f"{username} / " in first
        assert f"({group})" in first
    call_command("ensure_local_admin")
    assert (tmp_path / "logins.txt").read_text() == first
    assert "translator-en / " in capsys.readouterr().out

    from django.contrib.auth.models import User

    translator = User.objects.get(username="translator-en")
    assert translator.groups.get().name == "Translators (English)"
    assert translator.wagtail_userprofile.preferred_language == "en"
    password = first.split("translator-en / ")[1].split()[0]
    assert translator.check_password(password)


def test_speaker_admin_lists_filters_by_locale_and_searches(client, translator_en):
    client.force_login(translator_en)
    url = reverse("wagtailsnippets_series_speaker:list")
    nb_speaker = Speaker.objects.filter(locale__language_code="nb").first()
    en_speaker = nb_speaker.get_translation(locale("en"))
    listing = client.get(url, {"locale": "en"}).text
    assert speaker_edit_url(en_speaker) in listing
    assert speaker_edit_url(nb_speaker) not in listing
    assert en_speaker.role in listing and en_speaker.organisation in listing
    found = client.get(url, {"locale": "", "q": nb_speaker.name.split()[-1]}).text
    assert speaker_edit_url(nb_speaker) in found
    other = Speaker.objects.exclude(name=nb_speaker.name).first()
    assert speaker_edit_url(other) not in found
