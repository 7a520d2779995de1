from django.urls import path

from . import evaluation_views, proposal_views, views

app_name = "congress"
urlpatterns = [
    path("", views.index, name="index"),
    path("new/", views.congress_new, name="congress-new"),
    path("delegations/new/", views.delegation_new, name="delegation-new"),
    path("sessions/new/", views.session_edit, name="session-new"),
    path("sessions/<int:pk>/", views.session_detail, name="session"),
    path("sessions/<int:pk>/edit/", views.session_edit, name="session-edit"),
    path("sessions/<int:pk>/attendance/", views.attendance, name="attendance"),
    path("sessions/<int:pk>/report/", proposal_views.report_page, name="report"),
    path("sessions/<int:pk>/report.docx", proposal_views.report_docx, name="report-docx"),
    path("sessions/<int:pk>/report.pdf", proposal_views.report_pdf, name="report-pdf"),
    path("representatives/", views.representative_list, name="representatives"),
    path("representatives/new/", views.representative_add, name="representative-new"),
    path("representatives/<int:pk>/", views.representative_detail, name="representative"),
    path("representatives/<int:pk>/end/", views.representative_end, name="representative-end"),
    path("duty-reports/new/", evaluation_views.duty_report_new, name="duty-report-new"),
    path("duty-reports/<int:pk>/evaluate/", evaluation_views.duty_report_evaluate, name="duty-report-evaluate"),
    path("evaluations/new/", evaluation_views.evaluation_new, name="evaluation-new"),
    path("proposals/", proposal_views.proposal_list, name="proposal-list"),
    path("proposals/new/", proposal_views.proposal_new, name="proposal-new"),
    path("proposals/mine/", proposal_views.proposal_mine, name="proposal-mine"),
    path("proposals/public/", proposal_views.proposal_public, name="proposal-public"),
    path("proposals/public/<int:pk>/", proposal_views.proposal_public_detail, name="proposal-public-detail"),
    path("proposals/<int:pk>/cosign/", proposal_views.cosign, name="cosign"),
    path("proposals/<int:pk>/cosigners/", proposal_views.add_cosigners, name="add-cosigners"),
]
