"""Signals to chain partners and the register of provisions (issue 11, LAW-12).

Only on a concrete ground (serious organised crime, attack risk) a lead of the case drafts a
signal from an *issued* product to a registered recipient, under a Wpg article the provisions
policy allows for that recipient type, with the purpose, the concrete ground and the minimal
items provided: each item is one footnoted fact of the product, chosen explicitly and traced to
its registration. A second lead (not the drafter) approves; an article that needs the agreement
of the competent authority cannot be approved or sent without its reference. Marking it sent
writes the provision record. The product itself is never attached or provided: the letter holds
the items only, and every item is re-read under the reader's guard (never a registration the
approver or sender may not see).
"""

from __future__ import annotations

import json
import secrets
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from raffinaderij.errors import Denied, NotFound, RaffError
from raffinaderij.guard.provisions import provisions
from raffinaderij.guard.session import Guard
from raffinaderij.guard.withheld import withheld
from raffinaderij.retention.purge import TOMBSTONE_PREFIX
from raffinaderij.services.products import _open
from raffinaderij.services.registry import service
from raffinaderij.store.db import Store
from raffinaderij.store.queries import link_types

__all__ = [
    "Item",
    "Notification",
    "Provision",
    "Recipient",
    "SignalView",
    "approve_signal",
    "draft_signal",
    "list_recipients",
    "list_signals",
    "provisions_register",
    "record_agreement",
    "register_recipient",
    "send_signal",
    "signal_letter",
    "signal_view",
]

RECIPIENT_REGISTRARS = ("privacy_officer", "admin")


@dataclass(frozen=True)
class Recipient:
    recipient_id: str
    organisation: str
    kind: str
    active: bool


@dataclass(frozen=True)
class Item:
    no: int
    prop: str
    value: str | None
    reg_key: str | None
    source: str | None = None
    legal_basis: int | None = None
    first_processed: date | None = None
    redacted: str | None = None
    destroyed_on: date | None = None  # a destroyed registration's item: when and why
    destroyed_why: str | None = None


@dataclass(frozen=True)
class Notification:
    """Wpg 28: the recipient of a provision is to be told that a registration it held items of
    was rectified or destroyed (no value, no registration key)."""

    notification_id: str
    provision_id: str
    organisation: str
    kind: str  # 'rectified' | 'destroyed'
    props: list[str]
    made_by: str
    made_at: datetime


def notifications(store: Store, *, signal_id: str | None = None) -> list[Notification]:
    """The Wpg 28 notifications, of one signal's provision or of all (no police data); read by
    the services that show them (signal_view, supervisor_report)."""
    where, params = ("WHERE signal_id = ?", [signal_id]) if signal_id else ("", [])
    rows = store.query(
        "SELECT notification_id, provision_id, organisation, kind, props, made_by, made_at"
        f" FROM provision_notifications {where} ORDER BY made_at, notification_id",
        params,
    )
    return [Notification(*r) for r in rows]


@dataclass(frozen=True)
class SignalView:
    signal_id: str
    case_id: str
    product_id: str
    product_version: int
    recipient: Recipient
    article: str
    conditions: list[str]
    purpose: str
    ground: str
    ground_facts: str
    agreement: str | None
    drafted_by: str
    drafted_at: datetime
    approved_by: str | None
    approved_at: datetime | None
    sent_by: str | None
    sent_at: datetime | None
    items: list[Item] = field(default_factory=list)
    reader: str = ""
    rendered_at: datetime | None = None
    notifications: list[Notification] = field(default_factory=list)  # Wpg 28, once sent

    @property
    def state(self) -> str:
        return "sent" if self.sent_at else "approved" if self.approved_at else "draft"


@dataclass(frozen=True)
class Provision:
    provision_id: str
    signal_id: str
    case_id: str
    organisation: str
    recipient_kind: str
    article: str
    purpose: str
    ground: str
    agreement: str | None
    items: list[dict[str, str]]
    drafted_by: str
    approved_by: str
    sent_by: str
    provided_at: datetime


# -- the register of recipients -------------------------------------------------------------
@service("register_recipient", action="alter", needs_case=False, roles=RECIPIENT_REGISTRARS)
def register_recipient(guard: Guard, *, organisation: str, kind: str) -> Recipient:
    """Register a chain partner of a type the provisions policy knows (deny by default)."""
    if kind not in provisions().recipient_types:
        known = ", ".join(sorted(provisions().recipient_types))
        raise RaffError(f"unknown recipient type {kind!r}; the provisions policy knows: {known}")
    organisation = organisation.strip()
    if len(organisation) < 2:
        raise RaffError("name the organisation")
    rid = "r" + secrets.token_hex(6)
    with guard.store.transaction() as tx:
        tx.execute(
            "INSERT INTO recipients VALUES (?,?,?,?,?,true)",
            [rid, organisation, kind, guard.user.username, guard.now()],
        )
    return Recipient(rid, organisation, kind, True)


