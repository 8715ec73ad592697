"""Signed, short-lived tokens that let a headless front end read one page's draft.

A token names one page, carries its own salt (so no other signed value of the site
is accepted as one, nor it as anything else) and expires after
SERIES_PREVIEW_TOKEN_SECONDS.
"""

from urllib.parse import urlencode

from django.core import signing

from .. import conf

SALT = "series.preview"


def preview_token_issue(*, page_id: int) -> str:
    return signing.dumps({"preview": page_id}, salt=SALT)


def preview_token_page_id(token: str) -> int | None:
    """The page a valid, unexpired token was issued for; None otherwise."""
    try:
        payload = signing.loads(
            token, salt=SALT, max_age=conf.get("PREVIEW_TOKEN_SECONDS")
        )
    except signing.BadSignature:  # includes SignatureExpired
        return None
    page_id = payload.get("preview") if isinstance(payload, dict) else None
    return page_id if isinstance(page_id, int) else None


def headless_preview_url(*, hostname: str, page_id: int, locale: str) -> str:
    """The front end's preview URL for a site: SERIES_HEADLESS_PREVIEW_URL, a URL or a
    dict of URLs by site hostname ("*" for any other), with `{id}`, `{locale}` and
    `{token}` filled in (appended as a query when absent). Empty: not configured."""
    setting = conf.get("HEADLESS_PREVIEW_URL")
    if isinstance(setting, dict):
        setting = setting.get(hostname) or setting.get("*") or ""
    if not setting:
        return ""
    values = {
        "id": page_id,
        "locale": locale,
        "token": preview_token_issue(page_id=page_id),
    }
    if "{token}" in setting:
        return setting.format(**values)
    separator = "&" if "?" in setting else "?"
    return f"{setting}{separator}{urlencode(values)}"
