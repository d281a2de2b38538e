from django.urls import reverse


def change_url(obj) -> str:
    """The admin change page of any registered record."""
    opts = obj._meta
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk])
