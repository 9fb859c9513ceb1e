"""Forms of the reporting round's pages. They only shape and check input; the services decide
(permissions, states, versions) and their ``RoundError`` messages are put back on the form."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from voortgang.core.ministries import REGISTRY

#: The annex legend (there is no 2), in the order the legend gives it.
STATUS_CHOICES: list[tuple[str, Any]] = [
    ("", _("— geen stand van zaken —")),
    ("4", _("4 – afgerond")),
    ("3", _("3 – in uitvoering")),
    ("1", _("1 – doorlopend")),
    ("0", _("0 – niet (meer) in uitvoering")),
]


STALE = _("Het formulier mist de versie waarmee u begon: open het onderdeel opnieuw.")


def ministry_choices() -> list[tuple[str, str]]:
    english = (get_language() or "nl").startswith("en")
    return [
        (body.code, f"{body.code} – {body.name_en if english else body.name_nl}")
        for body in sorted(REGISTRY, key=lambda b: b.code.lower())
    ]


class _MinistriesField(forms.MultipleChoiceField):
    """Ministry codes; choices are filled per request (the names follow the language)."""


def _ministries_field(label: Any, *, required: bool) -> forms.MultipleChoiceField:
    return _MinistriesField(
        label=label,
        required=required,
        choices=ministry_choices,
        widget=forms.SelectMultiple(attrs={"size": 8}),
        help_text=_("Houd Ctrl (of Cmd) ingedrukt om er meer dan één te kiezen."),
    )


def add_service_errors(form: forms.Form, error: ValidationError) -> None:
    """Put a service's ``RoundError`` on the form: per field where it names one."""
    if hasattr(error, "error_dict"):
        for name, messages in error.message_dict.items():
            target = name if name in form.fields else None
            for message in messages:
                form.add_error(target, message)
    else:
        for message in error.messages:
            form.add_error(None, message)


class ItemForm(forms.Form):
    """An answer: status, wanneer, responsible ministries, explanation; ``version`` hidden."""

    status = forms.ChoiceField(label=_("Stand van zaken"), choices=STATUS_CHOICES, required=False)
    when_raw = forms.CharField(
        label=_("Wanneer"),
        required=False,
        max_length=500,
        help_text=_("Bijvoorbeeld: Q3 2025, 2024 - 2026, Doorlopend, T/m 2031, n.v.t."),
    )
    ministries = _ministries_field(_("Verantwoordelijke ministeries"), required=False)
    explanation = forms.CharField(
        label=_("Toelichting"), required=False, widget=forms.Textarea(attrs={"rows": 8})
    )
    version = forms.IntegerField(
        label=_("Versie"),
        widget=forms.HiddenInput,
        min_value=0,
        error_messages={
            "required": STALE,
            "invalid": STALE,
            "min_value": STALE,
        },
    )

    def clean_ministries(self) -> list[str]:
        return list(self.cleaned_data.get("ministries") or [])


class ReviewForm(forms.Form):
    """Accept, or return with a comment (the service requires the comment for a return)."""

    comment = forms.CharField(
        label=_("Opmerking voor het ministerie (verplicht bij terugsturen)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class ProposeForm(forms.Form):
    title = forms.CharField(label=_("Titel van de maatregel"), max_length=2000)
    theme_name = forms.CharField(label=_("Thema"), required=False, max_length=500)
    ministries = _ministries_field(_("Verantwoordelijke ministeries"), required=True)
    status = forms.ChoiceField(label=_("Stand van zaken"), choices=STATUS_CHOICES, required=False)
    when_raw = forms.CharField(label=_("Wanneer"), required=False, max_length=500)
    explanation = forms.CharField(
        label=_("Toelichting"), required=False, widget=forms.Textarea(attrs={"rows": 6})
    )


class RoundOpenForm(forms.Form):
    """Name and dates; the measures are the checked ``measures`` boxes (ids)."""

    name = forms.CharField(label=_("Naam van de ronde"), max_length=200)
    reference_date = forms.DateField(
        label=_("Peildatum"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=_("De dag waarvoor de antwoorden gelden."),
    )
    deadline = forms.DateField(
        label=_("Uiterste datum"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    measures = forms.TypedMultipleChoiceField(
        label=_("Maatregelen in de ronde"), coerce=int, required=True
    )

    def __init__(self, *args: Any, measure_ids: list[int], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["measures"]
        assert isinstance(field, forms.TypedMultipleChoiceField)
        field.choices = [(str(pk), str(pk)) for pk in measure_ids]
        field.error_messages["required"] = _("Kies minstens één maatregel.")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("reference_date"), data.get("deadline")
        if start and end and end < start:
            self.add_error("deadline", _("De uiterste datum ligt voor de peildatum."))
        return data


class UploadForm(forms.Form):
    file = forms.FileField(
        label=_("Ingevulde spreadsheet (.xlsx)"),
        help_text=_(
            "Het bestand dat u hier downloadde, ingevuld. Niets wordt opgeslagen als "
            "er een fout in staat."
        ),
    )
