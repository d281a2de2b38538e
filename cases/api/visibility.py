"""Who sees what: drafts are for users allowed to view cases, and so is everything in them."""

from cases.models import Case


def in_visible_cases(queryset, user):
    """The rows of `queryset` (charges, events, positions, citations) in cases `user` may see."""
    return queryset.filter(case__in=Case.objects.visible_to(user))
