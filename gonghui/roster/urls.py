from django.urls import path

from . import views

app_name = "roster"

urlpatterns = [
    path("roster/import/", views.roster_import, name="import"),
    path("roster/import/<int:pk>/", views.roster_job, name="job"),
    path("roster/import/<int:pk>/progress/", views.roster_job_progress, name="job-progress"),
    path("roster/import/<int:pk>/confirm/", views.roster_job_confirm, name="job-confirm"),
    path("roster/template.xlsx", views.roster_template, name="template"),
    path("roster/export.xlsx", views.roster_export, name="export"),
    path("units/<int:pk>/account-notices/", views.account_notices, name="account-notices"),
]
