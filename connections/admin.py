from django.contrib import admin

from connections import models

for model in (
    models.Product,
    models.Endpoint,
    models.Project,
    models.ItemType,
    models.Field,
    models.EnumValue,
    models.EndpointUser,
    models.Connection,
    models.ProjectPair,
    models.TypeMapping,
    models.FieldMapping,
    models.CalculatedValue,
    models.EnumPair,
    models.UserMap,
    models.UserMapEntry,
    models.RelationshipRule,
    models.ExistingItemMatching,
):
    admin.site.register(model)
