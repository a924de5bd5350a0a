"""Forms built from a ledger declaration: org fields narrowed to the user's scope, version kept."""

from django import forms
from django.core.validators import MaxLengthValidator
from django.db.models import Q
from django.forms import inlineformset_factory, modelform_factory

from fazhi.orgs.models import Organisation, OrgKind
from fazhi.orgs.scoping import business_scope, visible_organisations

from .display import mask
from .models import Category, LedgerRecord
from .policy import action_scope
from .validators import normalize_id_number, normalize_phone

NORMALIZERS = {"id_number": normalize_id_number, "phone": normalize_phone}


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class GroupSelect(forms.Select):
    """村民小组 choices that carry their village, so the page can narrow them to the chosen village."""

    def create_option(self, name, value, label, selected, index, subindex=None, attrs=None):
        option = super().create_option(name, value, label, selected, index, subindex, attrs)
        instance = getattr(value, "instance", None)
        if instance is not None:
            option["attrs"]["data-village"] = instance.parent_id
        return option


def _style(form):
    for field in form.fields.values():
        widget = field.widget
        if isinstance(widget, forms.DateInput) and not isinstance(widget, DateInput):
            field.widget = DateInput(attrs=widget.attrs)
            widget = field.widget
        if isinstance(widget, forms.Select):
            widget.attrs.setdefault("class", "form-select")
        elif isinstance(widget, forms.CheckboxInput):
            widget.attrs.setdefault("class", "form-check-input")
        elif not isinstance(widget, forms.HiddenInput):
            widget.attrs.setdefault("class", "form-control")
        if isinstance(widget, forms.Textarea):
            widget.attrs.setdefault("rows", 3)


def _narrow_relations(form, user, township_ids, district_ids):
    for name, field in form.fields.items():
        if not isinstance(field, forms.ModelChoiceField):
            continue
        model = field.queryset.model
        if model is Category:
            list_key = form._meta.model._meta.get_field(name).remote_field.limit_choices_to["list_key"]
            field.queryset = Category.objects.filter(
                list_key=list_key, district_id__in=district_ids, active=True
            ).filter(township__isnull=True) | Category.objects.filter(
                list_key=list_key, township_id__in=township_ids, active=True
            )
        elif issubclass(model, LedgerRecord):
            field.queryset = model.objects.restrict(user, "view").active().order_by("-pk")


def _narrow_child_relations(form, user):
    """Choices of a child row (villages served, officers, …) only from what the user may see;
    a value the row already holds stays selectable."""
    scope = business_scope(user)
    for name, field in form.fields.items():
        if not isinstance(field, forms.ModelChoiceField):
            continue
        model = field.queryset.model
        current = getattr(form.instance, f"{name}_id", None) if form.instance.pk else None
        if model is Organisation:
            allowed = field.queryset.filter(pk__in=visible_organisations(user, scope).values("pk"))
        elif model is Category:
            districts = Organisation.objects.filter(pk__in=scope.townships).values("district_id")
            allowed = field.queryset.filter(Q(district_id__in=districts) | Q(district_id__in=scope.own))
        elif issubclass(model, LedgerRecord):
            allowed = field.queryset.filter(pk__in=model.objects.restrict(user, "view").active().values("pk"))
        else:
            continue
        if current:
            allowed = allowed | field.queryset.model.objects.filter(pk=current)
        field.queryset = allowed.distinct()


def org_choice_label(org: Organisation) -> str:
    """A record's organisation as a choice: the district itself reads “云岭区（区本级）”."""
    return f"{org.name}（区本级）" if org.kind == OrgKind.DISTRICT else org.name


class KeepsMaskedValues:
    """A personal field posted back in its masked form ("张**", as the API and a non-revealing edit form
    show it) means "unchanged": the stored value is validated and kept instead of the placeholder."""

    def _personal_fields(self) -> dict:
        return {}

    def full_clean(self):
        if self.is_bound and self.instance.pk:
            data = self.data.copy()
            for name, kind in self._personal_fields().items():
                key, stored = self.add_prefix(name), getattr(self.instance, name, None)
                if (
                    stored
                    and data.get(key)
                    and "*" in str(data.get(key))
                    and data.get(key) == mask(kind, stored)
                ):
                    data[key] = stored
            self.data = data
        super().full_clean()


