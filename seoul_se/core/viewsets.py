"""API view-set bases shared by the apps."""

from rest_framework import mixins, viewsets

from seoul_se.access import RolePermission


class RoleViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """List and detail for the subclass's ``read_roles``; a subclass that adds
    ``mixins.CreateModelMixin`` (first) writes for its ``write_roles`` (``RolePermission``)."""

    permission_classes = [RolePermission]
