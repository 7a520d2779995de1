"""Proposals in search: opened as a case by those who handle or co-signed them, and on the
public list (past co-signing, not confidential) by everyone else of the union."""

from gonghui.cases.search import case_document, searchable_cases
from gonghui.search.registry import Route

from .models import Proposal
from .selectors import public_proposals


def _document(case):
    proposal = getattr(case, "proposal", None)
    return case_document(case, proposal.measures if proposal else "")


PROPOSALS = searchable_cases(
    "proposal",
    "提案",
    code=4,
    document=_document,
    related=("proposal",),
    routes=(Route(public_proposals, "congress:proposal-public-detail"),),
    watch={Proposal: lambda proposal: proposal.case},
    icon="bi-journal-text",
)
