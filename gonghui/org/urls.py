from django.urls import path

from . import views

app_name = "org"
urlpatterns = [
    path("units/", views.unit_tree, name="unit-tree"),
    path("units/<int:pk>/", views.unit_detail, name="unit-detail"),
    path("people/", views.person_list, name="person-list"),
    path("people/<int:pk>/", views.person_detail, name="person-detail"),
    path("people/<int:pk>/edit/", views.person_edit, name="person-edit"),
    path("people/<int:pk>/membership/", views.person_membership, name="person-membership"),
]

try:
    from .roster_urls import urlpatterns as roster_urlpatterns
except ImportError:  # the roster pages land separately
    roster_urlpatterns = []
urlpatterns += roster_urlpatterns
