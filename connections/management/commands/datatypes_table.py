"""python manage.py datatypes_table > docs/data-types.md

Prints the data-type compatibility matrix (facts/datatypes.py) as the Markdown page
docs/data-types.md; a test checks the committed page matches the code."""

from django.core.management.base import BaseCommand

from facts.datatypes import _FRAGILE_REASONS, DataType, matrix_markdown

_INTRO = """# Data types and their compatibility

Every field carries one data type. The validator decides FLD-001 (incompatible: the product
refuses the value, an error) and FLD-002 (fragile: it works with a named risk, a warning) from
this matrix, for each direction a field mapping really flows in (its effective direction). A
relationship carried into a text field is REL-004. Single ↔ multi-select enums are judged by
ENM-004 and custom add-on types by FLD-004, so the matrix calls them compatible.

The matrix is data in `facts/datatypes.py`; this page is generated from it with
`python manage.py datatypes_table > docs/data-types.md` (a test keeps the two in step).

Rows: the type values flow **from**; columns: the type they flow **into**.
Legend: `=` compatible · `~` fragile (FLD-002) · `x` incompatible (FLD-001) ·
`t` relationship carried as its display text (REL-004).

"""


def page() -> str:
    types = "\n".join(f"- `{code}`: {label}" for code, label in DataType.choices)
    reasons = "\n".join(
        f"- `{source}` → `{target}`: {reason}"
        for (source, target), reason in sorted(_FRAGILE_REASONS.items())
    )
    return (
        f"{_INTRO}{matrix_markdown()}\n\n## Data types\n\n{types}\n\n"
        f"## Why a fragile pair is fragile (FLD-002)\n\n{reasons}\n"
    )


class Command(BaseCommand):
    help = "Print the data-type compatibility matrix as Markdown (docs/data-types.md)."

    def handle(self, *args, **options):
        self.stdout.write(page(), ending="")
