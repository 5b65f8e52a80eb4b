"""Build the POST data of an admin change form from its GET response (form + inlines)."""

from __future__ import annotations

from datetime import date, datetime, time

from django.forms import SplitDateTimeWidget


def _put(data: dict, form, name: str) -> None:
    bound = form[name]
    value = bound.value()
    key = form.add_prefix(name)
    widget = form.fields[name].widget
    if isinstance(widget, SplitDateTimeWidget):
        value = widget.decompress(value) if value else [None, None]
        for i, part in enumerate(value):
            if part is not None:
                data[f"{key}_{i}"] = part.isoformat() if isinstance(part, date | time) else part
        return
    if value is None:
        return
    if isinstance(value, bool):
        if value:
            data[key] = "on"
        return
    if isinstance(value, datetime | date):
        value = value.isoformat()
    data[key] = value


def change_form_data(response) -> dict:
    """Return the data the change form would post unchanged."""
    data: dict = {}
    form = response.context["adminform"].form
    for name in form.fields:
        _put(data, form, name)
    for inline in response.context["inline_admin_formsets"]:
        formset = inline.formset
        management = formset.management_form
        for name in management.fields:
            data[management.add_prefix(name)] = management[name].value()
        for row in formset.forms:
            if not row.has_changed() and row.instance.pk is None:
                continue
            for name in row.fields:
                _put(data, row, name)
        data[management.add_prefix("TOTAL_FORMS")] = sum(
            1 for row in formset.forms if row.instance.pk is not None
        )
    return data


def inline_prefix(response, model_name: str) -> str:
    """Return the formset prefix of the inline editing ``model_name``."""
    for inline in response.context["inline_admin_formsets"]:
        if inline.formset.model._meta.model_name == model_name:
            return inline.formset.prefix
    raise KeyError(model_name)
