import json

from django.urls import reverse_lazy


def suggest_similar(field, *kinds: str):
    """While this field is typed in, the records of these kinds most like it are shown under
    it (web/_fields.html draws the place they go; search:similar finds them)."""
    field.similar = True
    field.widget.attrs.update(
        {
            "hx-get": reverse_lazy("search:similar"),
            "hx-trigger": "input changed delay:400ms, search",
            "hx-target": "next .gh-similar-slot",
            "hx-sync": "this:replace",
            "hx-vals": json.dumps({"kind": ",".join(kinds)}),
            "autocomplete": "off",
        }
    )
    return field
