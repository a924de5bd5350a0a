"""Human-readable record numbers, e.g. 青山-纠纷-2024-0012: unique, never reused."""

from django.db import IntegrityError, transaction

from .models import NumberCounter


def next_number(*, township, short: str, ledger: str, year: int) -> str:
    """Take the next number for (township, ledger, year) inside the caller's transaction."""
    for _ in range(3):
        try:
            with transaction.atomic():
                counter, _ = NumberCounter.objects.select_for_update().get_or_create(
                    township=township, ledger=ledger, year=year
                )
                counter.last += 1
                counter.save(update_fields=["last"])
                return f"{township.label}-{short}-{year}-{counter.last:04d}"
        except IntegrityError:  # two first numbers of a year at once on PostgreSQL: retry
            continue
    raise RuntimeError("无法分配编号，请重试")


def reserve_numbers(*, township, short: str, ledger: str, year: int, count: int) -> list[str]:
    """Reserve a block of numbers at once (bulk imports and generated data)."""
    with transaction.atomic():
        counter, _ = NumberCounter.objects.select_for_update().get_or_create(
            township=township, ledger=ledger, year=year
        )
        first = counter.last + 1
        counter.last += count
        counter.save(update_fields=["last"])
    return [f"{township.label}-{short}-{year}-{n:04d}" for n in range(first, first + count)]
