"""Words a report uses for its own organisation, from the kind of township: a 乡 says 我乡/全乡, a 镇
我镇/全镇, a 街道 我街道/全街道 and names its 党工委 and 办事处 instead of 党委 and 政府. A district
(the district's own report) says 我区/全区 and speaks of its townships as 各镇（街道）."""

from fazhi.orgs.models import Organisation, OrgKind


def township_kind(township: Organisation) -> str:
    """乡, 镇 or 街道, read from the name (a name without either suffix reads as 镇)."""
    name = township.name or ""
    if name.endswith("街道") or name.endswith("街道办事处"):
        return "街道"
    if name.endswith("乡"):
        return "乡"
    return "镇"


def townships_word(townships) -> str:
    """How a district names its townships together: 乡镇（街道）, 镇（街道）, 镇, 街道 — as they are."""
    kinds = {township_kind(t) for t in townships}
    rural = "乡镇" if "乡" in kinds else ("镇" if "镇" in kinds or not kinds else "")
    if "街道" not in kinds:
        return rural
    return f"{rural}（街道）" if rural else "街道"


def district_words(district: Organisation, townships) -> dict[str, str]:
    """Format keys for a district's own report; {towns} is how it names its townships (镇（街道）)."""
    return {
        "we": "我区",
        "whole": "全区",
        "organs": "区委、区政府",
        "leaders": "区委、区政府主要负责人",
        "towns": townships_word(townships),
    }


def words(township: Organisation) -> dict[str, str]:
    """Format keys for the report templates: {we} 我镇, {whole} 全镇, {organs} 党委、政府, {leaders}."""
    if township.kind == OrgKind.DISTRICT:
        return district_words(township, Organisation.objects.townships().filter(parent=township))
    kind = township_kind(township)
    if kind == "街道":
        return {
            "we": "我街道",
            "whole": "全街道",
            "organs": "党工委、办事处",
            "leaders": "街道党工委书记、办事处主任",
        }
    return {
        "we": f"我{kind}",
        "whole": f"全{kind}",
        "organs": "党委、政府",
        "leaders": f"{kind}党委书记、{kind}长",
    }
