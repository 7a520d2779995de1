from django.urls import path

from . import coverage_views, organiser_views, views

app_name = "events"
urlpatterns = [
    path("", views.event_list, name="list"),
    path("new/", organiser_views.event_new, name="new"),
    path("mine/", views.my_record, name="mine"),
    path("coverage/", coverage_views.coverage, name="coverage"),
    path("coverage.xlsx", coverage_views.coverage_export, name="coverage-export"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/signup/", views.signup, name="signup"),
    path("<int:pk>/cancel/", views.cancel, name="cancel"),
    path("<int:pk>/approve/<int:registration_pk>/", views.approve, name="approve"),
    path("<int:pk>/checkin/<str:token>/", views.checkin, name="checkin"),
    path("<int:pk>/qr/", organiser_views.qr, name="qr"),
    path("<int:pk>/mark/", organiser_views.mark, name="mark"),
    path("<int:pk>/quota/", organiser_views.quota, name="quota"),
    path("<int:pk>/nominate/", organiser_views.nominate, name="nominate"),
    path("<int:pk>/photos/", views.photo, name="photo"),
    path("<int:pk>/photos/<int:photo_pk>/", views.photo_file, name="photo-file"),
    path("<int:pk>/cancel-event/", organiser_views.cancel_event, name="cancel-event"),
]
