"""The source pages of the admin: pasting articles, reviewing link suggestions, citing passages."""

import datetime
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from cases.models import Case, Citation, Person, Source, SourceLink
from cases.versioning import etag
from tests import factories
from tests.admin.test_admin import CASE_INLINES, admin_url, case_form_data, inline_rows

pytestmark = pytest.mark.django_db

ARTICLE = (
    "Moscow open to better Washington ties\n"
    "By REN QI in Moscow | CHINA DAILY | Updated: 2021-02-06 09:12\n"
    "\n"
    "Blinken called for the release of Paul Whelan, convicted of espionage.\n"
    "Trevor Reed's family asked for his return."
)
BODY = ARTICLE.split("\n\n", 1)[1]
REED_STATEMENT = next(
    (Path(settings.BASE_DIR) / "seeds" / "whitehouse").glob("2022-04-27-*.md")
).read_bytes()


def paste(client, text, **fields):
    data = {"read_first_lines": "on", "text": text, "kind": "news_article", "title": ""}
    return client.post(admin_url(Source, "add"), {**data, **fields}, follow=True)


def source_form_data(source, **changes):
    """The source change form as a browser would post it, with no suggestion reviewed."""
    data = {
        "version": etag(source),
        "kind": source.kind,
        "title": source.title,
        "outlet": source.outlet,
        "author": source.author,
        "dateline": source.dateline,
        "byline": source.byline,
        "url": source.url,
        "archive_url": source.archive_url,
        "language": source.language,
        "text": source.text,
        **inline_rows("links", []),
    }
    for name in ("published_at", "updated_at", "retrieved_at"):
        data[f"{name}_0"] = data[f"{name}_1"] = ""
    data.update(changes)
    return data


def review_data(links, prefix, decisions):
    """The rows of a suggestion inline ("links" on a source, "source_links" on a case)."""
    rows = [{"id": link.pk, "decision": decisions.get(link.pk, "")} for link in links]
    return inline_rows(prefix, rows, initial=len(rows))


def test_pasting_an_article_reads_its_title_and_byline_like_import_article(admin_client):
    whelan = factories.CaseFactory(person=factories.PersonFactory(name="Paul Whelan"))
    factories.CaseFactory(person=factories.PersonFactory(name="Someone Unmentioned"))

    response = paste(admin_client, ARTICLE, language="en")

    assert response.status_code == 200
    source = Source.objects.get()
    assert source.title == "Moscow open to better Washington ties"
    assert (source.author, source.dateline, source.outlet) == ("Ren Qi", "Moscow", "China Daily")
    assert source.updated_at == datetime.datetime(2021, 2, 6, 9, 12, tzinfo=datetime.UTC)
    assert source.text == BODY
    # Links to the cases of the people the text names are suggested, and the editor is told.
    assert [link.case for link in source.links.all()] == [whelan]
    assert source.links.get().status == SourceLink.Status.SUGGESTED
    assert "suggested links to 1 case(s): Paul Whelan (28 Dec 2018)" in response.text


def test_pasted_markdown_is_read_from_its_front_matter_like_import_article(admin_client):
    paste(admin_client, REED_STATEMENT.decode(), outlet="The White House")

    source = Source.objects.get()
    assert source.title == "Statement from President Joe Biden on the Return of Trevor Reed"
    assert source.outlet == "The White House"
    assert source.url.endswith("/statement-from-president-joe-biden-on-the-return-of-trevor-reed/")
    assert source.published_at == datetime.datetime(2022, 4, 27, 11, 57, 24, tzinfo=datetime.UTC)
    assert source.text.startswith("Today, we welcome home Trevor Reed and celebrate his return to")


def test_pasted_markdown_is_read_with_the_line_endings_a_browser_sends(admin_client):
    # A browser submits a textarea's lines ended with CR LF, whatever was pasted.
    paste(admin_client, REED_STATEMENT.decode().replace("\n", "\r\n"), outlet="The White House")

    source = Source.objects.get()
    assert source.title == "Statement from President Joe Biden on the Return of Trevor Reed"
    assert source.published_at == datetime.datetime(2022, 4, 27, 11, 57, 24, tzinfo=datetime.UTC)
    assert "\r" not in source.text
    assert source.text.startswith("Today, we welcome home Trevor Reed and celebrate his return to")


