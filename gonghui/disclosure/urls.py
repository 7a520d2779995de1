from django.urls import path

from . import board_views, catalogue_views, views

app_name = "disclosure"
urlpatterns = [
    path("", views.feed, name="feed"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/ask/", views.ask, name="ask"),
    path("<int:pk>/files/<int:attachment_pk>/", views.attachment, name="attachment"),
    path("<int:pk>/publish/", views.publish, name="publish"),
    path("<int:pk>/withdraw/", views.withdraw, name="withdraw"),
    path("questions/<int:pk>/public/", views.answer_public, name="answer-public"),
    path("catalogue/", catalogue_views.catalogue, name="catalogue"),
    path("catalogue/new/", catalogue_views.item_edit, name="item-new"),
    path("catalogue/<int:pk>/edit/", catalogue_views.item_edit, name="item-edit"),
    path("catalogue/<int:pk>/publish/", views.publish_event, name="publish-event"),
    path("catalogue/categories/", catalogue_views.category_new, name="category-new"),
    path("board/", board_views.board, name="board"),
    path("stats/", board_views.stats, name="stats"),
    path("stats.xlsx", board_views.stats_export, name="export"),
]
