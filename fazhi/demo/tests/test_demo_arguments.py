"""`fazhi demo` refuses impossible sizes in Chinese and writes nothing."""

import pytest
from django.core.management import CommandError, call_command

from fazhi.orgs.models import Organisation


@pytest.mark.django_db
@pytest.mark.parametrize("args", [["--townships", "-1"], ["--years", "0"], ["--scale", "0"]])
def test_it_refuses_impossible_sizes(args):
    with pytest.raises(CommandError, match="乡镇数不能为负，年数和倍数至少为1"):
        call_command("demo", *args)
    assert not Organisation.objects.exists()


@pytest.mark.django_db
def test_it_refuses_to_scale_without_the_demo_township():
    from fazhi.demo.scale import build_scale

    with pytest.raises(RuntimeError, match="请先运行 fazhi demo"):
        build_scale(townships=1, years=1)
    assert not Organisation.objects.exists()