def test_an_uploaded_markdown_file_is_read_as_if_pasted(admin_client):
    upload = SimpleUploadedFile("reed.md", REED_STATEMENT, content_type="text/markdown")

    paste(admin_client, "", upload=upload)

    source = Source.objects.get()
    assert source.title == "Statement from President Joe Biden on the Return of Trevor Reed"
    assert source.text.endswith("loving arms of family and friends.\n\n###")


def test_an_uploaded_saved_page_is_read_as_import_article_reads_it(admin_client):
    page = (Path(settings.BASE_DIR) / "tests" / "data" / "saved-article.html").read_bytes()
    upload = SimpleUploadedFile("whelan-visit.html", page, content_type="text/html")

    paste(admin_client, "", upload=upload, outlet="Typed by the editor")

    source = Source.objects.get()
    assert source.title == "US envoy visits Paul Whelan in Mordovia prison camp"
    assert source.url == "https://herald.example.org/world/2022/06/14/whelan-visit"
    assert source.outlet == "Typed by the editor"
    assert source.published_at == datetime.datetime(2022, 6, 14, 8, 30, tzinfo=datetime.UTC)
    assert source.text.startswith("The US ambassador to Russia visited Paul Whelan on Monday")
    assert "<" not in source.text


def test_an_uploaded_article_in_a_legacy_code_page_is_read(admin_client):
    text = "Суд продлил арест журналиста\n\nМосковский суд продлил срок содержания под стражей."
    upload = SimpleUploadedFile("arrest.txt", text.encode("cp1251"), content_type="text/plain")
    paste(admin_client, "", upload=upload)

    source = Source.objects.get()
    assert source.title == "Суд продлил арест журналиста"
    assert source.text == "Московский суд продлил срок содержания под стражей."


def test_an_uploaded_binary_file_is_refused_saying_why(admin_client):
    upload = SimpleUploadedFile("photo.txt", b"\x00\x01\x02\x03" * 50, content_type="text/plain")
    response = paste(admin_client, "", upload=upload)

    assert "The file cannot be read: not text" in response.text
    assert not Source.objects.exists()


def test_an_upload_with_pasted_text_as_well_is_refused(admin_client):
    upload = SimpleUploadedFile("reed.md", REED_STATEMENT, content_type="text/markdown")

    response = paste(admin_client, ARTICLE, upload=upload)

    assert "Paste the article or upload it, not both." in response.text
    assert not Source.objects.exists()


def test_what_the_editor_typed_wins_over_the_pasted_first_lines(admin_client):
    paste(admin_client, ARTICLE, title="Lavrov and Blinken speak", outlet="China Daily Global")

    source = Source.objects.get()
    assert (source.title, source.outlet, source.author) == (
        "Lavrov and Blinken speak",
        "China Daily Global",
        "Ren Qi",
    )


def test_a_pasted_text_that_is_all_body_keeps_its_first_line(admin_client):
    paste(admin_client, BODY, read_first_lines="", title="A statement")

    source = Source.objects.get()
    assert (source.title, source.text) == ("A statement", BODY)


def test_a_paste_with_a_title_and_no_body_is_refused_saying_why(admin_client):
    response = paste(admin_client, "Only a title\n")

    assert "Could not read the pasted article: there is no body text" in response.text
    assert not Source.objects.exists()


def test_pasting_a_text_already_registered_is_refused_with_a_link_to_it(admin_client):
    existing = factories.SourceFactory(title="The first copy", text=BODY)

    response = paste(admin_client, ARTICLE)

    errors = response.context["adminform"].form.errors["text"]
    assert "This text is already registered as" in errors[0]
    assert f'<a href="{admin_url(Source, "change", existing.pk)}">The first copy' in response.text
    assert Source.objects.count() == 1


def test_the_source_page_lists_unreviewed_suggestions_and_saves_each_decision(
    admin_client, superuser
):
    source = factories.SourceFactory()
    accepted, rejected, later = factories.SourceLinkFactory.create_batch(3, source=source)
    reviewed = factories.SourceLinkFactory(source=source, status=SourceLink.Status.ACCEPTED)
    url = admin_url(Source, "change", source.pk)

    listed = admin_client.get(url).context["inline_admin_formsets"][0].formset.queryset
    assert set(listed) == {accepted, rejected, later}
    assert reviewed not in listed

    links = list(listed)
    response = admin_client.post(
        url,
        source_form_data(
            source,
            **review_data(links, "links", {accepted.pk: "accept", rejected.pk: "reject"}),
        ),
    )

    assert response.status_code == 302
    statuses = {link.pk: link.status for link in SourceLink.objects.all()}
    assert statuses == {
        accepted.pk: "accepted",
        rejected.pk: "rejected",
        later.pk: "suggested",
        reviewed.pk: "accepted",
    }
    accepted.refresh_from_db()
    assert accepted.reviewed_by == superuser
    assert accepted.reviewed_at is not None


