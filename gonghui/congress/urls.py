from django.urls import path

from . import views

app_name = "congress"
urlpatterns = [
    path("", views.index, name="index"),
    path("new/", views.congress_new, name="congress-new"),
    path("delegations/new/", views.delegation_new, name="delegation-new"),
    path("sessions/new/", views.session_edit, name="session-new"),
    path("sessions/<int:pk>/", views.session_detail, name="session"),
    path("sessions/<int:pk>/edit/", views.session_edit, name="session-edit"),
    path("sessions/<int:pk>/attendance/", views.attendance, name="attendance"),
    path("sessions/<int:pk>/report/", views.report_page, name="report"),
    path("sessions/<int:pk>/report.docx", views.report_docx, name="report-docx"),
    path("sessions/<int:pk>/report.pdf", views.report_pdf, name="report-pdf"),
    path("representatives/", views.representative_list, name="representatives"),
    path("representatives/new/", views.representative_add, name="representative-new"),
    path("representatives/<int:pk>/", views.representative_detail, name="representative"),
    path("representatives/<int:pk>/end/", views.representative_end, name="representative-end"),
    path("duty-reports/new/", views.duty_report_new, name="duty-report-new"),
    path("duty-reports/<int:pk>/evaluate/", views.duty_report_evaluate, name="duty-report-evaluate"),
    path("evaluations/new/", views.evaluation_new, name="evaluation-new"),
    path("proposals/", views.proposal_list, name="proposal-list"),
    path("proposals/new/", views.proposal_new, name="proposal-new"),
    path("proposals/mine/", views.proposal_mine, name="proposal-mine"),
    path("proposals/public/", views.proposal_public, name="proposal-public"),
    path("proposals/public/<int:pk>/", views.proposal_public_detail, name="proposal-public-detail"),
    path("proposals/<int:pk>/cosign/", views.cosign, name="cosign"),
    path("proposals/<int:pk>/cosigners/", views.add_cosigners, name="add-cosigners"),
]
