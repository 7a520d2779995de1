from django import forms
from django.core.exceptions import ValidationError

from gonghui.core.params import validate_year
from gonghui.core.uploads import check_upload


def _css_for(widget: forms.Widget) -> str:
    if isinstance(widget, forms.RadioSelect | forms.CheckboxSelectMultiple | forms.CheckboxInput):
        return "form-check-input"
    if isinstance(widget, forms.Select):
        return "form-select"
    return "form-control"


def styled(form_class: type) -> type:
    """A domain's plain form class with the house's widget classes (StyledFormMixin)."""
    return type(f"Styled{form_class.__name__}", (StyledFormMixin, form_class), {})


def form_values(form_class: type | None, data) -> dict:
    """A domain's own data checked by its form class, as JSON-ready values; every error named by
    its field's label. No form: nothing is kept, whatever was sent."""
    import json

    from django.core.exceptions import ValidationError
    from django.core.serializers.json import DjangoJSONEncoder

    if form_class is None:
        return {}
    form = form_class(data=data or {})
    if not form.is_valid():
        raise ValidationError(
            [
                f"{form.fields[f].label if f in form.fields else ''}：{'；'.join(e)}".lstrip("：")
                for f, e in form.errors.items()
            ]
        )
    return json.loads(json.dumps(form.cleaned_data, cls=DjangoJSONEncoder))


def data_lines(form_class: type | None, data: dict) -> list[tuple[str, str]]:
    """Stored form data as (label, value) lines for a person to read: 是/否, not True/False,
    in the form's order (PostgreSQL keeps a JSON object's keys in an order of its own)."""
    fields = form_class.base_fields if form_class is not None else {}
    lines = []
    for name in sorted(data, key=lambda name: (list(fields).index(name) if name in fields else len(fields), name)):
        value = data[name]
        label = fields[name].label if name in fields else name
        lines.append(
            (
                label,
                {True: "是", False: "否", None: "—"}.get(value, value)
                if isinstance(value, bool | None)
                else str(value),
            )
        )
    return lines


class StyledFormMixin:
    """Give every widget its Bootstrap class, and mark invalid fields, so templates render fields plainly."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            if isinstance(field, forms.DateField | forms.DateTimeField) and validate_year not in field.validators:
                field.validators.append(validate_year)
            widget = field.widget
            if "btn-check" in widget.attrs.get("class", ""):
                continue  # toggle buttons: the template draws each input with its own label
            if isinstance(widget, forms.RadioSelect | forms.CheckboxSelectMultiple):
                # Each choice a Bootstrap form-check, big enough for a thumb; the class goes on the
                # inputs only (Django's own template puts it on the wrapper too: a 26 px box).
                widget.template_name = "web/widgets/multiple_input.html"
                widget.option_template_name = "web/widgets/input_option.html"
            elif isinstance(widget, forms.Select) and widget.template_name == forms.Select.template_name:
                # Options written in place: Django includes a template per option, and a
                # department select on a case page cost more than the rest of the page.
                widget.template_name = "web/widgets/select.html"
            css = _css_for(widget)
            widget.attrs["class"] = f"{widget.attrs.get('class', '')} {css}".strip()

    def full_clean(self):
        super().full_clean()
        for name in self.errors:
            if name in self.fields:
                widget = self.fields[name].widget
                if "is-invalid" not in widget.attrs.get("class", ""):
                    widget.attrs["class"] = f"{widget.attrs.get('class', '')} is-invalid".strip()


class LocalDateTime(forms.DateTimeInput):
    """The phone's own date and time picker; the value is read in the server's time zone."""

    input_type = "datetime-local"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%dT%H:%M")


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    widget = MultipleFileInput

    def clean(self, data, initial=None):
        files = data if isinstance(data, list | tuple) else ([data] if data else [])
        for upload in files:
            try:
                check_upload(upload)
            except ValidationError as exc:
                raise forms.ValidationError(exc.messages) from None
        return files


class UnitChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.name