def test_the_case_page_lists_its_unreviewed_suggestions_to_accept(admin_client, superuser):
    case = factories.CaseFactory()
    link = factories.SourceLinkFactory(
        case=case, source=factories.SourceFactory(title="Lavrov and Blinken speak")
    )
    factories.SourceLinkFactory(case=case, status=SourceLink.Status.REJECTED)
    url = admin_url(Case, "change", case.pk)

    page = admin_client.get(url)
    (suggestions,) = [
        inline.formset
        for inline in page.context["inline_admin_formsets"]
        if inline.formset.prefix == "source_links"
    ]
    assert [*suggestions.queryset] == [link]
    assert "Lavrov and Blinken speak" in page.text

    data = case_form_data(case, **review_data([link], "source_links", {link.pk: "accept"}))
    assert admin_client.post(url, data).status_code == 302

    link.refresh_from_db()
    assert (link.status, link.reviewed_by) == ("accepted", superuser)


def test_the_source_link_list_accepts_or_rejects_the_selected_suggestions(admin_client):
    first, second, untouched = factories.SourceLinkFactory.create_batch(3)
    url = admin_url(SourceLink, "changelist")

    admin_client.post(url, {"action": "accept", "_selected_action": [first.pk, second.pk]})
    response = admin_client.post(
        url, {"action": "reject", "_selected_action": [second.pk]}, follow=True
    )

    statuses = {link.pk: link.status for link in SourceLink.objects.all()}
    assert statuses == {first.pk: "accepted", second.pk: "rejected", untouched.pk: "suggested"}
    assert SourceLink.objects.get(pk=second.pk).reviewed_by is not None
    assert "1 link(s) rejected." in response.text


def test_finding_mentioned_cases_again_suggests_links_for_people_added_since(admin_client):
    source = factories.SourceFactory(text=BODY)
    url = reverse("admin:cases_source_find_mentioned_cases", args=[source.pk])
    reed = factories.CaseFactory(person=factories.PersonFactory(name="Trevor Reed"))

    # A write: not on a plain link.
    assert admin_client.get(url).status_code == 405
    response = admin_client.post(url, follow=True)

    assert [link.case for link in source.links.all()] == [reed]
    assert "suggested links to 1 case(s): Trevor Reed" in response.text
    source_page = admin_client.get(admin_url(Source, "change", source.pk)).text
    assert f'action="{url}"' in source_page


def test_the_source_list_action_finds_mentioned_cases(admin_client):
    sources = [factories.SourceFactory(text=BODY), factories.SourceFactory()]
    factories.CaseFactory(person=factories.PersonFactory(name="Paul Whelan"))

    response = admin_client.post(
        admin_url(Source, "changelist"),
        {"action": "find_mentioned_cases", "_selected_action": [s.pk for s in sources]},
        follow=True,
    )

    # The factory's text names Paul Whelan too.
    assert SourceLink.objects.count() == 2
    assert "2 new link suggestion(s) in 2 source(s)." in response.text


def cite_url(source, **query):
    url = reverse("admin:cases_source_cite", args=[source.pk])
    return f"{url}?case={query['case']}" if query else url


def test_the_cite_page_offers_the_linked_and_citing_cases_with_their_facts(admin_client):
    source = factories.SourceFactory()
    linked = factories.SourceLinkFactory(source=source, status=SourceLink.Status.ACCEPTED).case
    charge = factories.ChargeFactory(case=linked, description="Espionage")
    citing = factories.CitationFactory(source=source).case
    position = factories.PositionFactory(case=citing, actor__name="Antony Blinken")
    rejected = factories.SourceLinkFactory(source=source, status=SourceLink.Status.REJECTED).case
    picked = factories.CaseFactory(person__name="Picked By Name")

    offered = admin_client.get(cite_url(source)).context["form"].fields["claim"].choices
    with_picked = admin_client.get(cite_url(source, case=picked.pk))

    groups = dict(offered[1:])
    assert set(groups) == {str(linked), str(citing)}
    assert (f"charge:{charge.pk}", "Charge: Espionage") in groups[str(linked)]
    assert (f"position:{position.pk}", "Position: Antony Blinken: calls for release") in groups[
        str(citing)
    ]
    assert str(rejected) not in groups
    assert str(picked) in dict(with_picked.context["form"].fields["claim"].choices[1:])


