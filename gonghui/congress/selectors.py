from __future__ import annotations

from django.db.models import Count, Prefetch, Q, QuerySet

from gonghui.cases.figures import case_figures
from gonghui.cases.models import Case, CaseUnit, Rating

from .kind import CATEGORIES, STATES
from .models import Cosigner, CosignState, Disposition, Proposal, Representative


def public_proposals(user) -> QuerySet:
    """What every employee of a union may follow: its proposals past co-signing, except
    confidential ones."""
    from gonghui.org.scopes import in_member_unions

    return Case.objects.filter(in_member_unions(user), kind="proposal", proposal__confidential=False).exclude(
        state="cosigning"
    )


def proposal_panel(case: Case, user) -> dict:
    proposal = Proposal.objects.select_related("session", "suggested_unit").get(pk=case.pk)
    cosigners = list(proposal.cosigners.select_related("user__employee__unit").order_by("id"))
    mine = next((c for c in cosigners if c.user_id == user.pk), None)
    may_add = user.pk == case.requester_id and case.state == "cosigning"
    return {
        "proposal": proposal,
        "cosigners": cosigners,
        "confirmed": sum(c.state == CosignState.CONFIRMED for c in cosigners),
        "may_cosign": mine is not None and mine.state == CosignState.PENDING and case.closed_at is None,
        "may_add_cosigners": may_add,
        "more_cosigners": representatives_of(proposal.session.congress_id).exclude(
            user__in=[case.requester_id, *(c.user_id for c in cosigners)]
        )
        if may_add
        else [],
    }


def cosign_requests(user) -> QuerySet:
    return Cosigner.objects.filter(user=user, state=CosignState.PENDING, proposal__case__closed_at__isnull=True)


def representatives_of(congress) -> QuerySet:
    return Representative.objects.filter(congress=congress, is_active=True).select_related(
        "user__employee__unit", "delegation"
    )


def report_figures(session) -> dict:
    """Everything the proposal-handling report counts, from the cases themselves."""
    cases = Case.objects.filter(kind="proposal", proposal__session=session).exclude(state="cosigning")
    overall = case_figures(
        cases,
        registered=Count("id", filter=Q(proposal__disposition=Disposition.REGISTERED)),
        suggestions=Count("id", filter=Q(proposal__disposition=Disposition.SUGGESTION)),
        pending=Count("id", filter=Q(state="submitted")),
        pleased=Count("id", filter=Q(rating=Rating.SATISFIED)),
        basically=Count("id", filter=Q(rating=Rating.BASICALLY)),
        unsatisfied=Count("id", filter=Q(rating=Rating.UNSATISFIED)),
    )
    by_category = {r["category"]: r["n"] for r in cases.values("category").annotate(n=Count("id")).order_by("category")}
    by_state = {r["state"]: r["n"] for r in cases.values("state").annotate(n=Count("id"))}
    by_department = case_figures(cases.exclude(lead_unit=None), group_by="lead_unit__name")
    return {
        "overall": overall,
        "by_category": [(label, by_category[key]) for key, label in CATEGORIES.items() if key in by_category],
        "by_state": [(label, by_state[key]) for key, label in STATES.items() if key in by_state],
        "by_department": by_department,
        "by_rating": [
            ("满意", overall["pleased"]),
            ("基本满意", overall["basically"]),
            ("不满意", overall["unsatisfied"]),
            ("未评价", overall["total"] - overall["rated"]),
        ],
        "cases": list(
            cases.select_related("proposal", "lead_unit", "requester__employee__unit")
            .prefetch_related(
                "proposal__cosigners__user__employee",
                Prefetch(
                    "units",
                    queryset=CaseUnit.objects.filter(active=True, is_lead=False).select_related("unit"),
                    to_attr="co_units",
                ),
            )
            .order_by("number")
        ),
    }
