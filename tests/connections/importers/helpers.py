from pathlib import Path

from connections.importers import ImportDocument, parse_documents
from connections.imports.services import apply_import

SAMPLES = Path("/work/shared/samples")


def sample(name: str) -> ImportDocument:
    return ImportDocument(name, (SAMPLES / name).read_bytes())


def parse_samples(*names, format="auto", type_hint=""):
    return parse_documents([sample(n) for n in names], format, type_hint)


def import_samples(endpoint, *names, format="auto", type_hint="", user=None):
    return apply_import(
        endpoint, parse_samples(*names, format=format, type_hint=type_hint), user=user
    )


def field_of(endpoint, type_key, field_key):
    from connections.models import Field

    return Field.objects.get(item_type__endpoint=endpoint, item_type__key=type_key, key=field_key)


def labels(field, **filters):
    return list(
        field.enum_values.filter(**filters).order_by("position").values_list("label", flat=True)
    )
