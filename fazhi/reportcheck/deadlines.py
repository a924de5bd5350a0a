"""The two dates a report is judged by (domain.md §5): submitted by 1 March and published by 1 April
of the year after its year. Judged when the text is checked, and judged again — on the stored result,
without reading the file — when a reviewer enters the publication date and URL by hand."""

from __future__ import annotations

import datetime as dt

from fazhi.reportcheck.result import CheckResult, Deadline
from fazhi.reportcheck.years import publication_due


def submission_due(year: int) -> dt.date:
    return dt.date(year + 1, 3, 1)


def _late(date: dt.date | None, due: dt.date) -> tuple[bool | None, int | None]:
    if date is None:
        return None, None
    days = (date - due).days
    return days <= 0, max(days, 0)


def judge(result: CheckResult, year: int | None = None, *, published_on=None, url: str = "") -> None:
    """Judge `result`'s date and publication against the deadlines of `year` (default: the text's).

    A publication date entered by the reviewer takes the place of the one read from the text."""
    year = year or result.year
    pub = result.publication
    if published_on is not None:
        pub.date, pub.source = published_on, "reviewer"
    if url:
        pub.url = url
    if year is None:
        return
    pub.due = publication_due(year)
    pub.on_time, pub.days_late = _late(pub.date, pub.due)
    result.deadline = Deadline(due=submission_due(year))
    result.deadline.on_time, result.deadline.days_late = _late(result.date, result.deadline.due)


def judge_stored(result: dict, *, year: int | None, published_on: dt.date | None, url: str) -> dict:
    """The stored result (JSON) judged again with the reviewer's publication date and URL; without a
    date entered, the one read from the text (if any) counts again."""
    out = dict(result or {})
    year = year or out.get("year")
    publication = {"date": None, "url": "", "due": None, "on_time": None, "days_late": None}
    publication.update(out.get("publication") or {})
    text_date = publication.get("text_date")
    if text_date is None and publication.get("source") != "reviewer":
        text_date = publication.get("date")
    if published_on is not None:
        date, source = published_on, "reviewer"
    else:
        date = dt.date.fromisoformat(text_date) if text_date else None
        source = "text" if date else None
    publication.update(date=date.isoformat() if date else None, url=url, source=source, text_date=text_date)
    if year:
        due = publication_due(int(year))
        on_time, late = _late(date, due)
        publication.update(due=due.isoformat(), on_time=on_time, days_late=late)
        deadline = submission_due(int(year))
        stated = dt.date.fromisoformat(out["date"]) if out.get("date") else None
        on_time, late = _late(stated, deadline)
        out["deadline"] = {"due": deadline.isoformat(), "on_time": on_time, "days_late": late}
    out["publication"] = publication
    return out
