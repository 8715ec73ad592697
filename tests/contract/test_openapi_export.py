"""docs/openapi.json is the schema the site serves: `make openapi` refreshes it."""

import json

from .openapi_export import SCHEMA_PATH, current_schema, schema_text


def test_exported_schema_is_current():
    exported = SCHEMA_PATH.read_text(encoding="utf-8")
    current = current_schema()
    assert json.loads(exported) == current, (
        "docs/openapi.json is stale: run `make openapi` and commit the result"
    )
    assert exported == schema_text(current), "docs/openapi.json: run `make openapi`"