@service("list_recipients", action="consult", needs_case=False)
def list_recipients(guard: Guard) -> list[Recipient]:
    """The chain partners a signal may go to (no police data)."""
    rows = guard.store.query(
        "SELECT recipient_id, organisation, kind, active FROM recipients ORDER BY organisation"
    )
    return [Recipient(*r) for r in rows]


def _recipient(guard: Guard, recipient_id: str) -> Recipient:
    rows = guard.store.query(
        "SELECT recipient_id, organisation, kind, active FROM recipients WHERE recipient_id = ?",
        [recipient_id],
    )
    if not rows or not rows[0][3]:
        raise NotFound(f"no active recipient {recipient_id!r}")
    return Recipient(*rows[0])


# -- signals --------------------------------------------------------------------------------
def _items(guard: Guard, signal_id: str) -> list[Item]:
    """The items re-read under this session's guard; what it may not see is redacted."""
    rows = guard.relations("search").query(
        guard.store,
        """
        SELECT i.item_no, i.prop, i.reg_key, s.value, s.source, s.legal_basis, s.first_processed,
               CAST(i.destroyed_at AS DATE), i.destroyed_why
        FROM items i
        LEFT JOIN scoped_statements s
          ON s.reg_key = i.reg_key AND s.entity_key = i.entity_key AND s.prop = i.prop
         AND sha256(s.value) = i.value_hash
        QUALIFY row_number() OVER (PARTITION BY i.item_no ORDER BY s.source) = 1
        ORDER BY i.item_no
        """,
        {"sid": signal_id},
        "items AS (SELECT * FROM signal_items WHERE signal_id = $sid)",
    )
    reasons = withheld(guard, [r[2] for r in rows if r[3] is None and r[2] is not None])
    out = []
    for no, prop, reg_key, value, source, basis, first, destroyed_on, why in rows:
        if destroyed_on is not None:
            out.append(Item(no, prop, None, None, None, None, None, "destroyed", destroyed_on, why))
        elif value is None:
            out.append(Item(no, prop, None, None, redacted=reasons.get(reg_key, "altered")))
        else:
            out.append(Item(no, prop, value, reg_key, source, basis, first))
    return out


def _load(guard: Guard, signal_id: str) -> SignalView:
    """A signal of the active case, for its leads only; hidden answers like missing."""
    case = guard.require_case()
    missing = NotFound(f"no signal {signal_id!r} in this case")
    if case.members.get(guard.user.username) != "lead":
        raise missing
    rows = guard.store.query(
        "SELECT signal_id, case_id, product_id, product_version, recipient_id, article, purpose,"
        " ground, ground_facts, agreement, drafted_by, drafted_at, approved_by, approved_at,"
        " sent_by, sent_at FROM signals WHERE signal_id = ? AND case_id = ?",
        [signal_id, case.case_id],
    )
    if not rows:
        raise missing
    r = rows[0]
    try:  # the lead must still open the product the signal rests on (its level)
        _open(guard, r[2], r[3])
    except NotFound:
        raise missing from None
    rcp = guard.store.query(
        "SELECT recipient_id, organisation, kind, active FROM recipients WHERE recipient_id = ?",
        [r[4]],
    )[0]
    recipient = Recipient(*rcp)
    conditions = list(provisions().article_conditions(recipient.kind, r[5]))
    return SignalView(
        signal_id=r[0],
        case_id=r[1],
        product_id=r[2],
        product_version=r[3],
        recipient=recipient,
        article=r[5],
        conditions=conditions,
        purpose=r[6],
        ground=r[7],
        ground_facts=r[8],
        agreement=r[9],
        drafted_by=r[10],
        drafted_at=r[11],
        approved_by=r[12],
        approved_at=r[13],
        sent_by=r[14],
        sent_at=r[15],
        items=_items(guard, signal_id),
        reader=f"{guard.user.display_name} ({guard.user.username})",
        rendered_at=guard.now(),
        notifications=notifications(guard.store, signal_id=signal_id),
    )


def _check_conditions(view: SignalView) -> None:
    """The article's conditions (policy file), e.g. agreement of the competent authority."""
    if "agreement" in view.conditions and not (view.agreement or "").strip():
        raise Denied(
            f"{view.article} needs the agreement of the competent authority: record its"
            " reference before this signal is approved or sent"
        )


