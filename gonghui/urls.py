from django.urls import include, path

urlpatterns = [
    path("accounts/", include("gonghui.accounts.urls")),
]
