"""People in search, for those who look after them (the roster's users): by name, by any part
of it, by pinyin or initials, by employee number."""

from gonghui.org.models import Employee
from gonghui.org.rules import can
from gonghui.search.registry import Document, Route, SearchKind, register_searchable
from gonghui.search.text import name_terms


def _document(employee: Employee) -> Document:
    return Document(
        title=employee.name,
        body=employee.position,
        unit=employee.unit,
        terms=(*name_terms(employee.name), employee.employee_no),
        subtitle=" · ".join(filter(None, [employee.employee_no, employee.unit.name, employee.position])),
        cut_title=False,
    )


register_searchable(
    SearchKind(
        key="person",
        code=1,
        label="职工",
        model=Employee,
        document=_document,
        indexed=lambda: Employee.objects.select_related("unit"),
        allowed=lambda user: can(user, "org.browse_people"),
        routes=(Route(Employee.objects.visible_to, "org:person-detail"),),
        icon="bi-person",
    )
)
