"""Contracts, joint meetings and patrols in search, opened as their pages open them; what they
found to be done is searched as its follow-up case."""

from gonghui.cases.search import searchable_cases
from gonghui.search.registry import Document, Route, SearchKind, register_searchable

from .models import Contract, JointMeeting, Patrol

register_searchable(
    SearchKind(
        key="contract",
        code=5,
        label="集体合同",
        model=Contract,
        document=lambda contract: Document(
            title=contract.title,
            body=contract.text,
            when=contract.signed_on or contract.created_at,
            subtitle=f"{contract.get_kind_display()} · {contract.get_state_display()}",
        ),
        routes=(Route(Contract.objects.visible_to, "supervision:contract"),),
        icon="bi-file-earmark-text",
    )
)
register_searchable(
    SearchKind(
        key="meeting",
        code=6,
        label="联席会议",
        model=JointMeeting,
        document=lambda meeting: Document(
            title=meeting.title,
            body=f"{meeting.minutes}\n{meeting.place}",
            when=meeting.held_on,
            subtitle=f"{meeting.held_on:%Y-%m-%d}" + (f" · {meeting.place}" if meeting.place else ""),
        ),
        routes=(Route(JointMeeting.objects.visible_to, "supervision:meeting"),),
        icon="bi-people",
    )
)
register_searchable(
    SearchKind(
        key="patrol",
        code=7,
        label="代表巡察",
        model=Patrol,
        document=lambda patrol: Document(
            title=patrol.topic,
            body=f"{patrol.summary}\n{patrol.places}",
            when=patrol.held_on,
            subtitle=f"{patrol.held_on:%Y-%m-%d} · {patrol.places}",
        ),
        routes=(Route(Patrol.objects.visible_to, "supervision:patrol"),),
        icon="bi-binoculars",
    )
)
searchable_cases("followup", "落实事项", code=8, icon="bi-list-check")
