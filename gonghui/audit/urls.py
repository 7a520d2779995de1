from django.urls import path

from . import views

app_name = "audit"
urlpatterns = [
    path("", views.log_list, name="log-list"),
    path("<int:pk>/", views.log_detail, name="log-detail"),
]
