"""The documented type tables are the ones the importers use."""

from pathlib import Path

import pytest

from connections.importers import ado, alm, jira, octane, servicenow

DOC = (Path(__file__).resolve().parents[3] / "docs" / "importers.md").read_text()


@pytest.mark.parametrize(
    "table",
    [
        jira.SCHEMA_TYPES,
        jira.ARRAY_ITEMS,
        jira.CUSTOM_TYPES,
        jira.SYSTEM_FIELDS,
        ado.FIELD_TYPES,
        ado.SPECIAL_FIELDS,
        octane.FIELD_TYPES,
        octane.REFERENCE_TARGETS,
        servicenow.INTERNAL_TYPES,
        alm.FIELD_TYPES,
    ],
)
def test_every_row_of_a_type_table_is_documented(table):
    for product_type, data_type in table.items():
        shown = data_type if not isinstance(data_type, tuple) else data_type[0]
        assert f"| `{product_type}` | `{shown}`" in DOC, product_type
