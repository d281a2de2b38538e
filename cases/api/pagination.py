from django.utils.translation import gettext
from rest_framework import pagination
from rest_framework.exceptions import ValidationError

from cases.search.paging import RegistryPaginator


class PageNumberPagination(pagination.PageNumberPagination):
    """`page` and `page_size`; a value that is not a positive whole number is a 400 naming it.

    A `page_size` above the maximum is capped (the documented maximum, not an
    error); a page past the last one is a 404, as a page that does not exist.
    """

    django_paginator_class = RegistryPaginator
    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 200
    invalid_page_message = "Invalid page {page_number}: {message}"

    def get_page_size(self, request):
        value = request.query_params.get(self.page_size_query_param)
        if value is None:
            return self.page_size
        return min(positive_int(self.page_size_query_param, value), self.max_page_size)

    def get_page_number(self, request, paginator):
        value = request.query_params.get(self.page_query_param)
        if value is None or value in self.last_page_strings:
            return super().get_page_number(request, paginator)
        return positive_int(self.page_query_param, value)


def positive_int(parameter, value):
    # isdecimal(), not int(): int() also reads " 7", "+7", "7_000" and "٧".
    if not (value.isascii() and value.isdecimal()) or int(value) < 1:
        raise ValidationError({parameter: [gettext("A positive whole number.")]})
    return int(value)
