from urllib.parse import urlencode

from gonghui.search.registry import Document, Route, SearchKind, register_searchable

from .models import Material

register_searchable(
    SearchKind(
        key="material",
        code=12,
        label="学习资料",
        model=Material,
        document=lambda material: Document(
            title=material.title,
            body=f"{material.note}\n{material.author}",
            subtitle=" · ".join(filter(None, [material.get_kind_display(), material.author])),
        ),
        # The library lists materials; a hit opens it filtered to the title.
        routes=(Route(Material.objects.visible_to, "study:library", lambda entry: urlencode({"q": entry.title})),),
        icon="bi-book",
    )
)
