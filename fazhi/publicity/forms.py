"""The study-session form: the plan items offered are those of plans the user may see."""

from fazhi.core.forms import LedgerForm

from .models import StudyPlan, StudyPlanItem


class StudySessionForm(LedgerForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "plan_item" in self.fields:
            plans = StudyPlan.objects.restrict(self.user, "view").active()
            self.fields["plan_item"].queryset = (
                StudyPlanItem.objects.filter(plan__in=plans)
                .select_related("plan")
                .order_by("-plan__year", "month", "pk")
            )
            self.fields["plan_item"].label_from_instance = lambda item: f"{item.plan.year}年 {item}"
