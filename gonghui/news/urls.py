from django.urls import path

from . import views

app_name = "news"
urlpatterns = [
    path("", views.article_list, name="list"),
    path("new/", views.article_edit, name="new"),
    path("<int:pk>/", views.article_detail, name="detail"),
    path("<int:pk>/edit/", views.article_edit, name="edit"),
    path("<int:pk>/publish/", views.article_publish, name="publish"),
]
