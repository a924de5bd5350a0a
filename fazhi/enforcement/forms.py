"""The case form: only 法制审核 records of type 重大行政执法决定 are offered; identifiers normalised."""

from fazhi.core.forms import LedgerForm
from fazhi.core.validators import normalize_credit_code, normalize_id_number, normalize_phone
from fazhi.decisions.choices import ReviewType


class CaseForm(LedgerForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "legal_review" in self.fields:
            field = self.fields["legal_review"]
            field.queryset = field.queryset.filter(review_type=ReviewType.MAJOR_ENFORCEMENT)

    def clean(self):
        data = super().clean()
        for name, normalise in (
            ("party_id_number", normalize_id_number),
            ("party_credit_code", normalize_credit_code),
            ("party_phone", normalize_phone),
        ):
            if data.get(name):
                data[name] = normalise(data[name])
                setattr(self.instance, name, data[name])
        return data
