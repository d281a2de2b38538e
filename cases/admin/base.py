"""Behaviour several registry admins share."""


class StableSlugMixin:
    """The slug may be typed (or left empty to derive it) when a record is added, then is read-only.

    Public URLs are built from slugs, so changing one later would break links.
    """

    def get_readonly_fields(self, request, obj=None):
        readonly = list(super().get_readonly_fields(request, obj))
        return [*readonly, "slug"] if obj else readonly
