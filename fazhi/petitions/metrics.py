"""Figures of 信访 (domain.md §2.4): leader receptions (次 and 人次); petitions received, accepted and
replied on time, by 收到 date, judged as of 数据截至."""

from django.db.models import Q

from fazhi.metrics import display, phrases
from fazhi.metrics.phrases import NOT_SEP, PEOPLE_TIMES, TIMES, Phrase
from fazhi.metrics.registry import Count, Ratio, register

from .choices import PetitionStatus

PET = "petitions"

register(
    Count(
        id="receptions.count",
        label="领导接访下访",
        definition="日期在统计期内、未作废的领导接访、下访、约访、包案次数。",
        unit="次",
        ledger="leader-receptions",
    ),
    Count(
        id="receptions.people",
        label="领导接访下访接待群众",
        definition="日期在统计期内、未作废的领导接访下访所登记的接待群众人数之和（人次，同一人多次计多次）。",
        unit="人次",
        style=display.APPROX,
        ledger="leader-receptions",
        sum_field="people_count",
    ),
    Count(
        id="petitions.received",
        label="受理登记信访事项",
        definition="收到日期在统计期内、未作废的信访事项件数（含重复信访）。",
        unit="件",
        ledger=PET,
    ),
    Count(
        id="petitions.collective",
        label="集体访",
        definition="收到日期在统计期内、未作废、信访人数5人以上的信访事项件数。",
        unit="件",
        ledger=PET,
        where=Q(is_collective=True),
    ),
    Count(
        id="petitions.accepted",
        label="依法受理信访事项",
        definition="统计期内收到的信访事项中，截至数据截至日已决定受理（不含不予受理）的件数。",
        unit="件",
        ledger=PET,
        where=lambda p: (
            Q(accepted_on__isnull=False, accepted_on__lte=p.as_of) & ~Q(status=PetitionStatus.REJECTED)
        ),
    ),
    Count(
        id="petitions.replied",
        label="答复信访事项",
        definition="统计期内收到的信访事项中，截至数据截至日已作出答复的件数。",
        unit="件",
        ledger=PET,
        where=lambda p: Q(replied_on__isnull=False, replied_on__lte=p.as_of),
    ),
    Count(
        id="petitions.replied_on_time",
        label="按期答复信访事项",
        definition="已答复信访事项中，在答复期限（含经批准的延期）内答复的件数。",
        unit="件",
        ledger=PET,
        where=lambda p: Q(replied_on__isnull=False, replied_on__lte=p.as_of, reply_on_time=True),
    ),
    Ratio(
        id="petitions.reply_on_time_rate",
        label="信访事项按期答复率",
        definition="按期答复信访事项 ÷ 答复信访事项。",
        numerator="petitions.replied_on_time",
        denominator="petitions.replied",
    ),
)

# How reports word these figures (fazhi.metrics.phrases): the drafter writes `say`, the check reads both.
phrases.register(
    Phrase("petitions.received", say="受理信访事项"),
    Phrase(
        "petitions.received",
        lead=rf"(?:受理|收到|登记|接待){NOT_SEP}{{0,4}}信访(?:事项|件)?$",
        units=("件", "件次", "批次"),
    ),
    Phrase("petitions.collective", say="集体访", part_of="petitions.received"),
    Phrase("petitions.reply_on_time_rate", say="按期答复率", follows="petitions.received"),
    Phrase("petitions.reply_on_time_rate", lead=r"(?:按期|按时)?(?:答复|办结)率$", context=r"信访"),
    Phrase("receptions.count", say="领导干部接访下访"),
    Phrase("receptions.count", lead=rf"(?:领导)?(?:接访|下访|接访下访){NOT_SEP}{{0,4}}$", units=TIMES),
    Phrase("receptions.people", say="接待群众", lead=r"接待(?:来访)?群众$", units=PEOPLE_TIMES),
)
