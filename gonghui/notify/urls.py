from django.urls import path

from . import views

app_name = "notify"
urlpatterns = [
    path("", views.inbox, name="inbox"),
    path("<int:pk>/open/", views.open_notification, name="open"),
    path("read-all/", views.mark_all_read, name="read-all"),
    path("robots/unit/<int:unit_pk>/add/", views.webhook_add, name="webhook-add"),
    path("robots/<int:pk>/delete/", views.webhook_delete, name="webhook-delete"),
    path("robots/<int:pk>/test/", views.webhook_test, name="webhook-test"),
]
