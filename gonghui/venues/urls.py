from django.urls import path

from . import views

app_name = "venues"
urlpatterns = [
    path("", views.venue_list, name="list"),
    path("new/", views.venue_new, name="new"),
    path("<int:pk>/", views.venue_detail, name="detail"),
    path("<int:pk>/book/", views.book, name="book"),
    path("<int:pk>/bookings/<int:booking_pk>/cancel/", views.unbook, name="unbook"),
]
