from django import forms


def style_widgets(form: forms.BaseForm) -> forms.BaseForm:
    """Give every widget its Bootstrap class, so templates can render fields plainly."""
    for name, field in form.fields.items():
        widget = field.widget
        css = (
            "form-select"
            if isinstance(widget, forms.Select)
            else "form-check-input"
            if isinstance(widget, forms.CheckboxInput)
            else "form-control"
        )
        if form.is_bound and name in form.errors:
            css += " is-invalid"
        widget.attrs["class"] = f"{widget.attrs.get('class', '')} {css}".strip()
    return form


class StyledFormMixin:
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        style_widgets(self)

    def full_clean(self):
        super().full_clean()
        style_widgets(self)
