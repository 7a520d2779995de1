from django.core.files.uploadedfile import SimpleUploadedFile

from tests.disclosure_helpers import make_catalogue

ALL = "302 200 200 200 200 200 200 200"
OFFICE = "302 200 200 403 403 403 403 403"
POST_ONLY = "302 405 405 405 405 405 405 405"
# 运行一值's bonus: the union office, 运行分工会's chair, and the team (吴职工) see it; nobody else learns of it.
TEAM = "302 200 200 200 404 404 200 404"
# Units' publishers: the union office, handlers and branch chairs.
PUBLISHERS = "302 200 200 200 200 403 403 403"


def _c(f):
    return f["catalogue"]


MATRIX = {
    "disclosure:feed": ("get", lambda u, f: {}, ALL),
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
    "disclosure:answer-public": ("get", lambda u, f: {"pk": 1}, POST_ONLY),
    "disclosure:catalogue": ("get", lambda u, f: {}, PUBLISHERS),
    "disclosure:item-new": ("get", lambda u, f: {}, OFFICE),
    "disclosure:item-edit": ("get", lambda u, f: {"pk": _c(f).bonus.pk}, OFFICE),
    "disclosure:publish-event": ("get", lambda u, f: {"pk": _c(f).event.pk}, OFFICE),
    "disclosure:category-new": ("get", lambda u, f: {}, POST_ONLY),
    "disclosure:board": ("get", lambda u, f: {}, PUBLISHERS),
    "disclosure:stats": ("get", lambda u, f: {}, OFFICE),
    "disclosure:export": ("get", lambda u, f: {}, OFFICE),
    "api:list_catalogue": ("get", lambda u, f: {}, "401 200 200 200 200 403 403 403"),
    "api:list_disclosures": ("get", lambda u, f: {}, "401 200 200 200 200 200 200 200"),
    "api:get_disclosure": (
        "get",
        lambda u, f: {"disclosure_id": _c(f).published.pk},
        "401 200 200 200 404 404 200 404",
    ),
    "api:ask_question": ("get", lambda u, f: {"disclosure_id": _c(f).published.pk}, "405 405 405 405 405 405 405 405"),
}


def fixtures(union) -> dict:
    from gonghui.disclosure.models import Attachment

    catalogue = make_catalogue(union)
    upload = SimpleUploadedFile("奖金明细.pdf", b"%PDF-1.4 test", content_type="application/pdf")
    attachment = Attachment.objects.create(disclosure=catalogue.published, file=upload, name="奖金明细.pdf", size=13)
    return {"catalogue": catalogue, "disclosure_file": attachment}