class LedgerForm(KeepsMaskedValues, forms.ModelForm):
    """Base form of every ledger record."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, user, spec, action: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.user, self.spec = user, spec
        scope = action_scope(user, spec, action)
        # A record is filed under a township or, in a district_level ledger, the district itself (区本级).
        township_ids = set(scope.organisations) | set(
            Organisation.objects.filter(pk__in=scope.villages).values_list("township_id", flat=True)
        )
        instance = self.instance
        current = Organisation.objects.current()
        villages = current.filter(kind=OrgKind.VILLAGE).filter(
            township_id__in=scope.townships
        ) | current.filter(pk__in=scope.villages)
        if instance.pk and instance.village_id:
            villages = villages | Organisation.objects.filter(pk=instance.village_id)
        self.fields["township"].queryset = Organisation.objects.filter(pk__in=township_ids)
        self.fields["township"].label_from_instance = org_choice_label
        if scope.own and spec.district_level:
            self.fields["township"].label = "所属单位"  # a choice of townships and 区本级
        if len(township_ids) == 1 and not instance.pk:
            self.fields["township"].initial = next(iter(township_ids))
        if "village" in self.fields:
            self.fields["village"].queryset = villages.order_by("sort_order", "code")
            if not scope.townships and len(scope.villages) == 1 and not instance.pk:
                self.fields["village"].initial = next(iter(scope.villages))
        if "group" in self.fields:
            self.fields["group"].widget = GroupSelect(
                attrs={"class": "form-select", "data-narrow-by": "village"}
            )
            self.fields["group"].queryset = Organisation.objects.filter(
                kind=OrgKind.GROUP, parent__in=villages
            ).order_by("code")
        if instance.pk:
            self.fields["version"].initial = instance.version
        district_ids = {org.home_district_id for org in Organisation.objects.filter(pk__in=township_ids)}
        _narrow_relations(self, user, township_ids, district_ids)
        _style(self)

    def _personal_fields(self) -> dict:
        return self.spec.personal

    def clean(self):
        data = super().clean()
        township, village, group = data.get("township"), data.get("village"), data.get("group")
        if village and township and village.township_id != township.pk:
            self.add_error("village", "所选村/社区不属于所选乡镇")
        if group and village and group.parent_id != village.pk:
            self.add_error("group", "所选村民小组不属于所选村/社区")
        if group and not village:
            self.add_error("village", "选择村民小组时请同时选择村/社区")
        for name, kind in self.spec.personal.items():
            if kind in NORMALIZERS and data.get(name):
                data[name] = NORMALIZERS[kind](data[name])
        return data


class ChildForm(KeepsMaskedValues, forms.ModelForm):
    """A row of a record's parts; personal identifiers normalised before validation."""

    personal: dict[str, str] = {}

    def _personal_fields(self) -> dict:
        return self.personal

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        if user is not None:
            _narrow_child_relations(self, user)
        for name, kind in self.personal.items():
            field = self.fields.get(name)
            if kind in NORMALIZERS and isinstance(field, forms.CharField) and field.max_length:
                # Spaces, hyphens and +86 are removed by clean(); the model checks the length after that.
                field.max_length = None
                field.validators = [v for v in field.validators if not isinstance(v, MaxLengthValidator)]
                field.widget.attrs.pop("maxlength", None)
        self._default_role()
        _style(self)

    def _default_role(self):
        """A new party row: the first is the 申请人, the ones after it the other side (被申请人)."""
        field = self.fields.get("role")
        if field is None or self.instance.pk or not hasattr(field, "choices"):
            return
        values = [v for v, _ in field.choices if v]
        index = self.prefix.rsplit("-", 1)[-1] if self.prefix else "0"
        row = int(index) if index.isdigit() else len(values)
        if len(values) > 1:
            self.initial["role"] = values[min(row, 1)]

    def clean(self):
        data = super().clean()
        for name, kind in self.personal.items():
            if kind in NORMALIZERS and data.get(name):
                data[name] = NORMALIZERS[kind](data[name])
        return data


def record_form_class(spec):
    org_fields = (
        ["township"] + (["village"] if spec.uses_village else []) + (["group"] if spec.uses_group else [])
    )
    return modelform_factory(spec.model, form=spec.form_class or LedgerForm, fields=org_fields + spec.fields)


def child_formset_class(spec, child):
    form = type(f"{child.model.__name__}Form", (ChildForm,), {"personal": child.personal})
    return inlineformset_factory(
        spec.model,
        child.model,
        form=form,
        fk_name=child.fk_name,
        # A copy: Django's inline formset appends the foreign key to the list it is given.
        fields=list(child.fields),
        extra=child.extra,
        min_num=child.min_num,
        validate_min=bool(child.min_num),
        can_delete=True,
    )


def transition_form_class(spec, transition):
    form = modelform_factory(spec.model, fields=list(transition.fields)) if transition.fields else None
    base = form or forms.Form

    class TransitionForm(base):
        version = forms.IntegerField(widget=forms.HiddenInput)

        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            for name in transition.required:
                field = self.fields[name]
                field.required = True
                # The same words as apply_transition's own check, for the page and the API alike.
                field.error_messages = {**field.error_messages, "required": f"请填写{field.label}"}
            _style(self)

    return TransitionForm


class VoidForm(forms.Form):
    reason = forms.CharField(
        label="作废原因", max_length=200, widget=forms.TextInput(attrs={"class": "form-control"})
    )
    version = forms.IntegerField(widget=forms.HiddenInput)


class AttachmentForm(forms.Form):
    file = forms.FileField(label="文件")
    kind = forms.ChoiceField(label="类别", choices=[])
    note = forms.CharField(label="说明", max_length=200, required=False)

    def __init__(self, *args, **kwargs):
        from .models import AttachmentKind

        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = AttachmentKind.choices
        _style(self)
