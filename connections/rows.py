"""The save/create/delete round trip every editable row of the authoring pages shares.

A row is one small form that saves on its own. With htmx the response is the row's partial
(swapped in place, status 200 also for invalid input and conflicts); without JavaScript a
successful save redirects back to the page and a refused one renders the row on a page of its
own, so every form also works as a plain POST.

Row forms (``RowForm``) carry the row's ``lock_version`` so a save made from a stale copy is
refused (see core.concurrency). Foreign keys are picked from choice lists the page computes
once, so a page of N rows renders without N extra queries. Each feature's forms.py builds on
them.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from dataclasses import dataclass, field

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import IntegrityError
from django.db.models import ProtectedError, RestrictedError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django_htmx.http import HttpResponseClientRedirect

from connections.editing import create_row, delete_row, update_row
from core.access import Action, allows, plan_for
from core.concurrency import StaleEdit

DUPLICATE = "Another row already has these values."


def access(request, plan_id):
    """The plan and whether the user may edit it: reading needs VIEW, any POST needs EDIT."""
    action = Action.EDIT if request.method == "POST" else Action.VIEW
    plan, role = plan_for(request, plan_id, action)
    return plan, allows(role, Action.EDIT)


def plan_url(name, plan, **ids):
    """The URL of a connections view of ``plan``."""
    return reverse(f"connections:{name}", kwargs={"plan_id": plan.pk, **ids})


@dataclass
class Row:
    form: object
    url: str
    dom_id: str
    title: str = ""
    delete_url: str = ""
    links: list[tuple[str, str]] = field(default_factory=list)
    # (label, url, hx-target selector) buttons that post elsewhere, e.g. move up / down.
    actions: list[tuple[str, str, str]] = field(default_factory=list)
    conflict: list[tuple[str, object, object]] = field(default_factory=list)
    saved: bool = False
    error: str = ""  # a refusal that is not about one input (e.g. deleting what is in use)
    # The Delete button says what it deletes. A destructive delete goes through its
    # confirmation page (``delete_confirm_url``, connections/deletes/views.py) instead.
    delete_label: str = ""
    delete_confirm_url: str = ""

    @property
    def delete_question(self) -> str:
        return f"{self.delete_label or 'Delete this row'}?"


@dataclass
class AddForm:
    form: object
    url: str
    dom_id: str
    list_id: str
    title: str


def _context(plan, can_edit, page_url, **extra):
    return {"plan": plan, "can_edit": can_edit, "page_url": page_url, **extra}


def render_row(request, plan, row: Row, page_url: str, can_edit: bool = True):
    context = _context(plan, can_edit, page_url, row=row)
    if request.htmx:
        return render(request, "connections/rows/rows.html#row", context)
    return render(request, "connections/rows/row_page.html", context)


def _shown(form, name, value):
    """A value as a person reads it (an option's label rather than its id)."""
    options = dict(getattr(form.fields.get(name), "choices", None) or ())
    if value in options:
        return options[value]
    if isinstance(value, list):
        return ", ".join(" -> ".join(v) if isinstance(v, list) else str(v) for v in value)
    return "—" if value in ("", None) else value


def _differences(form, current) -> list[tuple[str, object, object]]:
    return [
        (
            form.fields[name].label or name,
            _shown(form, name, getattr(current, name)),
            _shown(form, name, value),
        )
        for name, value in form.values.items()
        if getattr(current, name) != value
    ]


def save_row(request, plan, obj, form_class, make_row: Callable, page_url: str, choices=None):
    """Validate and save one existing row from ``request.POST`` with optimistic concurrency."""
    form = form_class(request.POST, instance=copy.copy(obj), choices=choices)
    form.fields["lock_version"].required = True
    conflict = []
    if form.is_valid():
        try:
            update_row(plan, request.user, obj, form.cleaned_data["lock_version"], form.values)
        except StaleEdit as stale:
            if stale.current is None:
                return _gone(request, page_url)
            conflict = _differences(form, stale.current)
            # Re-arm the form on the current version: saving again deliberately keeps "yours".
            data = request.POST.copy()
            data["lock_version"] = stale.current.lock_version
            form = form_class(data, instance=copy.copy(stale.current), choices=choices)
            form.is_valid()
            obj = stale.current
        except ValidationError as error:
            form.add_error(None, error.messages)
        except IntegrityError:
            form.add_error(None, DUPLICATE)
        else:
            if not request.htmx:
                return redirect(page_url)
            row = make_row(obj, form_class(instance=obj, choices=choices))
            row.saved = True
            return render_row(request, plan, row, page_url)
    row = make_row(obj, form)
    row.conflict = conflict
    return render_row(request, plan, row, page_url)


def _gone(request, page_url):
    if request.htmx:
        return HttpResponse('<p class="conflict">Someone else deleted this row meanwhile.</p>')
    return redirect(page_url)


def create_from_form(
    request, plan, form, make_row: Callable, add: Callable, page_url: str, create=None
):
    """Create a row from a bound form. ``add(form)`` builds the AddForm around a form;
    ``create(form)`` saves (default: the form's instance through create_row)."""
    if form.is_valid():
        try:
            obj = create(form) if create else create_row(plan, request.user, form.instance)
        except ValidationError as error:
            form.add_error(None, error.messages)
        except IntegrityError:
            form.add_error(None, DUPLICATE)
        else:
            if not request.htmx:
                return redirect(page_url)
            blank = add(None)
            context = _context(plan, True, page_url, add=blank, created=make_row(obj))
            return render(request, "connections/rows/rows.html#created", context)
    context = _context(plan, True, page_url, add=add(form))
    if request.htmx:
        response = render(request, "connections/rows/rows.html#add", context)
        response["HX-Retarget"] = f"#{context['add'].dom_id}"
        response["HX-Reswap"] = "outerHTML"
        return response
    return render(request, "connections/rows/row_page.html", context)


def remove_row(request, plan, obj, page_url: str):
    delete_row(plan, request.user, obj)
    if request.htmx:
        return HttpResponse("")
    return redirect(page_url)


def remove_page_object(request, plan, obj, *, row: Row, page_url: str, next_url: str):
    """Delete the object a whole page is about (an endpoint, a connection) and go to
    ``next_url``; if something still needs it, say so on its row instead."""
    try:
        delete_row(plan, request.user, obj)
    except (ProtectedError, RestrictedError) as error:
        blockers = getattr(error, "protected_objects", None) or error.restricted_objects
        users = sorted({str(o) for o in blockers})
        message = f"Still used by {', '.join(users)}: remove those first."
        if not request.htmx:
            messages.error(request, message)
            return redirect(page_url)
        row.error = message
        return render_row(request, plan, row, page_url)
    if request.htmx:
        return HttpResponseClientRedirect(next_url)
    return redirect(next_url)


# Row forms -------------------------------------------------------------------------------------


class RowForm(forms.ModelForm):
    """A ModelForm for one row. ``choices`` gives the options of the id fields (``*_id``) that
    stand in for foreign keys."""

    lock_version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    id_fields: tuple[str, ...] = ()

    def __init__(self, *args, choices=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["lock_version"].initial = self.instance.lock_version
        # Rows sit in long lists: keep text areas short (they grow when dragged).
        for bound in self.fields.values():
            if isinstance(bound.widget, forms.Textarea):
                bound.widget.attrs["rows"] = min(int(bound.widget.attrs.get("rows", 3)), 3)
        for name in self.id_fields:
            self.fields[name].choices = [("", "—"), *(choices or {}).get(name, [])]
            self.fields[name].initial = getattr(self.instance, name, None)

    @property
    def values(self) -> dict:
        """The edited values, by model attribute (``left_type_id`` for an id field)."""
        names = [*self._meta.fields, *self.id_fields]
        return {name: self.cleaned_data[name] for name in names if name in self.cleaned_data}

    def _post_clean(self):
        super()._post_clean()
        for name in self.id_fields:
            if name in self.cleaned_data:
                setattr(self.instance, name, self.cleaned_data[name])


def id_choice(label: str, required: bool = True) -> forms.TypedChoiceField:
    return forms.TypedChoiceField(
        label=label, coerce=int, required=required, empty_value=None, choices=()
    )


class LinesField(forms.CharField):
    """A list of strings typed one per line."""

    widget = forms.Textarea(attrs={"rows": 3})

    def prepare_value(self, value):
        return "\n".join(value) if isinstance(value, list) else value

    def to_python(self, value):
        return [line.strip() for line in (value or "").splitlines() if line.strip()]


class TransitionsField(LinesField):
    """Workflow transitions typed as ``From -> To``, one per line."""

    def prepare_value(self, value):
        if isinstance(value, list):
            return "\n".join(f"{a} -> {b}" for a, b in value)
        return value

    def to_python(self, value):
        pairs = []
        for line in super().to_python(value):
            parts = [p.strip() for p in line.split("->")]
            if len(parts) != 2 or not all(parts):
                raise forms.ValidationError(f"“{line}” is not a transition: write From -> To.")
            pairs.append(parts)
        return pairs
