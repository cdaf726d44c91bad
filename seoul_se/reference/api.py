from rest_framework import routers, serializers, viewsets

from seoul_se.reference.models import District, LegalType, Sector, StrategicField


def _viewset(model: type) -> type:
    serializer = type(
        f"{model.__name__}Serializer",
        (serializers.ModelSerializer,),
        {"Meta": type("Meta", (), {"model": model, "fields": ["id", "code", "name"]})},
    )
    return type(
        f"{model.__name__}ViewSet",
        (viewsets.ReadOnlyModelViewSet,),
        {
            "queryset": model.objects.all(),
            "serializer_class": serializer,
            "pagination_class": None,
            "__doc__": f"{model._meta.verbose_name} (reference data, read-only)",
        },
    )


router = routers.SimpleRouter(trailing_slash=False)
router.register("districts", _viewset(District), basename="district")
router.register("legal-types", _viewset(LegalType), basename="legal-type")
router.register("sectors", _viewset(Sector), basename="sector")
router.register("strategic-fields", _viewset(StrategicField), basename="strategic-field")
urlpatterns = router.urls
