"""The API's filter backend: no filter may tell an object outside the user's scope from
one that does not exist.

A django-filter model-choice filter (`?ticket=<id>`, `?customer=`, `?department=`,
`?person=`…) validates the id against its own queryset, usually *every* row of the
model, while the rows it filters come from a scoped selector. Left alone, an id that
exists but is out of scope answers 200 with an empty list and an id that does not exist
answers 400: an existence oracle. Here a well-formed id that the filter does not know
narrows the list to nothing, exactly like an id that exists out of scope; a malformed
value (`abc`, `²`, a number too large for an id) stays a 400 for everyone.
"""

import re

from django import forms
from django_filters.rest_framework import DjangoFilterBackend
from django_filters.utils import translate_validation

from .converters import MAX_ID

_ID = re.compile(r"[0-9]{1,19}")
_UNKNOWN_ID_CODES = {"invalid_choice", "invalid_pk_value"}


def _is_well_formed_id(value) -> bool:
    return isinstance(value, str) and bool(_ID.fullmatch(value)) and 0 < int(value) <= MAX_ID


def unknown_id_fields(filterset) -> set[str]:
    """The names of model-choice filters whose only error is a well-formed id they do
    not know (every value of a multiple choice)."""
    names = set()
    form = filterset.form
    for name, errors in form.errors.as_data().items():
        field = form.fields.get(name)
        if not isinstance(field, (forms.ModelChoiceField, forms.ModelMultipleChoiceField)):
            continue
        if not all(error.code in _UNKNOWN_ID_CODES for error in errors):
            continue
        values = form.data.getlist(form.add_prefix(name)) if hasattr(form.data, "getlist") else [form.data.get(name)]
        if values and all(_is_well_formed_id(value) for value in values):
            names.add(name)
    return names


class ScopedFilterBackend(DjangoFilterBackend):
    def filter_queryset(self, request, queryset, view):
        filterset = self.get_filterset(request, queryset, view)
        if filterset is None:
            return queryset
        if not filterset.is_valid():
            unknown = unknown_id_fields(filterset)
            if unknown and set(filterset.errors) <= unknown:
                return queryset.none()
            raise translate_validation(filterset.errors)
        return filterset.qs
