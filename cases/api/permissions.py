from rest_framework.permissions import DjangoModelPermissionsOrAnonReadOnly


class ModelPermissions(DjangoModelPermissionsOrAnonReadOnly):
    """Django's model permissions for writes; anyone may read (what they may see is `visible_to`).

    DRF builds the view's queryset on every request only to learn its model and
    the permissions a method needs; a read needs none, so it is answered at once.
    """

    def has_permission(self, request, view):
        if request.method in self.perms_map and not self.perms_map[request.method]:
            user = request.user
            return bool(user) and (user.is_authenticated or not self.authenticated_users_only)
        return super().has_permission(request, view)
