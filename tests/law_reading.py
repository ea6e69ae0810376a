"""LAW.md read directly, in plain Python: what may a session see of a record? The oracle of the
predicate property test and of the generated leak matrix (never the guard's own SQL)."""

from __future__ import annotations

from datetime import datetime, timedelta

from raffinaderij.guard.policy import Policy


def allowed(rec: dict, *, mode: str, level: int, case_id: str, covert_ok: tuple[str, ...],
            closed: dict[str, int | None], p: Policy, now: datetime,
            basis_of: dict[str, int]) -> bool:  # fmt: skip
    """LAW.md read directly: what may this session see of this record?"""
    if rec["level"] > level or rec["confidentiality"] in p.confidential_codes:
        return False
    if rec["blocked"] or rec["stage"] != "active":
        return False
    if rec["covert"] is not None and rec["covert"] not in covert_ok:
        return False
    first = (now - timedelta(days=rec["age"])).date()
    basis = rec["basis"]

    def young(days: int | None) -> bool:
        return first > (now - timedelta(days=days or 0)).date()

    def case_in_term(cid: str | None) -> bool:
        if cid is None:
            return False
        ago = closed[cid]
        after = p.bases[basis_of[cid]].analysis_after_close_days or 0
        return ago is None or ago < after

    if mode == "search":
        if basis in (8, 13):
            return bool(p.bases[basis].search_days) and young(p.bases[basis].search_days)
        return basis == basis_of[case_id] and rec["case"] == case_id and case_in_term(case_id)
    if basis not in p.compare_scope[basis_of[case_id]]:
        return False
    if basis in (8, 13):
        return young(p.bases[basis].analysis_days)
    return basis_of.get(rec["case"] or "") == basis and case_in_term(rec["case"])
