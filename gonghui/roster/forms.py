from django import forms
from django.conf import settings

from gonghui.core.forms import StyledFormMixin, UnitChoice
from gonghui.excel.models import ImportJob
from gonghui.org.models import OrgUnit
from gonghui.org.scopes import acting_union_id, office_union_ids


class RosterUploadForm(StyledFormMixin, forms.Form):
    file = forms.FileField(label="花名册文件（.xlsx）")
    mode = forms.ChoiceField(
        label="导入方式",
        choices=ImportJob.Mode.choices,
        initial=ImportJob.Mode.INCREMENTAL,
        widget=forms.RadioSelect,
    )
    dry_run = forms.BooleanField(label="仅校验，不写入", required=False)
    union = UnitChoice(label="导入到", queryset=OrgUnit.objects.none(), empty_label=None)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        # An office of several unions says which one the file is the roster of; everybody
        # else imports into their own, with nothing to choose.
        unions = OrgUnit.objects.filter(pk__in=office_union_ids(user)).order_by("path")
        self.acting_union_id = acting_union_id(user)
        if len(unions) < 2:
            del self.fields["union"]
        else:
            self.fields["union"].queryset = unions

    def union_id(self) -> int | None:
        chosen = self.cleaned_data.get("union")
        return chosen.pk if chosen is not None else self.acting_union_id

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith(".xlsx"):
            raise forms.ValidationError("只支持 .xlsx 格式的 Excel 文件，请另存为“Excel 工作簿”后上传")
        if upload.size > settings.ROSTER_MAX_UPLOAD_BYTES:
            raise forms.ValidationError(f"文件超过 {settings.ROSTER_MAX_UPLOAD_BYTES // (1024 * 1024)} MB")
        return upload


class ConfirmFullForm(StyledFormMixin, forms.Form):
    checked = forms.BooleanField(label="我已核对名单，确认文件外的这些在职人员离职", required=True)
