"""Words a report uses for its own organisation, from the kind of township: a 乡 says 我乡/全乡, a 镇
我镇/全镇, a 街道 我街道/全街道 and names its 党工委 and 办事处 instead of 党委 and 政府."""

from fazhi.orgs.models import Organisation


def township_kind(township: Organisation) -> str:
    """乡, 镇 or 街道, read from the name (a name without either suffix reads as 镇)."""
    name = township.name or ""
    if name.endswith("街道") or name.endswith("街道办事处"):
        return "街道"
    if name.endswith("乡"):
        return "乡"
    return "镇"


def words(township: Organisation) -> dict[str, str]:
    """Format keys for the report templates: {we} 我镇, {whole} 全镇, {organs} 党委、政府, {leaders}."""
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
