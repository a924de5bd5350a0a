"""The hash chain over the audit log: each row's hash covers its fields and the previous row's hash."""

import hashlib
import json

GENESIS = "0" * 64


def row_digest(prev_hash: str, row: dict) -> str:
    """SHA-256 of the previous hash and the row's audited fields, in a fixed canonical form."""
    at = row["at"]
    payload = json.dumps(
        [
            prev_hash,
            at.isoformat(timespec="microseconds"),
            row["user_id"],
            row["username"],
            row["action"],
            row["object_type"],
            row["object_id"],
            row["object_label"],
            row["detail"],
            row["ip_address"] or "",
        ],
        ensure_ascii=False,
        separators=(",", ":"),
    )
    return hashlib.sha256(payload.encode()).hexdigest()


FIELDS = [
    "pk",
    "at",
    "user_id",
    "username",
    "action",
    "object_type",
    "object_id",
    "object_label",
    "detail",
    "ip_address",
    "prev_hash",
    "row_hash",
]


def first_broken(rows) -> tuple[int, str] | None:
    """(row id, reason) of the first row that breaks the chain, or None when every link holds.

    The first row's prev_hash is taken as the anchor, so a log whose oldest rows were purged after the
    retention period still verifies.
    """
    expected_prev = None
    for row in rows:
        if expected_prev is not None and row["prev_hash"] != expected_prev:
            return row["pk"], "与上一条记录的链接不符（记录被删除或插入）"
        if row_digest(row["prev_hash"], row) != row["row_hash"]:
            return row["pk"], "记录内容与其哈希不符（记录被修改）"
        expected_prev = row["row_hash"]
    return None