def _all_visible(view: SignalView, who: str) -> None:
    hidden = [i.no for i in view.items if i.redacted]
    if hidden:
        raise Denied(
            f"items {hidden} rest on registrations the {who} may not see (or that left"
            " analysis); a signal never provides what its approver and sender cannot see"
        )


@service("draft_signal", action="alter")
def draft_signal(
    guard: Guard,
    *,
    product_id: str,
    recipient_id: str,
    article: str,
    purpose: str,
    ground: str,
    ground_facts: str,
    fact_nos: list[int],
    agreement: str | None = None,
) -> SignalView:
    """A lead drafts a signal from an issued product with the minimal items, each a footnoted
    fact of the product chosen by its number."""
    case = guard.require_case_lead()
    row = _open(guard, product_id)
    if row[8] not in ("issued", "actioned"):
        raise Denied(
            f"version {row[1]} of this product is {row[8]}; a signal needs an issued product"
        )
    recipient = _recipient(guard, recipient_id)
    provisions().article_conditions(recipient.kind, article)  # denies an article not allowed
    if ground not in provisions().grounds:
        raise Denied(
            f"a signal needs a concrete ground: one of {', '.join(sorted(provisions().grounds))}"
        )
    for name, value in (("purpose", purpose), ("concrete ground", ground_facts)):
        if len((value or "").strip()) < 10:
            raise RaffError(f"state the {name} (at least 10 characters)")
    chosen = sorted(set(fact_nos))
    if not chosen:
        raise RaffError("choose the items to provide: at least one fact of the product")
    facts = guard.store.query(
        "SELECT fact_no, reg_key, entity_key, prop, value_hash FROM product_facts"
        " WHERE product_id = ? AND version = ? AND list_contains(?, fact_no) ORDER BY fact_no",
        [product_id, row[1], chosen],
    )
    unknown = sorted(set(chosen) - {f[0] for f in facts})
    if unknown:
        raise RaffError(f"the product has no facts numbered {unknown}")
    links = sorted(f[0] for f in facts if f[3] in link_types())
    if links:
        # a link's stored value is its other end's record key: provide the ends' values instead
        raise RaffError(
            f"facts {links} are links of a chart, not items; choose the values of their ends"
        )
    signal_id = "s" + secrets.token_hex(10)
    with guard.store.transaction() as tx:
        tx.execute(
            "INSERT INTO signals VALUES (?,?,?,?,?,?,?,?,?,?,?,?,NULL,NULL,NULL,NULL)",
            [
                signal_id,
                case.case_id,
                product_id,
                row[1],
                recipient_id,
                article,
                purpose.strip(),
                ground,
                ground_facts.strip(),
                (agreement or "").strip() or None,
                guard.user.username,
                guard.now(),
            ],
        )
        tx.executemany(
            "INSERT INTO signal_items (signal_id, item_no, fact_no, reg_key, entity_key, prop,"
            " value_hash) VALUES (?,?,?,?,?,?,?)",
            [[signal_id, n, *f] for n, f in enumerate(facts, 1)],
        )
    view = _load(guard, signal_id)
    try:
        _all_visible(view, "drafter")
    except Denied:
        with guard.store.transaction() as tx:
            tx.execute("DELETE FROM signal_items WHERE signal_id = ?", [signal_id])
            tx.execute("DELETE FROM signals WHERE signal_id = ?", [signal_id])
        raise
    guard.returned({i.reg_key for i in view.items if i.reg_key})
    return view


@service("record_agreement", action="alter")
def record_agreement(guard: Guard, *, signal_id: str, agreement: str) -> SignalView:
    """Record the competent authority's agreement (its reference) on a signal not yet sent."""
    guard.require_case_lead()
    view = _load(guard, signal_id)
    if view.sent_at:
        raise Denied("this signal was sent; its record does not change")
    if len(agreement.strip()) < 3:
        raise RaffError("give the reference of the agreement")
    guard.store.query(
        "UPDATE signals SET agreement = ? WHERE signal_id = ?", [agreement.strip(), signal_id]
    )
    return _load(guard, signal_id)


@service("approve_signal", action="alter")
def approve_signal(guard: Guard, *, signal_id: str) -> SignalView:
    """A second lead, not the drafter, approves; they must see every item themselves."""
    guard.require_case_lead()
    view = _load(guard, signal_id)
    if view.approved_at:
        raise RaffError("this signal is already approved")
    if view.drafted_by == guard.user.username:
        raise Denied("a second person approves: you drafted this signal yourself")
    _check_conditions(view)
    _all_visible(view, "approver")
    guard.store.query(
        "UPDATE signals SET approved_by = ?, approved_at = ? WHERE signal_id = ?",
        [guard.user.username, guard.now(), signal_id],
    )
    guard.returned({i.reg_key for i in view.items if i.reg_key})
    return _load(guard, signal_id)


