from django.urls import include, path

from gonghui.api.api import api
from gonghui.cases import views as case_views
from gonghui.web import views as web_views

urlpatterns = [
    path("", include("gonghui.web.urls")),
    path("accounts/", include("gonghui.accounts.urls")),
    path("org/", include("gonghui.org.urls")),
    path("org/", include("gonghui.roster.urls")),
    path("audit/", include("gonghui.audit.urls")),
    path("inbox/", include("gonghui.notify.urls")),
    path("cases/", include("gonghui.cases.urls")),
    path("todo/", case_views.todo, name="todo"),
    path("appeals/", include("gonghui.appeals.urls")),
    path("news/", include("gonghui.news.urls")),
    path("ballots/", include("gonghui.ballots.urls")),
    path("figures/", include("gonghui.figures.urls")),
    path("congress/", include("gonghui.congress.urls")),
    path("supervision/", include("gonghui.supervision.urls")),
    path("disclosure/", include("gonghui.disclosure.urls")),
    path("events/", include("gonghui.events.urls")),
    path("activities/", include("gonghui.activities.urls")),
    path("venues/", include("gonghui.venues.urls")),
    path("study/", include("gonghui.study.urls")),
    path("search/", include("gonghui.search.urls")),
    path("api/v1/", api.urls),
    path("healthz", web_views.healthz, name="healthz"),
    path("healthz/trivial", web_views.trivial, name="healthz-trivial"),
]
