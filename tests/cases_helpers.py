from gonghui.cases.services import case_act, case_open
from tests.factories import image_upload


def make_appeal(union, *, anonymous=False, category="wages", assign=True, title="加班费未足额发放"):
    """吴职工 raises an appeal; 李干事 assigns it to 设备部 (刘承办's department)."""
    case = case_open(
        kind="appeal",
        requester=union.employee,
        title=title,
        body="三月份加班 20 小时，工资条上只算了 12 小时。",
        category=category,
        anonymous=anonymous,
        attachments=[image_upload("工资条.png")],
    )
    if assign:
        case = case_act(
            actor=union.staff, case=case, transition="assign", version=case.version, lead_unit=union.equip_dept
        )
    return case