@service("send_signal", action="disclose")
def send_signal(guard: Guard, *, signal_id: str) -> Provision:
    """Mark an approved signal sent: this writes the provision record (the Wpg register)."""
    guard.require_case_lead()
    view = _load(guard, signal_id)
    if not view.approved_at or not view.approved_by:
        raise Denied("a signal is sent only after a second lead approved it")
    if view.sent_at:
        raise RaffError("this signal was already sent")
    _check_conditions(view)
    _all_visible(view, "sender")
    items = [{"prop": i.prop, "reg_key": str(i.reg_key)} for i in view.items]
    reg_keys = sorted({str(i.reg_key) for i in view.items})
    provision_id, now = "v" + secrets.token_hex(10), guard.now()
    with guard.store.transaction() as tx:
        tx.execute(
            "UPDATE signals SET sent_by = ?, sent_at = ? WHERE signal_id = ?",
            [guard.user.username, now, signal_id],
        )
        tx.execute(
            "INSERT INTO provisions VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
            [
                provision_id,
                signal_id,
                view.case_id,
                view.recipient.recipient_id,
                view.recipient.organisation,
                view.recipient.kind,
                view.article,
                view.purpose,
                view.ground,
                view.agreement,
                json.dumps(items),
                reg_keys,
                view.drafted_by,
                view.approved_by,
                guard.user.username,
                now,
            ],
        )
    guard.returned(reg_keys)
    guard.note(recipient=view.recipient.organisation, article=view.article, items=len(items))
    return Provision(
        provision_id,
        signal_id,
        view.case_id,
        view.recipient.organisation,
        view.recipient.kind,
        view.article,
        view.purpose,
        view.ground,
        view.agreement,
        items,
        view.drafted_by,
        view.approved_by,
        guard.user.username,
        now,
    )


@service("signal_view", action="consult")
def signal_view(guard: Guard, *, signal_id: str) -> SignalView:
    """A signal with its items as this lead may see them."""
    view = _load(guard, signal_id)
    guard.returned({i.reg_key for i in view.items if i.reg_key})
    return view


@service("signal_letter", action="consult")
def signal_letter(guard: Guard, *, signal_id: str) -> SignalView:
    """The letter of an approved signal: the items only, never the product; every item must be
    visible to the reader."""
    view = _load(guard, signal_id)
    if not view.approved_at:
        raise Denied("the letter is made only after a second lead approved the signal")
    _all_visible(view, "reader")
    guard.returned({i.reg_key for i in view.items if i.reg_key})
    return view


@service("list_signals", action="consult")
def list_signals(guard: Guard) -> list[dict[str, Any]]:
    """Signals of the active case, for its leads (no items: open one to see them)."""
    case = guard.require_case()
    if case.members.get(guard.user.username) != "lead":
        return []
    rows = guard.store.query(
        "SELECT s.signal_id, s.product_id, s.product_version, r.organisation, s.article,"
        " s.drafted_by, s.approved_by, s.sent_at, v.level FROM signals s"
        " JOIN recipients r USING (recipient_id)"
        " JOIN product_versions v ON v.product_id = s.product_id AND v.version = s.product_version"
        " WHERE s.case_id = ? AND v.level <= ? ORDER BY s.drafted_at DESC",
        [case.case_id, guard.user.level],
    )
    keys = ("signal_id", "product_id", "product_version", "organisation", "article")
    return [
        dict(zip(keys, r[:5], strict=True))
        | {"drafted_by": r[5], "approved_by": r[6], "sent_at": r[7]}
        for r in rows
    ]


@service(
    "provisions_register",
    action="consult",
    needs_case=False,
    roles=("privacy_officer", "supervisor", "auditor"),
)
def provisions_register(guard: Guard, *, limit: int = 1000) -> list[Provision]:
    """The Wpg register of provisions, for the privacy officer and the supervisor: recipient,
    article, purpose, items (property and registration; never values), approver, date."""
    rows = guard.store.query(
        "SELECT provision_id, signal_id, case_id, organisation, recipient_kind, article, purpose,"
        " ground, agreement, items, drafted_by, approved_by, sent_by, provided_at, reg_keys"
        f" FROM provisions ORDER BY provided_at DESC, provision_id LIMIT {int(limit)}"
    )
    guard.returned({k for r in rows for k in r[14] if not k.startswith(TOMBSTONE_PREFIX)})
    return [
        Provision(
            r[0],
            r[1],
            r[2],
            r[3],
            r[4],
            r[5],
            r[6],
            r[7],
            r[8],
            json.loads(r[9]),
            r[10],
            r[11],
            r[12],
            r[13],
        )
        for r in rows
    ]
