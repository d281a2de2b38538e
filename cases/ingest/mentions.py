"""Link suggestions: which registered people a source mentions, and their review.

Detection itself (spellings, scripts, possessives, surnames) is in
`cases.text.names`; this module reads the registry and records the result as
`SourceLink` rows for an editor to accept or reject.
"""

from dataclasses import dataclass

from django.db import transaction

from cases.models import Case, Person, Source, SourceLink
from cases.search.ranking import search_sources
from cases.text.names import NameMatcher

MATCHED_NAMES_SEPARATOR = ", "


@dataclass(frozen=True)
class Suggestion:
    """A link between a source and a case, and whether this run created it."""

    link: SourceLink
    created: bool


def mentioned_people(text: str) -> dict[Person, list[str]]:
    """The registered people `text` mentions, each with the forms found in it."""
    return RegisteredPeople().mentioned_in(text)


class RegisteredPeople:
    """Every registered person's names, read once to scan several texts."""

    def __init__(self):
        self.people = {
            person.pk: person
            for person in Person.objects.only("id", "name", "native_name", "aliases")
        }
        self.matcher = NameMatcher({pk: person.all_names for pk, person in self.people.items()})

    def mentioned_in(self, text: str) -> dict[Person, list[str]]:
        return {self.people[pk]: forms for pk, forms in self.matcher.find(text).items()}


@transaction.atomic
def suggest_links(source: Source) -> list[Suggestion]:
    """Suggest a link to every case of every person the source mentions.

    Idempotent: a case already linked, suggested or rejected keeps its link
    and its review; only the names found are refreshed on a link still
    waiting for review. Returns the links concerned, new ones marked created.
    """
    mentions = mentioned_people(f"{source.title}\n{source.text}")
    if not mentions:
        return []
    forms_by_person = {person.pk: forms for person, forms in mentions.items()}
    existing = {link.case_id: link for link in source.links.all()}
    suggestions = []
    cases = Case.objects.filter(person__in=forms_by_person).select_related("person")
    for case in cases.order_by("person__name", "detained_on", "pk"):
        matched_names = MATCHED_NAMES_SEPARATOR.join(forms_by_person[case.person_id])[:500]
        link = existing.get(case.pk)
        if link is None:
            link = SourceLink(source=source, case=case, matched_names=matched_names)
            link.full_clean()
            link.save()
            suggestions.append(Suggestion(link, created=True))
            continue
        if link.status == SourceLink.Status.SUGGESTED and link.matched_names != matched_names:
            link.matched_names = matched_names
            link.full_clean()
            link.save(update_fields=["matched_names"])
        suggestions.append(Suggestion(link, created=False))
    return suggestions


@transaction.atomic
def suggest_sources(case: Case) -> list[SourceLink]:
    """Suggest a link from every source already registered that mentions the case's person.

    A source saved before the case existed got no suggestion for it; this
    fills the gap when the case is recorded. The registry's source search
    narrows the sources down by each of the person's names, then the same
    name detection as `suggest_links` confirms each mention. Sources already
    linked to the case (suggested, accepted or rejected) are left alone.
    """
    found = set()
    for name in case.person.all_names:
        found.update(search_sources(Source.objects.all(), name).values_list("pk", flat=True))
    candidates = Source.objects.filter(pk__in=found).exclude(links__case=case)
    people = RegisteredPeople()
    created = []
    for source in candidates.only("id", "title", "text"):
        forms = people.mentioned_in(f"{source.title}\n{source.text}").get(case.person)
        if not forms:
            continue
        link = SourceLink(
            source=source, case=case, matched_names=MATCHED_NAMES_SEPARATOR.join(forms)[:500]
        )
        link.full_clean()
        link.save()
        created.append(link)
    return created


def review_link(link: SourceLink, *, accept: bool, user=None) -> SourceLink:
    """Accept (the source is then linked to the case) or reject a suggested link.

    A reviewed link may be reviewed again: an editor can change their mind.
    `user` is recorded as the reviewer.
    """
    link.review(SourceLink.Status.ACCEPTED if accept else SourceLink.Status.REJECTED, user)
    link.full_clean()
    link.save(update_fields=["status", "reviewed_by", "reviewed_at"])
    return link


def accept_link(link: SourceLink, user=None) -> SourceLink:
    return review_link(link, accept=True, user=user)


def reject_link(link: SourceLink, user=None) -> SourceLink:
    return review_link(link, accept=False, user=user)
