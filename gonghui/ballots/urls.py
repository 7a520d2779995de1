from django.urls import path

from . import views

app_name = "ballots"
urlpatterns = [
    path("", views.ballot_list, name="list"),
    path("new/", views.ballot_new, name="new"),
    path("<int:pk>/", views.ballot_detail, name="detail"),
    path("<int:pk>/vote/", views.ballot_vote, name="vote"),
    path("<int:pk>/close/", views.ballot_close, name="close"),
    path("<int:pk>/results.xlsx", views.ballot_export, name="export"),
]
