from connections.endpoints.services import create_endpoint_from_product
from connections.models import EnumValue, Field
from tests.factories import PlanFactory, ProductFactory

PROFILE = {
    "user_representation": "full_name",
    "allows_impersonation": True,
    "types": [
        {
            "key": "defect",
            "label": "Defect",
            "workflow_state_field": "phase",
            "fields": [
                {
                    "key": "id",
                    "label": "ID",
                    "data_type": "integer",
                    "read_only": True,
                    "system_generated": True,
                },
                {
                    "key": "severity",
                    "label": "Severity",
                    "data_type": "enum",
                    "required": True,
                    "values": [
                        {"label": "Low"},
                        {"label": "High"},
                        {"label": "Old", "active": False},
                    ],
                },
            ],
        },
        {"key": "release", "label": "Release", "fields": []},
    ],
}


def test_an_endpoint_copies_its_products_profile(db):
    plan = PlanFactory()
    product = ProductFactory(key="octane", name="ALM Octane", profile=PROFILE)

    endpoint = create_endpoint_from_product(plan=plan, product=product, key="octane")

    assert endpoint.name == "ALM Octane"
    assert endpoint.user_representation == "full_name"
    assert endpoint.allows_impersonation is True
    assert [t.key for t in endpoint.item_types.all()] == ["defect", "release"]
    severity = Field.objects.get(item_type__endpoint=endpoint, key="severity")
    assert severity.required and severity.data_type == "enum"
    assert list(EnumValue.objects.filter(field=severity).values_list("label", "active")) == [
        ("Low", True),
        ("High", True),
        ("Old", False),
    ]
    assert Field.objects.get(item_type__endpoint=endpoint, key="id").system_generated
    plan.refresh_from_db()
    assert plan.revision == 1
