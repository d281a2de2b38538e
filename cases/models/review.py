"""Review before publication: who may publish a case, when REQUIRE_REVIEW is on.

Off (the default), an editor publishes as before. On, a case goes from draft
to "needs review" when an editor submits it, and only a member of the
"reviewers" group (permission `cases.publish_case`) who did not submit it
publishes it. Every write path (admin, API, spreadsheet import) asks
`publication_refused()` before setting `published`.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _


class ReviewState(models.TextChoices):
    DRAFT = "draft", _("Draft")
    NEEDS_REVIEW = "needs_review", _("Needs review")
    PUBLISHED = "published", _("Published")


def review_state(published: bool, submitted_at) -> ReviewState:
    """The review state of a case that is `published` or not, and was submitted at `submitted_at`."""
    if published:
        return ReviewState.PUBLISHED
    return ReviewState.NEEDS_REVIEW if submitted_at else ReviewState.DRAFT


def review_state_q(state) -> Q:
    """Cases in `state`, as a filter."""
    if state == ReviewState.PUBLISHED:
        return Q(published=True)
    return Q(published=False, submitted_at__isnull=state == ReviewState.DRAFT)


def review_required() -> bool:
    return settings.REQUIRE_REVIEW


def publication_refused(user, case) -> str | None:
    """Why `user` may not publish `case` (a draft), or None when they may, in the active language."""
    if not review_required():
        return None
    if user is None or not user.has_perm("cases.publish_case"):
        return gettext(
            "Publishing needs a review: submit the case for review, and a member of "
            "“reviewers” publishes it."
        )
    if case.submitted_at is None:
        return gettext("This case has not been submitted for review yet.")
    if case.submitted_by_id is not None and case.submitted_by_id == user.pk:
        return gettext("You submitted this case for review: another reviewer publishes it.")
    return None


def submit_for_review(case, user):
    """Mark the draft as waiting for review, by `user` (its author for the review)."""
    case.submitted_at = timezone.now()
    case.submitted_by = user if user is not None and user.is_authenticated else None


def withdraw_from_review(case):
    """Back to draft: unpublished, or taken back from review."""
    case.submitted_at = None
    case.submitted_by = None
