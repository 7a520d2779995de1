from django.urls import path

from . import account_views, role_views, views

app_name = "org"
urlpatterns = [
    path("units/", views.unit_tree, name="unit-tree"),
    path("units/<int:pk>/", views.unit_detail, name="unit-detail"),
    path("units/new/", views.unit_create, name="unit-create"),
    path("units/<int:pk>/edit/", views.unit_edit, name="unit-edit"),
    path("units/<int:pk>/delete/", views.unit_delete, name="unit-delete"),
    path("people/", views.person_list, name="person-list"),
    path("people/<int:pk>/", views.person_detail, name="person-detail"),
    path("people/<int:pk>/edit/", views.person_edit, name="person-edit"),
    path("people/<int:pk>/membership/", views.person_membership, name="person-membership"),
    path("people/<int:pk>/password-reset/", account_views.person_password_reset, name="person-password-reset"),
    path("people/<int:pk>/id-number/", account_views.person_reveal, name="person-reveal"),
    path("roles/", role_views.role_list, name="role-list"),
    path("roles/grant/", role_views.role_grant, name="role-grant"),
    path("roles/<int:pk>/revoke/", role_views.role_revoke, name="role-revoke"),
]
