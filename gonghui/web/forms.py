from django import forms

from gonghui.params import validate_year


def _css_for(widget: forms.Widget) -> str:
    if isinstance(widget, forms.Select):
        return "form-select"
    if isinstance(widget, forms.CheckboxInput | forms.CheckboxSelectMultiple):
        return "form-check-input"
    return "form-control"


class StyledFormMixin:
    """Give every widget its Bootstrap class, and mark invalid fields, so templates render fields plainly."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            if isinstance(field, forms.DateField | forms.DateTimeField) and validate_year not in field.validators:
                field.validators.append(validate_year)
            css = _css_for(field.widget)
            field.widget.attrs["class"] = f"{field.widget.attrs.get('class', '')} {css}".strip()

    def full_clean(self):
        super().full_clean()
        for name in self.errors:
            if name in self.fields:
                widget = self.fields[name].widget
                if "is-invalid" not in widget.attrs.get("class", ""):
                    widget.attrs["class"] += " is-invalid"
