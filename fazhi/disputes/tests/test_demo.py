"""The disputes demo takes the parties' addresses from the township it builds for, as the organisation tree
names its villages (no copy of the demo district's village list in this app)."""

import random
import re
from datetime import date
from pathlib import Path

from fazhi.disputes import demo
from fazhi.disputes.models import DisputeParty


def test_party_addresses_name_the_townships_own_villages(cast):
    demo.build(cast.b, cast.clerk_b, random.Random(3), date(2025, 1, 1), date(2025, 4, 30))
    addresses = list(DisputeParty.objects.filter(dispute__township=cast.b).values_list("address", flat=True))
    assert len(addresses) >= 10
    place = f"{cast.district.name}{cast.b.name}{cast.b1.name}"
    assert all(re.fullmatch(rf"{place}[1-5]组\d+号", a) for a in addresses), addresses[:3]


def test_the_app_keeps_no_copy_of_the_demo_villages():
    assert not hasattr(demo, "ADDRESS_VILLAGES")
    assert "fazhi.demo" not in Path(demo.__file__).read_text(encoding="utf-8")
