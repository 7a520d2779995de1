from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import F
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from gonghui.core.paging import paginate
from gonghui.org.rules import can
from gonghui.org.scopes import acting_union_id

from . import services
from .forms import ArticleForm
from .models import Article, Category


def _require_editor(request, article=None):
    if not can(request.user, "news.manage", article):
        raise PermissionDenied


def article_list(request):
    articles = Article.objects.visible_to(request.user).order_by(F("published_at").desc(nulls_first=True), "-id")
    category = request.GET.get("category")
    if category in Category.values:
        articles = articles.filter(category=category)
    return render(
        request,
        "news/article_list.html",
        {
            **paginate(request, articles, per_page=20),
            "categories": Category.choices,
            "category": category,
            "editor": can(request.user, "news.manage"),
        },
    )


def article_detail(request, pk):
    article = get_object_or_404(Article.objects.visible_to(request.user).select_related("author__employee"), pk=pk)
    services.article_read(user=request.user, article=article)
    return render(
        request,
        "news/article_detail.html",
        {"article": article, "editor": can(request.user, "news.manage", article)},
    )


@require_http_methods(["GET", "POST"])
def article_edit(request, pk=None):
    article = (
        get_object_or_404(Article.objects.visible_to(request.user), pk=pk)
        if pk
        else Article(author=request.user, union_id=acting_union_id(request.user))
    )
    _require_editor(request, article)
    form = ArticleForm(request.POST or None, instance=article)
    if request.method == "POST" and form.is_valid():
        article = services.article_save(actor=request.user, article=article, **form.cleaned_data)
        messages.success(request, "已保存。" + ("" if article.published_at else "尚未发布，职工还看不到。"))
        return redirect("news:detail", pk=article.pk)
    return render(request, "news/article_form.html", {"form": form, "article": article})


@require_POST
def article_publish(request, pk):
    article = get_object_or_404(Article.objects.visible_to(request.user), pk=pk)
    _require_editor(request, article)
    publish = request.POST.get("publish") == "1"
    services.article_publish(actor=request.user, article=article, publish=publish)
    messages.success(request, "已发布，职工可以看到了。" if publish else "已撤回发布。")
    return redirect("news:detail", pk=article.pk)
