"""Mutated workbooks: the importer imports exactly the valid file or refuses it, never crashes, never half-writes."""

from io import BytesIO

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook

from fazhi.core import ledgers
from fazhi.imports.importer import import_workbook
from tests.factories import valid_id

from .helpers import count, workbook

HEAD = ["编号", "村/社区", "受理日期", "来源", "化解层级", "纠纷类型", "纠纷概要"]
ROWS = [[str(i), "青山", f"2023-05-0{i}", "群众申请", "村", "邻里", f"第{i}起纠纷"] for i in range(1, 4)]
PARTIES = [[str(i), "申请人", "张三", valid_id(seq=i), "13812345678"] for i in range(1, 4)]
CELLS = st.one_of(
    st.none(),
    st.text(alphabet=st.characters(blacklist_categories=("Cc", "Cs")), max_size=12),
    st.integers(-5, 10**12),
    st.floats(allow_nan=True, allow_infinity=True),
    st.sampled_from(
        ["青山", "红星村", "2023.5.6", "=1/0", "#REF!", "邻里", "村", "500101198005170011", "清河镇"]
    ),
)


def _base() -> bytes:
    return workbook(
        {
            "矛盾纠纷": [HEAD, *ROWS],
            "当事人": [["编号", "身份", "姓名/名称", "身份证号", "联系电话"], *PARTIES],
        }
    )


BASE = (
    _base()
)  # once: a workbook saved later carries a different timestamp, and hypothesis needs stable draws


@st.composite
def mutated(draw):
    content = BASE
    kind = draw(st.sampled_from(["cell", "bytes", "truncate", "row", "none"]))
    if kind == "bytes":
        data = bytearray(content)
        for _ in range(draw(st.integers(1, 5))):
            i = draw(st.integers(0, len(data) - 1))
            data[i] = draw(st.integers(0, 255))
        return bytes(data), kind
    if kind == "truncate":
        return content[: draw(st.integers(0, len(content) - 1))], kind
    wb = load_workbook(BytesIO(content))
    sheet = wb[draw(st.sampled_from(["矛盾纠纷", "当事人"]))]
    if kind == "cell":
        for _ in range(draw(st.integers(1, 3))):
            row = draw(st.integers(1, 5))
            col = draw(st.integers(1, 7))
            sheet.cell(row=row, column=col, value=draw(CELLS))
    elif kind == "row":
        sheet.delete_rows(draw(st.integers(1, 4)))
    buf = BytesIO()
    wb.save(buf)
    return buf.getvalue(), kind


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(case=mutated())
def test_it_imports_all_or_nothing_whatever_the_workbook(cast, case):
    content, _ = case
    spec = ledgers.get("disputes")
    before = count(spec)
    result = import_workbook(spec=spec, township=cast.a, user=cast.clerk, content=content, filename="x.xlsx")
    after = count(spec)
    if result.errors or result.conflicts:
        assert after == before and not result.written
        assert all(e.message for e in result.errors)
    else:
        # Written exactly: the new records, each with its one party, and nothing else.
        assert result.written or result.created == 0
        assert after - before == 2 * result.created
        assert result.created + result.unchanged == result.total
    # Clean up between examples: the same cast is reused.
    from .helpers import wipe

    wipe(spec, cast.a)
