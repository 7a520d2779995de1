from django.urls import path

from . import views

app_name = "study"
urlpatterns = [
    path("", views.index, name="index"),
    path("plans/<int:pk>/", views.plan_detail, name="plan"),
    path("library/", views.library, name="library"),
    path("plans/new/", views.plan_new, name="plan-new"),
    path("library/new/", views.material_new, name="material-new"),
]
