"""Who may open a URL, as named profiles: a default for everybody plus the roles that differ.

Roles (the columns of the permission matrix): nobody logged in; this union's chair, staff,
branch chair (运行分工会), handler (设备部), representative, employee (吴职工, who raised the
fixtures' appeal), company leader; an employee elsewhere in the union (孙外人, 燃料部);
the labour-protection inspector and the audit committee member, who have no page of their own
yet; and the chair of another enterprise union on the same deployment.

`expect(default, …)`: every logged-in role gets `default` unless named. Ordinary workers
(outsider, inspector, auditor) get the default too: they are what "everybody" means, so a
profile that names the employee (her own record) does not hand them her access. The other
union's chair is decided per row by the matrix: its own union's pages like a chair, this
union's records not found (see test_permission_matrix.other_chair_code), unless named here.
"""

from __future__ import annotations

ROLES = (
    "anonymous",
    "chair",
    "staff",
    "branch_chair",
    "handler",
    "representative",
    "employee",
    "leader",
    "outsider",
    "inspector",
    "auditor",
    "other_chair",
)


def expect(default: int, *, anonymous: int = 302, elsewhere: int | None = None, **roles: int) -> dict[str, int]:
    """`elsewhere`: the code for the workers outside the fixtures' audience (孙外人 of 燃料部,
    the inspector and the auditor of 党群工作部) where it is not `default`: an activity for
    运行分工会, a ballot of two voters."""
    unknown = roles.keys() - set(ROLES)
    assert not unknown, f"no such role: {unknown}"
    codes = {role: default for role in ROLES if role != "other_chair"}
    codes["anonymous"] = anonymous
    if elsewhere is not None:
        codes.update(outsider=elsewhere, inspector=elsewhere, auditor=elsewhere)
    codes.update(roles)
    return codes


EVERYONE = expect(200)
OFFICE = expect(403, chair=200, staff=200)
# The office and those who handle cases for units: branch chairs and department handlers.
HANDLERS = expect(403, chair=200, staff=200, branch_chair=200, handler=200)
REPRESENTATIVES = expect(403, representative=200)
# A page answering GET with 405: it only acts (its POST rows say who may).
POST_ONLY = expect(405)
PUBLIC = expect(200, anonymous=200)
LOGIN_PAGE = expect(302, anonymous=200)
NOWHERE = expect(404, anonymous=404)

# The API answers 401, not a redirect to the login page.
API_EVERYONE = expect(200, anonymous=401)
API_HANDLERS = expect(403, anonymous=401, chair=200, staff=200, branch_chair=200, handler=200)
API_POST_ONLY = expect(405, anonymous=405)
