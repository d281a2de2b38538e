from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html


def change_url(obj) -> str:
    """The admin change page of any registered record."""
    opts = obj._meta
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk])


def change_link(obj):
    """A link to the admin change page of `obj`, named as `obj` names itself."""
    return format_html('<a href="{}">{}</a>', change_url(obj), obj)


def change_link_column(relation, description):
    """A column (or read-only field) linking to the change page of the record's `relation`."""

    @admin.display(description=description)
    def column(self, record):
        return change_link(getattr(record, relation))

    return column
