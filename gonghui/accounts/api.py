"""Who is asking: the API's /me."""

from ninja import Router, Schema

from gonghui.org.scopes import grants

router = Router(tags=["账号"])


class MeOut(Schema):
    username: str
    name: str
    employee_id: int | None
    roles: list[str]


@router.get("/me", response=MeOut, summary="当前用户")
def me(request):
    user = request.auth
    return {
        "username": user.username,
        "name": user.display_name,
        "employee_id": user.employee_id,
        "roles": sorted({g.role for g in grants(user)}),
    }
