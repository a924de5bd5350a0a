"""The roles of domain.md §1 and what organisation level each is scoped to."""

from django.db import models


class Role(models.TextChoices):
    DISTRICT_REVIEWER = "district_reviewer", "区级督查"
    TOWNSHIP_LEADER = "township_leader", "乡镇领导"
    TOWNSHIP_CLERK = "township_clerk", "乡镇经办人"
    LEGAL_ADVISOR = "legal_advisor", "法律顾问"
    VILLAGE_CADRE = "village_cadre", "村干部"
    SYSADMIN = "sysadmin", "系统管理员"
    SECURITY_ADMIN = "security_admin", "安全管理员"
    AUDITOR = "auditor", "审计管理员"


# Which organisation kinds a role may be assigned to.
ROLE_ORG_KINDS = {
    Role.DISTRICT_REVIEWER: {"district"},
    Role.TOWNSHIP_LEADER: {"township"},
    Role.TOWNSHIP_CLERK: {"township"},
    Role.LEGAL_ADVISOR: {"township", "village"},
    Role.VILLAGE_CADRE: {"village"},
    Role.SYSADMIN: {"district"},
    Role.SECURITY_ADMIN: {"district"},
    Role.AUDITOR: {"district"},
}

# Roles that see business records at all. The three administrators never do (等保 separation of duties).
BUSINESS_ROLES = frozenset(
    {
        Role.DISTRICT_REVIEWER,
        Role.TOWNSHIP_LEADER,
        Role.TOWNSHIP_CLERK,
        Role.LEGAL_ADVISOR,
        Role.VILLAGE_CADRE,
    }
)

# 三员分立 (等保2.0): each of these is held alone — never two of them, never with a business role.
ADMIN_ROLES = frozenset({Role.SYSADMIN, Role.SECURITY_ADMIN, Role.AUDITOR})
