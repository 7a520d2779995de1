from gonghui.search.registry import Document, Route, SearchKind, register_searchable

from .models import Article

register_searchable(
    SearchKind(
        key="news",
        code=3,
        label="新闻与政策",
        model=Article,
        document=lambda article: Document(
            title=article.title,
            body=article.body,
            when=article.published_at or article.created_at,
            subtitle=article.get_category_display() + ("" if article.published_at else " · 草稿"),
        ),
        routes=(Route(Article.objects.visible_to, "news:detail"),),
        icon="bi-newspaper",
    )
)
