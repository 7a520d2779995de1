from django.urls import path

from . import views

app_name = "activities"
urlpatterns = [
    path("associations/", views.association_list, name="associations"),
    path("associations/new/", views.association_new, name="association-new"),
    path("associations/<int:pk>/", views.association_detail, name="association"),
    path("associations/<int:pk>/join/", views.join, name="join"),
    path("associations/<int:pk>/leave/", views.leave, name="leave"),
    path("associations/<int:pk>/leader/", views.set_leader, name="leader"),
]