def test_citing_a_passage_from_the_source_page_stores_its_offsets(admin_client):
    source = factories.SourceFactory()
    case = factories.SourceLinkFactory(source=source).case
    charge = factories.ChargeFactory(case=case)
    url = cite_url(source)

    response = admin_client.post(
        url,
        {
            "claim": f"charge:{charge.pk}",
            # Copied with a line break and straight quotes: found all the same.
            "quote": "release of Paul\nWhelan, convicted",
            "note": "The conviction.",
        },
        follow=True,
    )

    citation = Citation.objects.get()
    assert (citation.source, citation.case, citation.charge) == (source, case, charge)
    assert source.text[citation.start : citation.end] == "release of Paul Whelan, convicted"
    assert citation.quote == "release of Paul Whelan, convicted"
    # Back to the page with the same claim chosen, for the next passage.
    assert response.redirect_chain == [(f"{url}?claim=charge%3A{charge.pk}", 302)]
    assert response.context["chosen_claim"] == f"charge:{charge.pk}"
    assert "Cited “release of Paul Whelan, convicted” for the charge Espionage" in response.text


def test_a_passage_not_in_the_text_is_refused_on_the_cite_page(admin_client):
    source = factories.SourceFactory(title="Moscow open to better Washington ties")
    case = factories.SourceLinkFactory(source=source).case

    response = admin_client.post(
        cite_url(source), {"claim": f"case:{case.pk}", "quote": "Whelan was released"}
    )

    assert response.status_code == 200
    assert "does not occur in the text of the source" in response.context["form"].errors["quote"][0]
    assert not Citation.objects.exists()


def test_the_cite_page_refuses_a_claim_of_a_case_it_does_not_offer(admin_client):
    source = factories.SourceFactory()
    factories.SourceLinkFactory(source=source)
    elsewhere = factories.ChargeFactory()

    response = admin_client.post(
        cite_url(source), {"claim": f"charge:{elsewhere.pk}", "quote": "Lavrov and Blinken"}
    )

    assert "claim" in response.context["form"].errors
    assert not Citation.objects.exists()


def test_editing_a_source_text_that_would_break_a_citation_is_refused_listing_it(admin_client):
    citation = factories.CitationFactory(quote="convicted of espionage", charge=None)
    source = citation.source
    edited = source.text.replace("convicted of espionage", "sentenced for spying")

    response = admin_client.post(
        admin_url(Source, "change", source.pk), source_form_data(source, text=edited)
    )

    assert response.status_code == 200
    error = response.context["adminform"].form.errors["text"][0]
    assert f"This edit would break 1 citation(s): #{citation.pk} “convicted of espionage”" in error
    assert "case " in error
    source.refresh_from_db()
    assert "convicted of espionage" in source.text


def test_editing_a_source_text_that_keeps_every_cited_passage_is_saved(admin_client):
    citation = factories.CitationFactory(quote="convicted of espionage", charge=None)
    source = citation.source

    response = admin_client.post(
        admin_url(Source, "change", source.pk),
        source_form_data(source, text="A new first line.\n" + source.text),
    )

    assert response.status_code == 302
    source.refresh_from_db()
    assert source.text.startswith("A new first line.")


def test_the_source_page_marks_each_cited_passage_and_links_it_to_its_claim(admin_client):
    case = factories.CaseFactory(person__name="Paul Whelan")
    charge = factories.ChargeFactory(case=case, description="Espionage")
    source = factories.SourceFactory(text="Paul Whelan, <b>convicted</b> of espionage, is held.")
    on_charge = factories.CitationFactory(
        source=source, case=case, charge=charge, quote="<b>convicted</b> of espionage"
    )
    on_case = factories.CitationFactory(source=source, case=case, quote="is held")

    page = admin_client.get(admin_url(Source, "change", source.pk)).text

    assert (
        f'<mark id="citation-{on_charge.pk}" class="citation">'
        "&lt;b&gt;convicted&lt;/b&gt; of espionage</mark>"
    ) in page
    assert f'<mark id="citation-{on_case.pk}" class="citation">is held</mark>' in page
    assert f'href="{admin_url(type(charge), "change", charge.pk)}"' in page
    assert "Back to the claim: charge Espionage (Paul Whelan (28 Dec 2018))" in page
    assert f'href="{admin_url(Case, "change", case.pk)}"' in page


