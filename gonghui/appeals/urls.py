from django.urls import path

from . import views

app_name = "appeals"
urlpatterns = [
    path("", views.appeal_list, name="list"),
    path("new/", views.appeal_new, name="new"),
    path("mine/", views.appeal_mine, name="mine"),
    path("stats/", views.appeal_stats, name="stats"),
    path("stats.xlsx", views.appeal_export, name="export"),
]
