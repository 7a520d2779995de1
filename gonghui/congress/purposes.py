"""The congress's secret ballots, declared to the ballot kernel: evaluations of representatives,
of duty reports and of a session. The union office runs them; a representative sees the
result of their own duty report whether or not it is published."""

from django.contrib.contenttypes.models import ContentType

from gonghui.ballots.purposes import Purpose, register_purpose
from gonghui.org.rules import can

from .models import Representative


def _manages(user, ballot) -> bool:
    return can(user, "congress.manage", ballot)


def _is_about_them(user, ballot) -> bool:
    return (
        user.is_authenticated
        and ballot.items.filter(
            subject_type=ContentType.objects.get_for_model(Representative),
            subject_id__in=Representative.objects.filter(user=user).values("pk"),
        ).exists()
    )


register_purpose(Purpose("rep_evaluation", "职工代表民主评议", may_manage=_manages))
register_purpose(Purpose("duty_report", "代表述职评议", may_manage=_manages, sees_results=_is_about_them))
register_purpose(Purpose("congress_evaluation", "职代会评估", may_manage=_manages))
