from django.urls import path

from . import roster_views

urlpatterns = [
    path("roster/import/", roster_views.roster_import, name="roster-import"),
    path("roster/import/<int:pk>/", roster_views.roster_job, name="roster-job"),
    path("roster/import/<int:pk>/progress/", roster_views.roster_job_progress, name="roster-job-progress"),
    path("roster/import/<int:pk>/confirm/", roster_views.roster_job_confirm, name="roster-job-confirm"),
    path("roster/template.xlsx", roster_views.roster_template, name="roster-template"),
    path("roster/export.xlsx", roster_views.roster_export, name="roster-export"),
]
