from django import forms
from django.utils import timezone

from gonghui.core.forms import StyledFormMixin

from .models import Employee, EmploymentStatus, Gender, OrgUnit, Role, UnitKind


def limit_units(form, units) -> None:
    """Offer in every unit picker of `form` only `units` (the actor's scope): another union's
    units are neither listed nor accepted."""
    for field in form.fields.values():
        if isinstance(field, forms.ModelChoiceField) and field.queryset.model is OrgUnit:
            field.queryset = field.queryset.filter(pk__in=units.values("pk"))


class UnitChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return "　" * (obj.depth - 1) + obj.name


class EmployeeForm(StyledFormMixin, forms.Form):
    name = forms.CharField(label="姓名", max_length=50)
    gender = forms.ChoiceField(label="性别", choices=Gender.choices)
    phone = forms.RegexField(label="手机号", regex=r"^1[3-9]\d{9}$", error_messages={"invalid": "请输入11位手机号"})
    unit = UnitChoiceField(
        label="所在部门/班组", queryset=OrgUnit.objects.filter(kind__in=[UnitKind.DEPARTMENT, UnitKind.TEAM])
    )
    position = forms.CharField(label="岗位", max_length=50, required=False)
    hire_date = forms.DateField(label="入职日期", required=False, widget=forms.DateInput(attrs={"type": "date"}))
    status = forms.ChoiceField(label="在职状态", choices=EmploymentStatus.choices)
    left_on = forms.DateField(label="离职/退休日期", required=False, widget=forms.DateInput(attrs={"type": "date"}))
    member_no = forms.CharField(label="会员证号", max_length=30, required=False)

    def __init__(self, *args, employee: Employee, **kwargs):
        self.employee = employee
        super().__init__(*args, **kwargs)

    def clean_phone(self):
        phone = self.cleaned_data["phone"]
        if Employee.objects.filter(phone=phone).exclude(pk=self.employee.pk).exists():
            raise forms.ValidationError("该手机号已被其他职工使用")
        return phone

    def clean(self):
        data = super().clean()
        if data.get("status") == EmploymentStatus.ACTIVE:
            data["left_on"] = None
        return data


class MembershipForm(StyledFormMixin, forms.Form):
    ACTIONS = [("join", "入会"), ("transfer", "转会"), ("leave", "退会")]
    action = forms.ChoiceField(label="办理事项", choices=ACTIONS)
    occurred_on = forms.DateField(
        label="日期",
        initial=timezone.localdate,
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"invalid": "日期格式应为 年-月-日"},
    )
    to_unit = UnitChoiceField(
        label="转入部门/班组（转会时填写）",
        queryset=OrgUnit.objects.filter(kind__in=[UnitKind.DEPARTMENT, UnitKind.TEAM]),
        required=False,
    )
    member_no = forms.CharField(label="会员证号（入会时填写）", max_length=30, required=False)
    note = forms.CharField(label="说明", max_length=200, required=False)

    def clean(self):
        data = super().clean()
        if data.get("action") == "transfer" and not data.get("to_unit"):
            self.add_error("to_unit", "转会须选择转入的部门或班组")
        return data


class RoleGrantForm(StyledFormMixin, forms.Form):
    employee_no = forms.CharField(label="工号", max_length=20)
    role = forms.ChoiceField(label="角色", choices=Role.choices)
    unit = UnitChoiceField(label="范围（所辖单位）", queryset=OrgUnit.objects.exclude(kind=UnitKind.TEAM))

    def __init__(self, *args, actor, **kwargs):
        from .selectors import units_in_office

        super().__init__(*args, **kwargs)
        self.actor = actor
        limit_units(self, units_in_office(actor))

    def clean_employee_no(self):
        number = self.cleaned_data["employee_no"].strip()
        employee = Employee.objects.visible_to(self.actor).filter(employee_no=number).first()
        if employee is None:
            raise forms.ValidationError(f"找不到工号为 {number} 的职工")
        self.cleaned_data["employee"] = employee
        return number


class UnitForm(StyledFormMixin, forms.Form):
    name = forms.CharField(label="名称", max_length=100)
    code = forms.RegexField(
        label="编码",
        max_length=32,
        regex=r"^[A-Za-z0-9_-]+$",
        error_messages={"invalid": "编码只能包含字母、数字、下划线和短横线"},
    )
    sort_order = forms.IntegerField(label="排序", min_value=0, initial=0, help_text="同级单位按此数字从小到大排列")
