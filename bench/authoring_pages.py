"""Server time of the authoring pages on a large type (300 fields), inside a rolled-back
transaction so the database is left as it was.

    DATABASE_URL=... SECRET_KEY=x HTTPS_ONLY=false STATIC_MANIFEST=false \
        .venv/bin/python bench/authoring_pages.py
"""

import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "syncplan.settings")

import django  # noqa: E402

django.setup()

from django.db import transaction  # noqa: E402
from django.test import Client  # noqa: E402

from connections.models import EnumValue, Field  # noqa: E402
from tests.factories import (  # noqa: E402
    EndpointFactory,
    ItemTypeFactory,
    MembershipFactory,
    UserFactory,
)

FIELDS, RUNS = 300, 7


class Rollback(Exception):
    pass


def median_ms(client, url):
    client.get(url)  # warm the template cache
    times = []
    for _ in range(RUNS):
        start = time.perf_counter()
        assert client.get(url).status_code == 200
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000


def main():
    # No setup_test_environment(): its template instrumentation would inflate the figures.
    try:
        with transaction.atomic():
            item_type = ItemTypeFactory(endpoint=EndpointFactory())
            plan = item_type.endpoint.plan
            fields = Field.objects.bulk_create(
                Field(
                    item_type=item_type,
                    key=f"f{i}",
                    label=f"Field {i}",
                    position=i,
                    data_type="enum" if i % 3 == 0 else "string",
                )
                for i in range(FIELDS)
            )
            EnumValue.objects.bulk_create(
                EnumValue(field=fields[0], label=f"Value {i}", position=i) for i in range(100)
            )
            user = UserFactory()
            MembershipFactory(plan=plan, user=user, role="editor")
            client = Client(SERVER_NAME="localhost")
            client.force_login(user)
            pages = {
                f"type page, {FIELDS} fields": f"/plans/{plan.pk}/types/{item_type.pk}/",
                "field page, 100 enum values": f"/plans/{plan.pk}/fields/{fields[0].pk}/",
                "endpoint page": f"/plans/{plan.pk}/endpoints/{item_type.endpoint_id}/",
            }
            for name, url in pages.items():
                print(f"{name}: {median_ms(client, url):.0f} ms (median of {RUNS})")
            raise Rollback
    except Rollback:
        pass


if __name__ == "__main__":
    main()
