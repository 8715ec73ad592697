"""Write the API's OpenAPI document to docs/openapi.json (`make openapi`).

Django Ninja's `export_openapi_schema` command is not installed here (`ninja` is not
in INSTALLED_APPS), so this runs the same command class directly. The output is
stable (sorted keys, two-space indent, UTF-8, a final newline): diffs show real changes.
"""

import json
import os
import sys
from io import StringIO
from pathlib import Path

API = "wagtail.api.v3.urls.api"
SCHEMA_PATH = Path(__file__).resolve().parents[2] / "docs" / "openapi.json"


def schema_text(schema: dict) -> str:
    return json.dumps(schema, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def current_schema() -> dict:
    """The document the site serves at /api/v3/openapi.json."""
    from django.core.management import call_command
    from django.urls import get_resolver
    from ninja.management.commands.export_openapi_schema import Command

    get_resolver().url_patterns  # noqa: B018  (builds api.urls, as a request would)
    out = StringIO()
    call_command(Command(), api=API, stdout=out)
    return json.loads(out.getvalue())


def main(argv: list[str]) -> int:
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "site_project.settings.dev")
    django.setup()
    target = Path(argv[0]) if argv else SCHEMA_PATH
    target.write_text(schema_text(current_schema()), encoding="utf-8")
    print(f"Wrote {target}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
