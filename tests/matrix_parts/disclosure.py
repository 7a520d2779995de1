from django.core.files.uploadedfile import SimpleUploadedFile

from tests.disclosure_helpers import make_catalogue
from tests.matrix_profiles import (
    API_EVERYONE,
    API_HANDLERS,
    API_POST_ONLY,
    EVERYONE,
    HANDLERS,
    OFFICE,
    POST_ONLY,
    expect,
)

# 运行一值's bonus: the union office, 运行分工会's chair, and the team (吴职工) see it; nobody else learns of it.
TEAM = expect(404, chair=200, staff=200, branch_chair=200, employee=200)


def _c(f):
    return f["catalogue"]


MATRIX = {
    "disclosure:feed": ("get", lambda u, f: {}, EVERYONE),
    "disclosure:detail": ("get", lambda u, f: {"pk": _c(f).published.pk}, TEAM),
    "disclosure:ask": ("get", lambda u, f: {"pk": _c(f).published.pk}, POST_ONLY),
    "disclosure:attachment": (
        "get",
        lambda u, f: {"pk": _c(f).published.pk, "attachment_pk": f["disclosure_file"].pk},
        TEAM,
    ),
    # This month's company report is owed by 党群工作部: only the union office publishes for it here.
    "disclosure:publish": ("get", lambda u, f: {"pk": _c(f).due.pk}, OFFICE),
    "disclosure:withdraw": ("get", lambda u, f: {"pk": _c(f).published.pk}, POST_ONLY),
    "disclosure:answer-public": ("get", lambda u, f: {"pk": f["question"].pk}, POST_ONLY),
    "disclosure:catalogue": ("get", lambda u, f: {}, HANDLERS),
    "disclosure:item-new": ("get", lambda u, f: {}, OFFICE),
    "disclosure:item-edit": ("get", lambda u, f: {"pk": _c(f).bonus.pk}, OFFICE),
    "disclosure:publish-event": ("get", lambda u, f: {"pk": _c(f).event.pk}, OFFICE),
    "disclosure:category-new": ("get", lambda u, f: {}, POST_ONLY),
    "disclosure:board": ("get", lambda u, f: {}, HANDLERS),
    "disclosure:stats": ("get", lambda u, f: {}, OFFICE),
    "disclosure:export": ("get", lambda u, f: {}, OFFICE),
    "api:list_catalogue": ("get", lambda u, f: {}, API_HANDLERS),
    "api:list_disclosures": ("get", lambda u, f: {}, API_EVERYONE),
    "api:get_disclosure": (
        "get",
        lambda u, f: {"disclosure_id": _c(f).published.pk},
        expect(404, anonymous=401, chair=200, staff=200, branch_chair=200, employee=200),
    ),
    "api:ask_question": ("get", lambda u, f: {"disclosure_id": _c(f).published.pk}, API_POST_ONLY),
}


def fixtures(union) -> dict:
    from gonghui.disclosure.models import Attachment
    from gonghui.disclosure.services import question_ask

    catalogue = make_catalogue(union)
    upload = SimpleUploadedFile("奖金明细.pdf", b"%PDF-1.4 test", content_type="application/pdf")
    attachment = Attachment.objects.create(disclosure=catalogue.published, file=upload, name="奖金明细.pdf", size=13)
    question = question_ask(actor=union.employee, disclosure=catalogue.published, title="奖金怎么算的", body="……")
    return {"catalogue": catalogue, "disclosure_file": attachment, "question": question}


OFFICE_ACTS = {"chair", "staff"}
THIS_UNION = {"chair", "staff", "branch_chair", "handler", "representative", "employee", "leader", "outsider"}
ACTIONS = {
    # The published disclosure is 运行一值's: its team asks, the office and its publishers withdraw.
    "disclosure:ask": {"employee"},
    "api:ask_question": {"employee"},
    "disclosure:withdraw": OFFICE_ACTS | {"branch_chair"},
    # Whether the answer shows is the responsible unit's call: 运行一值 is in 运行分工会.
    "disclosure:answer-public": OFFICE_ACTS | {"branch_chair"},
    # Each office adds a category to its own union's catalogue.
    "disclosure:category-new": OFFICE_ACTS | {"other_chair"},
}


def _answered(f) -> dict:
    """The question has its unit's answer, which may then be shown under the disclosure."""
    from django.utils import timezone

    from gonghui.cases.models import Case

    Case.objects.filter(pk=f["question"].pk).update(answer="按季度考核结果发放。", answered_at=timezone.now())
    return {"public": "1", "names_checked": "1"}


ACTION_INPUT = {"disclosure:answer-public": lambda u, f, user: _answered(f)}
