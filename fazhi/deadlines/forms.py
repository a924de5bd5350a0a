from django import forms

from fazhi.core.forms import DateInput

from .models import CalendarOverride, ClockRule

DATE = DateInput(attrs={"class": "form-control"})
TEXT = forms.TextInput(attrs={"class": "form-control"})


class OverrideForm(forms.ModelForm):
    class Meta:
        model = CalendarOverride
        fields = ["date", "kind", "name", "note"]
        widgets = {
            "date": DATE,
            "kind": forms.Select(attrs={"class": "form-select"}),
            "name": TEXT,
            "note": TEXT,
        }

    def validate_unique(self):
        """Saving a day that already has an override changes it (calendar_override_save)."""


class RuleForm(forms.ModelForm):
    class Meta:
        model = ClockRule
        fields = ["label", "length", "unit", "roll_forward", "start_event", "max_extension", "legal_source"]
        widgets = {
            "label": TEXT,
            "length": forms.NumberInput(attrs={"class": "form-control"}),
            "unit": forms.Select(attrs={"class": "form-select"}),
            "roll_forward": forms.CheckboxInput(attrs={"class": "form-check-input"}),
            "start_event": TEXT,
            "max_extension": forms.NumberInput(attrs={"class": "form-control"}),
            "legal_source": forms.Textarea(attrs={"class": "form-control", "rows": 3}),
        }


class PauseForm(forms.Form):
    from_on = forms.DateField(label="自哪一日起暂停（当日不计）", widget=DATE)
    reason = forms.CharField(label="暂停理由", max_length=200, widget=TEXT, help_text="如：听证所需时间")


class ResumeForm(forms.Form):
    resumed_on = forms.DateField(label="恢复计算日期（当日起计算）", widget=DATE)


class ExtendForm(forms.Form):
    days = forms.IntegerField(
        label="延长天数", min_value=1, widget=forms.NumberInput(attrs={"class": "form-control"})
    )
    approver = forms.CharField(label="批准人", max_length=64, widget=TEXT)
    approved_on = forms.DateField(label="批准日期", widget=DATE)
    reason = forms.CharField(
        label="延长理由", widget=forms.Textarea(attrs={"class": "form-control", "rows": 3})
    )