def test_the_passage_is_cited_where_the_selection_began_when_it_occurs_twice(admin_client):
    text = "Навальный задержан.\nАдвокат: Навальный задержан незаконно 🇷🇺."
    source = factories.SourceFactory(text=text)
    case = factories.SourceLinkFactory(source=source).case
    second = text.index("Навальный задержан", 1)

    admin_client.post(
        cite_url(source),
        {"claim": f"case:{case.pk}", "quote": "Навальный задержан", "start": second},
    )

    citation = Citation.objects.get()
    assert (citation.start, citation.end) == (second, second + len("Навальный задержан"))


def test_the_cite_page_shows_the_text_to_select_in_and_one_button_per_claim(admin_client):
    source = factories.SourceFactory(text="Line one.\r\nLine two 🇷🇺.")
    case = factories.SourceLinkFactory(source=source).case
    charge = factories.ChargeFactory(case=case, description="Espionage")

    page = admin_client.get(cite_url(source)).text

    assert 'id="cite-text"' in page
    # The text itself, as JSON, for the page's script to map offsets onto.
    assert '"Line one.\\r\\nLine two \\ud83c\\uddf7\\ud83c\\uddfa."' in page
    assert f'name="claim" value="charge:{charge.pk}"' in page
    assert f'name="claim" value="case:{case.pk}"' in page


def test_a_case_recorded_after_its_source_gets_the_source_suggested(admin_client):
    source = factories.SourceFactory(
        text="Police detained Ivan Zmyslenny in Minsk.", title="Teacher detained"
    )
    factories.SourceFactory(text="Nothing about him.")
    person = factories.PersonFactory(name="Ivan Zmyslenny")
    data = {"person": person.pk, "status": "detained", "detaining_country": "BY"}
    for prefix in CASE_INLINES:
        data |= inline_rows(prefix, [])

    response = admin_client.post(admin_url(Case, "add"), data)

    assert response.status_code == 302
    case = Case.objects.get(person=person)
    link = SourceLink.objects.get(case=case)
    assert (link.source, link.status) == (source, SourceLink.Status.SUGGESTED)
    assert link.matched_names == "Ivan Zmyslenny"
    offered = admin_client.get(cite_url(source)).context["form"].claims.cases
    assert offered == [case]


def test_saving_a_case_with_save_and_cite_opens_its_cite_page_on_its_source(admin_client):
    case = factories.CaseFactory(person__name="Paul Whelan")
    source = factories.SourceLinkFactory(case=case).source
    factories.SourceFactory(title="Unrelated")

    response = admin_client.post(
        admin_url(Case, "change", case.pk), case_form_data(case, _cite="1"), follow=True
    )

    assert response.redirect_chain[-1][0] == reverse("admin:cases_case_cite", args=[case.pk])
    assert response.context["source"] == source
    assert response.context["offered_sources"] == [source]
    assert [group for group, _ in response.context["claim_groups"]] == [str(case)]


def test_the_case_cite_page_cites_a_passage_of_a_source_picked_by_name(admin_client):
    case = factories.CaseFactory()
    charge = factories.ChargeFactory(case=case, description="Espionage")
    source = factories.SourceFactory(title="Picked")
    url = f"{reverse('admin:cases_case_cite', args=[case.pk])}?source={source.pk}"

    assert admin_client.get(url).context["source"] == source
    response = admin_client.post(
        url, {"claim": f"charge:{charge.pk}", "quote": "release of Paul Whelan"}
    )

    assert response.status_code == 302
    citation = Citation.objects.get()
    assert (citation.source, citation.charge) == (source, charge)


def test_the_case_cite_page_refuses_a_fact_of_another_case(admin_client):
    case = factories.CaseFactory()
    elsewhere = factories.ChargeFactory()
    source = factories.SourceFactory()
    url = f"{reverse('admin:cases_case_cite', args=[case.pk])}?source={source.pk}"

    response = admin_client.post(url, {"claim": f"charge:{elsewhere.pk}", "quote": "Lavrov"})

    assert response.status_code == 200
    assert "claim" in response.context["form"].errors
    assert not Citation.objects.exists()


def test_saving_a_person_with_save_and_add_a_case_opens_the_new_case_for_them(admin_client):
    response = admin_client.post(
        admin_url(Person, "add"), {"name": "Ivan Zmyslenny", "aliases": "", "_addcase": "1"}
    )

    person = Person.objects.get()
    assert response.url == f"{admin_url(Case, 'add')}?person={person.pk}"
