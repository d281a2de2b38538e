"""API calls many tests make, each with the checks every caller of it wants."""

from django.urls import reverse


def patched(client, basename, pk, data):
    """PATCH `data` as JSON to the detail of record `pk` of `basename` ("charge", "source", ...)."""
    return client.patch(reverse(f"{basename}-detail", args=[pk]), data, format="json")


def created(client, url, data):
    """POST `data` as JSON; the record must be created. Returns the response's JSON."""
    response = client.post(url, data, format="json")
    assert response.status_code == 201, response.content
    return response.json()


def assert_deletion_refused(client, basename, record, detail):
    """A 409 that names what still refers to the record, and the record kept."""
    response = client.delete(reverse(basename, args=[record.pk]))
    assert response.status_code == 409
    assert response.json()["detail"] == detail
    assert type(record).objects.filter(pk=record.pk).exists()
