from django.urls import path

from . import contract_views, views

app_name = "supervision"
urlpatterns = [
    path("", views.index, name="index"),
    path("contracts/", contract_views.contract_list, name="contracts"),
    path("contracts/new/", contract_views.contract_edit, name="contract-new"),
    path("contracts/<int:pk>/", contract_views.contract_detail, name="contract"),
    path("contracts/<int:pk>/edit/", contract_views.contract_edit, name="contract-edit"),
    path("contracts/<int:pk>/version/", contract_views.contract_version, name="contract-version"),
    path("contracts/<int:pk>/rounds/new/", contract_views.contract_round, name="contract-round"),
    path("contracts/<int:pk>/vote/open/", contract_views.contract_open_vote, name="contract-open-vote"),
    path("contracts/<int:pk>/vote/", contract_views.contract_vote, name="contract-vote"),
    path("contracts/<int:pk>/file/", contract_views.contract_file, name="contract-file"),
    path("contracts/<int:pk>/inspections/new/", contract_views.inspection_new, name="inspection-new"),
    path("inspections/<int:pk>/findings/", views.finding_new, {"source": "inspection"}, name="inspection-finding"),
    path("meetings/", views.meeting_list, name="meetings"),
    path("meetings/new/", views.meeting_edit, name="meeting-new"),
    path("meetings/<int:pk>/", views.meeting_detail, name="meeting"),
    path("meetings/<int:pk>/edit/", views.meeting_edit, name="meeting-edit"),
    path("meetings/<int:pk>/decisions/", views.finding_new, {"source": "meeting"}, name="meeting-decision"),
    path("patrols/", views.patrol_list, name="patrols"),
    path("patrols/new/", views.patrol_edit, name="patrol-new"),
    path("patrols/<int:pk>/", views.patrol_detail, name="patrol"),
    path("patrols/<int:pk>/edit/", views.patrol_edit, name="patrol-edit"),
    path("patrols/<int:pk>/findings/", views.finding_new, {"source": "patrol"}, name="patrol-finding"),
]
