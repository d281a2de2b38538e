"""Who sees what: drafts are for users allowed to view cases, and so is everything in them."""

from cases.models import Case, SourceLink


def in_visible_cases(queryset, user):
    """The rows of `queryset` (charges, events, positions, citations) in cases `user` may see."""
    return queryset.filter(case__in=Case.objects.visible_to(user))


def visible_links(queryset, user):
    """Accepted and unreviewed links of sources to cases `user` may see, each with its case."""
    return in_visible_cases(
        # Each link shows its case's slug and person: joined, not a query each.
        queryset.exclude(status=SourceLink.Status.REJECTED).select_related("case__person"),
        user,
    )
