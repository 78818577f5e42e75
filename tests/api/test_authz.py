#!/usr/bin/env python3
"""The authorisation matrix: every route of the API (read from
/api/v1/openapi.json) x every role (and no one) x inside and outside the
principal's scope, on one backend (argv[1]).  Each request is realistic
(ids of real organisations and members, bodies that would succeed for a
role allowed to send them) and must get EXACTLY the status of the
expectation table below, which is written out by hand from the policy
(src/core/policy.c and docs/security.md).  A route of the document without
an expectation fails the test: a new route must be added here.

Beyond the status:
- no body of an outside-scope request contains the name, citizen ID or
  code, nor (in its JSON) the id, of anything outside the principal's scope
  (collected first as admin);
- a refused write changes nothing (the targets read back as admin before
  and after are equal);
- the unfiltered lists (organisations, members, export, audit) of every
  role hold nothing outside its scope.

The demo's office, inspection and viewer accounts are granted at the root,
so nothing lies outside them: the matrix uses accounts made with the CLI
below the root (office@DBCS-VP, inspection@DBCS-HVDT, viewer@DBCS-BTG).
The secretary and member are the demo's (CB-VP-1); admin has no outside
(its "outside" requests go to another unit and succeed).
"""
import json
import sys

from apilib import (DEMO, TODAY, Client, Server, citizen_id, demo_db,
                    fields, members_all, new_member, orgs_all, problem, run,
                    run_tests, seq, sql, test)

ROLES = ["anonymous", "admin", "office", "inspection", "secretary", "member",
         "viewer", "secretary+contacts", "admin@unit"]

# The accounts of the matrix: (user name, password); made below the root
# for the roles the demo grants at the root.
EXTRA = {
    "office": ("office-vp", "matrix-office-2026", "office", "DBCS-VP"),
    "inspection": ("ubkt-hvdt", "matrix-inspection-2026", "inspection",
                   "DBCS-HVDT"),
    "viewer": ("xem-btg", "matrix-viewer-2026", "viewer", "DBCS-BTG"),
    # An administrator of one unit (issue 12): scoped like any role, so
    # its answers are the office's (its accounts are the command line's).
    "admin@unit": ("admin-vp", "matrix-admin-vp-2026", "admin", "DBCS-VP"),
}

# Inside and outside of each role: (unit, cell) codes.  The "unit" is the
# organisation new cells are made under (for roles scoped to one cell, the
# cell itself: they have no unit to make cells in).
PLACES = {
    "anonymous": (("DBCS-VP", "CB-VP-1"), ("DBCS-HVDT", "CB-HVDT-1")),
    "admin": (("DBCS-VP", "CB-VP-1"), ("DBCS-HVDT", "CB-HVDT-1")),
    "office": (("DBCS-VP", "CB-VP-1"), ("DBCS-HVDT", "CB-HVDT-1")),
    "inspection": (("DBCS-HVDT", "CB-HVDT-1"), ("DBCS-VP", "CB-VP-1")),
    "secretary": (("CB-VP-1", "CB-VP-1"), ("DBCS-VP", "CB-VP-2")),
    "member": (("CB-VP-1", "CB-VP-1"), ("DBCS-VP", "CB-VP-2")),
    "viewer": (("DBCS-BTG", "CB-BTG-1"), ("DBCS-VP", "CB-VP-1")),
    "secretary+contacts": (("CB-VP-1", "CB-VP-1"), ("DBCS-VP", "CB-VP-2")),
    "admin@unit": (("DBCS-VP", "CB-VP-1"), ("DBCS-HVDT", "CB-HVDT-1")),
}

# A second secretary of CB-VP-1 whose grant carries the option "contacts"
# (chibo user grant --allow contacts): everything as the secretary, but it
# may correct the phone and e-mail of its cell's members.
SC = "secretary+contacts"
SC_ACCOUNT = ("bithu-lienhe", "matrix-contacts-2026", "CB-VP-1")

# ------------------------------------------------------------ expectations
#
# (method, path) -> {role: (inside, outside)}.  Read it as the policy:
#   - admin (on the root: the demo's) may do everything everywhere; an
#     admin on one unit (admin@unit) only there, as the office does;
#   - office everything in its subtree;
#   - inspection reads everything in its subtree (exports and audit too),
#     writes nothing: 403 inside;
#   - secretary reads its cell (orgs, members in full, history); no export,
#     no audit, no writes;
#   - member reads its own record and history, and knows its own cell (its
#     record names it: the cell is listed and GET /orgs/{id} gives the
#     same record, without counts or children; 403 for what it may not
#     do there, e.g. its history or figures); any other organisation is
#     outside;
#   - viewer reads organisations and lists (masked), never a dossier,
#     history, export or audit;
#   - outside the scope: 404 for a path id, 400 (invalid_query,
#     org_not_found) for a query naming an organisation, 422 (field
#     org_not_found) for a body naming one: never 403, which would say
#     that it exists;
#   - roles that may never import, export or read the audit trail get 403
#     before anything in the request is looked at (inside or not);
#   - anonymous: 401 everywhere but the public routes.
# Besides, for every role but admin, the "missing" case (ids that exist
# nowhere) must get exactly the answer of the outside case.

A = "admin"
O = "office"
I = "inspection"  # noqa: E741
S = "secretary"
M = "member"
V = "viewer"
AU = "admin@unit"


def row(admin, office, inspection, secretary, member, viewer, anon=(401, 401),
        contacts=None):
    """contacts: the secretary with the option "contacts", when it differs
    from the secretary.  The admin of one unit answers as the office."""
    return {"anonymous": anon, A: admin, O: office, I: inspection,
            S: secretary, M: member, V: viewer,
            SC: contacts if contacts is not None else secretary,
            AU: office}


def same(status):
    return row(*[(status, status)] * 6, anon=(status, status))


EXPECT = {
    ("GET", "/healthz"): same(200),
    ("GET", "/metrics"): same(200),
    ("GET", "/api/v1/openapi.json"): same(200),
    ("POST", "/api/v1/session"):
        row((200, 200), (200, 200), (200, 200), (200, 200), (200, 200),
            (200, 200), anon=(401, 401)),
    ("GET", "/api/v1/session"):
        row((200, 200), (200, 200), (200, 200), (200, 200), (200, 200),
            (200, 200)),
    ("DELETE", "/api/v1/session"):
        row((204, 204), (204, 204), (204, 204), (204, 204), (204, 204),
            (204, 204)),
    #                 admin       office      inspection  secretary   member      viewer
    ("GET", "/api/v1/orgs"):
        row((200, 200), (200, 400), (200, 400), (200, 400), (200, 400), (200, 400)),
    ("POST", "/api/v1/orgs"):
        row((201, 201), (201, 422), (403, 422), (403, 422), (403, 422), (403, 422)),
    ("GET", "/api/v1/orgs/{id}"):
        row((200, 200), (200, 404), (200, 404), (200, 404), (200, 404), (200, 404)),
    ("PATCH", "/api/v1/orgs/{id}"):
        row((200, 200), (200, 404), (403, 404), (403, 404), (403, 404), (403, 404)),
    # (Scoped to one cell, the secretary and the member can only name an
    # outside cell to merge into: 422 for that field.)
    ("POST", "/api/v1/orgs/{id}/merge"):
        row((200, 200), (200, 404), (403, 404), (422, 404), (422, 404), (403, 404)),
    ("POST", "/api/v1/orgs/{id}/split"):
        row((200, 200), (200, 404), (403, 404), (403, 404), (403, 404), (403, 404)),
    ("GET", "/api/v1/orgs/{id}/history"):
        row((200, 200), (200, 404), (200, 404), (200, 404), (403, 404), (200, 404)),
    # Figures: whoever reads the organisation (viewers too); the member's
    # own cell alone is not a grant of it.
    ("GET", "/api/v1/orgs/{id}/stats"):
        row((200, 200), (200, 404), (200, 404), (200, 404), (403, 404), (200, 404)),
    # An organisation's leadership: read as the organisation, written by
    # whoever may write it.
    ("GET", "/api/v1/orgs/{id}/officers"):
        row((200, 200), (200, 404), (200, 404), (200, 404), (403, 404), (200, 404)),
    ("POST", "/api/v1/orgs/{id}/officers"):
        row((201, 201), (201, 404), (403, 404), (403, 404), (403, 404), (403, 404)),
    # The meetings check and its heat map (issue 13): figures and
    # findings, read as the organisation's figures (viewers too, without
    # member names); a member's own cell alone is not a grant of them.
    ("GET", "/api/v1/orgs/{id}/meetings/compliance"):
        row((200, 200), (200, 404), (200, 404), (200, 404), (403, 404), (200, 404)),
    ("GET", "/api/v1/checks/meetings"):
        row((200, 200), (200, 400), (200, 400), (200, 400), (403, 400), (200, 400)),
    # The inspection coverage check (issue 14): inspection.read on the
    # committee (a secretary: its cell, which has no subordinates);
    # members and viewers have no inspection right anywhere.
    ("GET", "/api/v1/checks/inspection"):
        row((200, 200), (200, 400), (200, 400), (200, 400), (403, 400), (403, 400)),
    ("GET", "/api/v1/checks/inspection/report.xlsx"):
        row((200, 200), (200, 400), (200, 400), (200, 400), (403, 400), (403, 400)),
    ("GET", "/api/v1/checks/inspection/report.pdf"):
        row((200, 200), (200, 400), (200, 400), (200, 400), (403, 400), (403, 400)),
    # The yearly classification report (issue 15): evaluation.read on
    # the organisation; members and viewers have none on an organisation.
    ("GET", "/api/v1/reports/classification"):
        row((200, 200), (200, 400), (200, 400), (200, 400), (403, 400), (403, 400)),
    # The dashboard (issue 15): dashboard.read on the organisation
    # (figures, no names: viewers too); a member has no dashboard.
    ("GET", "/api/v1/dashboard"):
        row((200, 200), (200, 400), (200, 400), (200, 400), (403, 400), (200, 400)),
    ("GET", "/api/v1/members"):
        row((200, 200), (200, 400), (200, 400), (200, 400), (200, 400), (200, 400)),
    # A list's count asked apart: the access of the list.
    ("GET", "/api/v1/members/count"):
        row((200, 200), (200, 400), (200, 400), (200, 400), (200, 400), (200, 400)),
    ("POST", "/api/v1/members"):
        row((201, 201), (201, 422), (403, 422), (403, 422), (403, 422), (403, 422)),
    ("POST", "/api/v1/members/import"):
        row((200, 200), (200, 422), (403, 403), (403, 403), (403, 403), (403, 403)),
    ("GET", "/api/v1/members/export"):
        row((200, 200), (200, 400), (200, 400), (403, 403), (403, 403), (403, 403)),
    ("GET", "/api/v1/members/{id}"):
        row((200, 200), (200, 404), (200, 404), (200, 404), (200, 404), (403, 404)),
    ("PATCH", "/api/v1/members/{id}"):
        row((200, 200), (200, 404), (403, 404), (403, 404), (403, 404), (403, 404)),
    # Contacts only: office, and a secretary whose grant has the option
    # (inside its cell); the plain secretary may not.  The option opens
    # nothing else (PATCH /members/{id} stays 403 for it).
    ("PATCH", "/api/v1/members/{id}/contacts"):
        row((200, 200), (200, 404), (403, 404), (403, 404), (403, 404), (403, 404),
            contacts=(200, 404)),
    ("DELETE", "/api/v1/members/{id}"):
        row((204, 204), (204, 404), (403, 404), (403, 404), (403, 404), (403, 404)),
    ("GET", "/api/v1/members/{id}/history"):
        row((200, 200), (200, 404), (200, 404), (200, 404), (200, 404), (403, 404)),
    ("POST", "/api/v1/members/{id}/events"):
        row((200, 200), (200, 404), (403, 404), (403, 404), (403, 404), (403, 404)),
    ("GET", "/api/v1/members/{id}/audit"):
        row((200, 200), (200, 404), (200, 404), (403, 404), (403, 404), (403, 404)),
    # The probation list: the access of the member list, but not for an
    # account that sees the roster only (the dates are the record's).
    ("GET", "/api/v1/members/probation"):
        row((200, 200), (200, 400), (200, 400), (200, 400), (200, 400), (403, 400)),
    ("GET", "/api/v1/rules"):
        row((200, 200), (200, 400), (200, 400), (200, 400), (200, 400), (200, 400)),
    ("POST", "/api/v1/rules/overrides"):
        row((201, 201), (201, 422), (403, 422), (403, 422), (403, 422), (403, 422)),
    # Cell meetings (issue 13): read by admin, office, inspection, the
    # secretary and the members of the cell; written by admin, office and
    # the secretary; the viewer and the roles that may never write are
    # refused at the edge (403 inside and out).  Outside: 404 for a path
    # id, 400 for the list's org, 422 for the body's org_id.
    ("GET", "/api/v1/meetings"):
        row((200, 200), (200, 400), (200, 400), (200, 400), (200, 400), (403, 403)),
    ("POST", "/api/v1/meetings"):
        row((201, 201), (201, 422), (403, 403), (201, 422), (403, 403), (403, 403)),
    ("GET", "/api/v1/meetings/{id}"):
        row((200, 200), (200, 404), (200, 404), (200, 404), (200, 404), (403, 403)),
    ("PATCH", "/api/v1/meetings/{id}"):
        row((200, 200), (200, 404), (403, 403), (200, 404), (403, 403), (403, 403)),
    ("POST", "/api/v1/meetings/{id}/cancel"):
        row((200, 200), (200, 404), (403, 403), (200, 404), (403, 403), (403, 403)),
    ("GET", "/api/v1/meetings/{id}/attendance"):
        row((200, 200), (200, 404), (200, 404), (200, 404), (200, 404), (403, 403)),
    ("PUT", "/api/v1/meetings/{id}/attendance/{member_id}"):
        row((200, 200), (200, 404), (403, 403), (200, 404), (403, 403), (403, 403)),
    # A meeting's votes and minutes (issue 13): read by whoever reads
    # meetings (a member its own cell's), written by who manages them;
    # the viewer reads no meeting, and roles that may never read or write
    # meetings are told so at the edge (403 outside too).  A sign-off
    # recorded from paper: an office or administrator; locking: who
    # manages the meeting (the minutes secretary too, not in the matrix).
    ("GET", "/api/v1/meetings/{id}/votes"):
        row((200, 200), (200, 404), (200, 404), (200, 404), (200, 404), (403, 403)),
    ("POST", "/api/v1/meetings/{id}/votes"):
        row((201, 201), (201, 404), (403, 403), (201, 404), (403, 403), (403, 403)),
    ("GET", "/api/v1/meetings/{id}/minutes"):
        row((200, 200), (200, 404), (200, 404), (200, 404), (200, 404), (403, 403)),
    ("PUT", "/api/v1/meetings/{id}/minutes"):
        row((200, 200), (200, 404), (403, 403), (200, 404), (403, 403), (403, 403)),
    ("POST", "/api/v1/meetings/{id}/minutes/approve"):
        row((200, 200), (200, 404), (403, 404), (403, 404), (403, 404), (403, 403)),
    ("POST", "/api/v1/meetings/{id}/minutes/lock"):
        row((200, 200), (200, 404), (403, 404), (200, 404), (403, 404), (403, 403)),
    ("GET", "/api/v1/meetings/{id}/minutes/corrections"):
        row((200, 200), (200, 404), (200, 404), (200, 404), (200, 404), (403, 403)),
    ("POST", "/api/v1/meetings/{id}/minutes/corrections"):
        row((201, 201), (201, 404), (403, 403), (201, 404), (403, 403), (403, 403)),
    ("POST", "/api/v1/meetings/{id}/roll"):
        row((201, 201), (201, 404), (403, 403), (201, 404), (403, 403), (403, 403)),
    ("GET", "/api/v1/audit"):
        row((200, 200), (200, 400), (200, 400), (403, 403), (403, 403), (403, 403)),
    # The actions and their labels (a filter of the trail): no scope.
    ("GET", "/api/v1/audit/actions"):
        row((200, 200), (200, 200), (200, 200), (403, 403), (403, 403), (403, 403)),
    # A meeting's materials, QR check-in, sign-in sheet (issue 13): the
    # cell's members read its materials; who may write meetings uploads,
    # deletes, draws the check-in code and imports the sheet (403 inside
    # for readers who may not); a principal that may read no meeting (the
    # viewer) finds none.  The check-in is the caller's own: only a member
    # on the meeting's roll (the secretary and the member of CB-VP-1; the
    # other accounts are no member's: 403 inside).
    ("GET", "/api/v1/meetings/{id}/materials"):
        row((200, 200), (200, 404), (200, 404), (200, 404), (200, 404), (404, 404)),
    ("POST", "/api/v1/meetings/{id}/materials"):
        row((201, 201), (201, 404), (403, 404), (201, 404), (403, 404), (404, 404)),
    ("GET", "/api/v1/meetings/{id}/materials/{material_id}"):
        row((200, 200), (200, 404), (200, 404), (200, 404), (200, 404), (404, 404)),
    ("DELETE", "/api/v1/meetings/{id}/materials/{material_id}"):
        row((204, 204), (204, 404), (403, 404), (204, 404), (403, 404), (404, 404)),
    ("GET", "/api/v1/meetings/{id}/checkin-code"):
        row((200, 200), (200, 404), (403, 404), (200, 404), (403, 404), (404, 404)),
    ("GET", "/api/v1/meetings/{id}/checkin-code.svg"):
        row((200, 200), (200, 404), (403, 404), (200, 404), (403, 404), (404, 404)),
    ("POST", "/api/v1/meetings/{id}/checkin"):
        row((403, 403), (403, 404), (403, 404), (200, 404), (200, 404), (404, 404),
            contacts=(403, 404)),
    ("POST", "/api/v1/meetings/{id}/attendance/import"):
        row((200, 200), (200, 404), (403, 404), (200, 404), (403, 404), (404, 404)),
    # A meeting's resolution, its tasks, its self-score: read by whoever
    # reads the meeting (meeting.read: not the viewer, who sees no meeting
    # at all: 404), written by whoever writes it (office, secretary); the
    # inspection and the member see it and are refused (403).
    ("GET", "/api/v1/meetings/{id}/resolution"):
        row((200, 200), (200, 404), (200, 404), (200, 404), (200, 404), (404, 404)),
    ("PUT", "/api/v1/meetings/{id}/resolution"):
        row((201, 201), (201, 404), (403, 404), (201, 404), (403, 404), (404, 404)),
    ("POST", "/api/v1/meetings/{id}/resolution/approve"):
        row((200, 200), (200, 404), (403, 404), (200, 404), (403, 404), (404, 404)),
    ("GET", "/api/v1/meetings/{id}/resolution/tasks"):
        row((200, 200), (200, 404), (200, 404), (200, 404), (200, 404), (404, 404)),
    ("POST", "/api/v1/meetings/{id}/resolution/tasks"):
        row((201, 201), (201, 404), (403, 404), (201, 404), (403, 404), (404, 404)),
    ("PATCH", "/api/v1/tasks/{id}"):
        row((200, 200), (200, 404), (403, 404), (200, 404), (403, 404), (404, 404)),
    # An organisation's tasks: the viewer sees the organisation but not
    # its meetings (403); a member's: the member its own.
    ("GET", "/api/v1/orgs/{id}/tasks"):
        row((200, 200), (200, 404), (200, 404), (200, 404), (200, 404), (403, 404)),
    ("GET", "/api/v1/members/{id}/tasks"):
        row((200, 200), (200, 404), (200, 404), (200, 404), (200, 404), (403, 404)),
    ("PUT", "/api/v1/meetings/{id}/score"):
        row((200, 200), (200, 404), (403, 404), (200, 404), (403, 404), (404, 404)),
    # A meeting's documents (h-meeting-docs.c): as the meeting is read
    # (the viewer refused at the edge, 403 inside and out).
    ("GET", "/api/v1/meetings/{id}/minutes.pdf"):
        row((200, 200), (200, 404), (200, 404), (200, 404), (200, 404), (403, 403)),
    ("GET", "/api/v1/meetings/{id}/resolution.pdf"):
        row((200, 200), (200, 404), (200, 404), (200, 404), (200, 404), (403, 403)),
    ("GET", "/api/v1/orgs/{id}/meetings.ics"):
        row((200, 200), (200, 404), (200, 404), (200, 404), (200, 404), (403, 403)),
    ("GET", "/api/v1/members/{id}/meetings.ics"):
        row((200, 200), (200, 404), (200, 404), (200, 404), (200, 404), (403, 403)),
    ("GET", "/api/v1/orgs/{id}/meetings/report.xlsx"):
        row((200, 200), (200, 404), (200, 404), (200, 404), (200, 404), (403, 403)),
    # Discipline cases (issue 14) are secret: only a grant with the
    # option "discipline" reads or records them (the demo's secretary of
    # CB-VP-1; the matrix's inspection account is given it below); every
    # other role is refused lists and writes at the edge (403) and finds
    # no single case (404), inside or out.  Outside: 404 for a path id,
    # 400 for the list's org, 422 for the body's member_id.
    ("GET", "/api/v1/discipline"):
        row((403, 403), (403, 403), (200, 400), (200, 400), (403, 403), (403, 403), contacts=(403, 403)),
    ("POST", "/api/v1/discipline"):
        row((403, 403), (403, 403), (201, 422), (201, 422), (403, 403), (403, 403), contacts=(403, 403)),
    ("GET", "/api/v1/discipline/{id}"):
        row((404, 404), (404, 404), (200, 404), (200, 404), (404, 404), (404, 404), contacts=(404, 404)),
    ("PATCH", "/api/v1/discipline/{id}"):
        row((404, 404), (404, 404), (200, 404), (200, 404), (404, 404), (404, 404), contacts=(404, 404)),
    ("DELETE", "/api/v1/discipline/{id}"):
        row((404, 404), (404, 404), (204, 404), (204, 404), (404, 404), (404, 404), contacts=(404, 404)),
    ("POST", "/api/v1/discipline/{id}/complaint"):
        row((404, 404), (404, 404), (200, 404), (200, 404), (404, 404), (404, 404), contacts=(404, 404)),
    ("GET", "/api/v1/members/{id}/discipline"):
        row((403, 403), (403, 403), (200, 404), (200, 404), (403, 403), (403, 403), contacts=(403, 403)),
    ("GET", "/api/v1/discipline/notices"):
        row((403, 403), (403, 403), (200, 400), (200, 400), (403, 403), (403, 403), contacts=(403, 403)),
    ("POST", "/api/v1/discipline/notices"):
        row((403, 403), (403, 403), (201, 422), (201, 422), (403, 403), (403, 403), contacts=(403, 403)),
    # Inspections and supervisions (issue 14): read by admin, office,
    # inspection and the secretary (its cell's: its self-inspection, and
    # those whose subject is its cell or its members); written by admin,
    # office and inspection, and a cell's self-inspection by its
    # secretary; the member and the viewer are refused at the edge (403
    # inside and out).  Outside: 404 for a path id, 400 for the list's
    # org, 422 for the body's org_id.
    ("GET", "/api/v1/inspections"):
        row((200, 200), (200, 400), (200, 400), (200, 400), (403, 403), (403, 403)),
    ("POST", "/api/v1/inspections"):
        row((201, 201), (201, 422), (201, 422), (201, 422), (403, 403), (403, 403)),
    ("GET", "/api/v1/inspections/{id}"):
        row((200, 200), (200, 404), (200, 404), (200, 404), (403, 403), (403, 403)),
    ("PATCH", "/api/v1/inspections/{id}"):
        row((200, 200), (200, 404), (200, 404), (200, 404), (403, 403), (403, 403)),
    ("DELETE", "/api/v1/inspections/{id}"):
        row((204, 204), (204, 404), (204, 404), (204, 404), (403, 403), (403, 403)),
    ("GET", "/api/v1/inspections/{id}/recommendations"):
        row((200, 200), (200, 404), (200, 404), (200, 404), (403, 403), (403, 403)),
    ("POST", "/api/v1/inspections/{id}/recommendations"):
        row((201, 201), (201, 404), (201, 404), (201, 404), (403, 403), (403, 403)),
    ("PATCH", "/api/v1/inspections/{id}/recommendations/{recommendation_id}"):
        row((200, 200), (200, 404), (200, 404), (200, 404), (403, 403), (403, 403)),
    ("GET", "/api/v1/inspections/{id}/attachments"):
        row((200, 200), (200, 404), (200, 404), (200, 404), (403, 403), (403, 403)),
    ("POST", "/api/v1/inspections/{id}/attachments"):
        row((201, 201), (201, 404), (201, 404), (201, 404), (403, 403), (403, 403)),
    ("GET", "/api/v1/inspections/{id}/attachments/{attachment_id}"):
        row((200, 200), (200, 404), (200, 404), (200, 404), (403, 403), (403, 403)),
    # Terms of a committee (issue 14): read as the organisation (a member
    # its own cell's), written with the organisation's right.
    ("GET", "/api/v1/terms"):
        row((200, 200), (200, 400), (200, 400), (200, 400), (200, 400), (200, 400)),
    ("POST", "/api/v1/terms"):
        row((201, 201), (201, 422), (403, 422), (403, 422), (403, 422), (403, 422)),
    ("GET", "/api/v1/terms/{id}"):
        row((200, 200), (200, 404), (200, 404), (200, 404), (200, 404), (200, 404)),
    ("PATCH", "/api/v1/terms/{id}"):
        row((200, 200), (200, 404), (403, 404), (403, 404), (403, 404), (403, 404)),
    ("DELETE", "/api/v1/terms/{id}"):
        row((204, 204), (204, 404), (403, 404), (403, 404), (403, 404), (403, 404)),
    # Inspection and supervision programmes (issue 14), here a cell's own
    # programme: read and written by admin, office, the inspection
    # commission and the cell's secretary (inspection.self); members and
    # viewers are refused at the edge (403 inside and out).
    ("GET", "/api/v1/inspection/programmes"):
        row((200, 200), (200, 400), (200, 400), (200, 400), (403, 403), (403, 403)),
    ("POST", "/api/v1/inspection/programmes"):
        row((201, 201), (201, 422), (201, 422), (201, 422), (403, 403), (403, 403)),
    ("GET", "/api/v1/inspection/programmes/{id}"):
        row((200, 200), (200, 404), (200, 404), (200, 404), (403, 403), (403, 403)),
    ("PATCH", "/api/v1/inspection/programmes/{id}"):
        row((200, 200), (200, 404), (200, 404), (200, 404), (403, 403), (403, 403)),
    ("DELETE", "/api/v1/inspection/programmes/{id}"):
        row((204, 204), (204, 404), (204, 404), (204, 404), (403, 403), (403, 403)),
    ("POST", "/api/v1/inspection/programmes/{id}/items"):
        row((201, 201), (201, 404), (201, 404), (201, 404), (403, 403), (403, 403)),
    ("PATCH", "/api/v1/inspection/programme-items/{id}"):
        row((200, 200), (200, 404), (200, 404), (200, 404), (403, 403), (403, 403)),
    ("DELETE", "/api/v1/inspection/programme-items/{id}"):
        row((204, 204), (204, 404), (204, 404), (204, 404), (403, 403), (403, 403)),
    # Evaluation and classification (issue 15), here a period opened for
    # the place's cell and an evaluation of one of its members: read by
    # admin, office, inspection and the secretary; a member reads and
    # writes its own evaluation (no grant's action: RF_SCOPED) and
    # comments on its cell's, but reads no comment; the cell proposes,
    # the office decides, opens and locks.  The viewer (figures only)
    # gets 403 for lists and creation and finds no single period or
    # evaluation (404); a role that sees the row but may not do the
    # write gets 403.  Outside: 404 for a path id, 400 for a query's org,
    # 422 for the body's period_id (org_id for a period).
    ("GET", "/api/v1/evaluation/periods"):
        row((200, 200), (200, 400), (200, 400), (200, 400), (200, 400), (403, 400)),
    ("POST", "/api/v1/evaluation/periods"):
        row((201, 201), (201, 422), (403, 403), (403, 403), (403, 403), (403, 403)),
    ("GET", "/api/v1/evaluation/periods/{id}"):
        row((200, 200), (200, 404), (200, 404), (200, 404), (200, 404), (404, 404)),
    ("PATCH", "/api/v1/evaluation/periods/{id}"):
        row((200, 200), (200, 404), (403, 404), (403, 404), (403, 404), (404, 404)),
    ("POST", "/api/v1/evaluation/periods/{id}/lock"):
        row((200, 200), (200, 404), (403, 404), (403, 404), (403, 404), (404, 404)),
    ("GET", "/api/v1/evaluation/periods/{id}/calibration"):
        row((200, 200), (200, 404), (200, 404), (200, 404), (403, 404), (404, 404)),
    ("GET", "/api/v1/evaluations"):
        row((200, 200), (200, 400), (200, 400), (200, 400), (200, 400), (403, 400)),
    ("POST", "/api/v1/evaluations"):
        row((201, 201), (201, 422), (403, 403), (201, 422), (201, 422), (403, 403)),
    ("GET", "/api/v1/evaluations/{id}"):
        row((200, 200), (200, 404), (200, 404), (200, 404), (200, 404), (404, 404)),
    ("PATCH", "/api/v1/evaluations/{id}"):
        row((200, 200), (200, 404), (403, 404), (200, 404), (200, 404), (404, 404)),
    ("DELETE", "/api/v1/evaluations/{id}"):
        row((204, 204), (204, 404), (403, 404), (403, 404), (403, 404), (404, 404)),
    ("POST", "/api/v1/evaluations/{id}/propose"):
        row((200, 200), (200, 404), (403, 404), (200, 404), (403, 404), (404, 404)),
    ("POST", "/api/v1/evaluations/{id}/decide"):
        row((200, 200), (200, 404), (403, 404), (403, 404), (403, 404), (404, 404)),
    ("GET", "/api/v1/evaluations/{id}/comments"):
        row((200, 200), (200, 404), (200, 404), (200, 404), (403, 404), (404, 404)),
    ("POST", "/api/v1/evaluations/{id}/comments"):
        row((201, 201), (201, 404), (403, 404), (201, 404), (201, 404), (404, 404)),
    ("GET", "/api/v1/members/{id}/evaluations"):
        row((200, 200), (200, 404), (200, 404), (200, 404), (200, 404), (403, 403)),
}

# Where the code answers otherwise than the table, without revealing
# anything (outside == missing still holds): (method, path, role, case) ->
# (the status it gives, why).  Each is printed when the matrix runs; fix
# the code and remove the line.
# Cells whose answer differs from the policy on purpose; none today.
DEVIATIONS = {}

# The unfiltered lists: role -> status (and nothing outside in the body).
UNFILTERED = {
    "/api/v1/orgs?limit=5000&include_closed=true":
        {A: 200, O: 200, I: 200, S: 200, M: 200, V: 200, SC: 200, AU: 200},
    "/api/v1/members?limit=1000&state=any":
        {A: 200, O: 200, I: 200, S: 200, M: 200, V: 200, SC: 200, AU: 200},
    "/api/v1/members/export?format=json&state=any":
        {A: 200, O: 200, I: 200, S: 403, M: 403, V: 403, SC: 403, AU: 200},
    "/api/v1/audit?limit=1000":
        {A: 200, O: 200, I: 200, S: 403, M: 403, V: 403, SC: 403, AU: 200},
    "/api/v1/members/probation?all=true":
        {A: 200, O: 200, I: 200, S: 200, M: 200, V: 403, SC: 200, AU: 200},
}


# ------------------------------------------------------------------ world

class World:
    pass


W = World()


def admin():
    return W.admin


def org_id(code):
    return W.org_by_code[code]["id"]


def first_member(cell_code, exclude=()):
    for m in members_all(admin(), f"&org={org_id(cell_code)}&sort=id"):
        if m["id"] not in exclude:
            return m
    raise AssertionError("no member in " + cell_code)


# The "missing" case: ids that exist nowhere.  Outside the scope must be
# answered exactly like missing (same status, same code): that is what
# "nothing about it is revealed" means.
NO_UNIT = {"id": 99999990, "kind": "grassroots", "code": "DBCS-KHONG-CO",
           "name": "Không có", "parent_id": None}
NO_CELL = {"id": 99999991, "kind": "cell", "code": "CB-KHONG-CO",
           "name": "Không có", "parent_id": NO_UNIT["id"]}
NO_CELL2 = dict(NO_CELL, id=99999993, code="CB-KHONG-CO-2")
NO_MEMBER = {"id": 99999992, "org_id": NO_CELL["id"], "full_name": "Không",
             "citizen_id": None}
NO_MEETING = {"id": 99999994, "org_id": NO_CELL["id"], "version": 1}
FAKE_IDS = 99999990


class Place:
    """Where a (role, case) request goes: a unit (where cells are made;
    for roles scoped to one cell, the cell itself), a cell, members."""

    def __init__(self, role, case):
        self.role = role
        self.case = case
        self.missing = case == "missing"
        self.fakes = [NO_CELL, NO_CELL2]
        if self.missing:
            self.unit, self.cell = NO_UNIT, NO_CELL
        else:
            u, c = PLACES[role][0 if case == "inside" else 1]
            self.unit, self.cell = W.org_by_code[u], W.org_by_code[c]
        self.tag = {"inside": "Trong", "outside": "Ngoài",
                    "missing": "Không"}[case]

    def member(self):
        """An existing member (its own record for the member role)."""
        if self.missing:
            return NO_MEMBER
        if self.case == "inside" and self.role == "member":
            return W.own_member["member"]
        exclude = W.own_ids if self.case == "inside" else ()
        return first_member(self.cell["code"], exclude)

    def fresh_cell(self):
        """A new cell under the unit (made by admin); for a cell "unit",
        the cell itself (nothing can be made inside a cell)."""
        if self.missing:
            return self.fakes.pop(0)
        if self.unit["kind"] == "cell":
            return self.unit
        n = seq()
        r = admin().req("POST", "/api/v1/orgs", {
            "kind": "cell", "name": f"Chi bộ Ma Trận {self.tag} {n}",
            "code": f"CB-MT-{n}", "parent_id": self.unit["id"],
            "valid_from": "2025-03-01", "doc_no": "01-QĐ/ĐU"})
        assert r.status == 201, r
        return r.json()

    def fresh_meeting(self):
        """A new planned meeting of the cell (made by admin), with the
        first member of its roll."""
        if self.missing:
            return NO_MEETING, NO_MEMBER
        r = admin().req("POST", "/api/v1/meetings", {
            "org_id": self.cell["id"], "kind": "regular",
            "starts_at": "2026-12-03T19:30:00+07:00",
            "ends_at": "2026-12-03T21:30:00+07:00", "status": "planned"})
        assert r.status == 201, r
        m = r.json()
        roll = admin().js(f"/api/v1/meetings/{m['id']}/attendance")["items"]
        return m, {"id": roll[0]["member_id"] if roll else NO_MEMBER["id"]}

    def fresh_member(self):
        """A new member of the cell (made by admin); the member role's own
        record inside (it may not be changed either)."""
        if self.missing:
            return NO_MEMBER
        if self.case == "inside" and self.role == "member":
            return W.own_member["member"]
        n = seq()
        r = admin().req("POST", "/api/v1/members", new_member(
            self.cell["id"],
            f"Trần Văn Matrận {self.tag} {chr(ord('A') + n % 26)}"))
        assert r.status == 201, r
        return r.json()


# Meetings and tasks that exist nowhere (the "missing" case).
NO_MEETING_ID = NO_MEETING["id"]
NO_TASK = 99999995


def fresh_meeting(pl, draft=False, task=False):
    """A new held meeting of the place's cell (made with the CLI), with
    its resolution's draft and a task if asked (made by admin); the ids
    that exist nowhere for the missing case."""
    if pl.missing:
        return NO_MEETING_ID, NO_TASK
    n = seq()
    r = run("meeting", "add", "--db", W.db, "--org", pl.cell["code"],
            "--kind", "regular", "--starts-at",
            f"2026-{1 + n % 10:02d}-{1 + n % 28:02d}T08:00+07:00",
            "--ends-at", f"2026-{1 + n % 10:02d}-{1 + n % 28:02d}T10:00+07:00",
            "--status", "held")
    mid = int(r.stdout.split()[2])
    tid = None
    if draft or task:
        r = W.admin.req("PUT", f"/api/v1/meetings/{mid}/resolution", {})
        assert r.status == 201, r
    if task:
        r = W.admin.req("POST", f"/api/v1/meetings/{mid}/resolution/tasks",
                        {"assignee_text": "Chi ủy", "what": "Ma trận"})
        assert r.status == 201, r
        tid = r.json()["id"]
    return mid, tid


def minutes_meeting(pl, minutes=None):
    """A new held meeting of the place's cell (made with the command
    line), its minutes written ("draft"), signed off ("approved") or
    locked too; the missing case: a meeting that exists nowhere."""
    if pl.missing:
        return NO_MEETING
    n = seq()
    day = 1 + n % 28
    r = run("meeting", "add", "--db", W.db, "--org", pl.cell["code"],
            "--kind", "regular", "--status", "held", "--starts-at",
            f"2026-02-{day:02d}T19:30+07:00", "--ends-at",
            f"2026-02-{day:02d}T21:30+07:00")
    mid = int(r.stdout.split()[2])
    if minutes:
        run("meeting", "minutes", str(mid), "--set-file", "-", "--db", W.db,
            stdin='{"opinions": "Nhất trí", "course": [{"speaker": '
                  '"Bí thư", "text": "Báo cáo"}]}')
    if minutes in ("approved", "locked"):
        run("meeting", "minutes", str(mid), "--approve", "--reason",
            "Ký trên giấy", "--db", W.db)
    if minutes == "locked":
        run("meeting", "lock", str(mid), "--db", W.db)
    return {"id": mid}


def real(ids):
    return [i for i in ids if i and i < FAKE_IDS]


class Call:
    """One request of the matrix: what to send, and what it touches (read
    back as admin around refused writes)."""

    def __init__(self, method, path, body=None, ctype=None, orgs=(),
                 members=(), cells=(), new=(), headers=None, meetings=()):
        self.method = method
        self.headers = headers
        self.meetings = real(meetings)  # meetings (and rolls) to compare
        self.path = path
        self.body = body
        self.ctype = ctype
        self.orgs = real(orgs)          # organisations to compare
        self.members = real(members)    # members to compare
        self.cells = real(cells)        # cells whose member lists to compare
        # Fresh objects made for the call (their names, codes, citizen IDs
        # and ids must not leak either).
        new = [x for x in new if x["id"] < FAKE_IDS]
        self.new_ids = [("member" if "full_name" in x else "org", x["id"])
                        for x in new]
        self.new_strings = [x.get(k) for x in new for k in
                            ("name", "code", "full_name", "citizen_id")
                            if x.get(k)]


# Routes whose requests name no organisation or member (no "missing" case).
UNTARGETED = {("GET", "/healthz"), ("GET", "/metrics"),
              ("GET", "/api/v1/openapi.json"), ("POST", "/api/v1/session"),
              ("GET", "/api/v1/session"), ("DELETE", "/api/v1/session")}


# The meeting's own routes (its roll, attendance); its materials, check-in
# and documents are built by build_meeting and the routes after it.
MEETING_CORE_ROUTES = {
    ("GET", "/api/v1/meetings/{id}"), ("PATCH", "/api/v1/meetings/{id}"),
    ("POST", "/api/v1/meetings/{id}/cancel"),
    ("GET", "/api/v1/meetings/{id}/attendance"),
    ("PUT", "/api/v1/meetings/{id}/attendance/{member_id}"),
    ("POST", "/api/v1/meetings/{id}/roll"),
}


def build(method, pattern, role, case):
    """The request for (route, role, case)."""
    pl = Place(role, case)
    cell, tag = pl.cell, pl.tag
    key = (method, pattern)

    if key in (("GET", "/healthz"), ("GET", "/metrics"),
               ("GET", "/api/v1/openapi.json"), ("GET", "/api/v1/session"),
               ("DELETE", "/api/v1/session")):
        return Call(method, pattern)
    if key == ("POST", "/api/v1/session"):
        user, pw = W.creds.get(role, ("khong-co-ai", "sai-mat-khau-1234"))
        return Call(method, "/api/v1/session",
                    {"username": user, "password": pw})
    if key == ("GET", "/api/v1/orgs"):
        return Call(method, f"/api/v1/orgs?root={cell['id']}")
    if key == ("POST", "/api/v1/orgs"):
        n = seq()
        return Call(method, "/api/v1/orgs", {
            "kind": "cell", "name": f"Chi bộ Mới {tag} {n}",
            "code": f"CB-MOI-{n}", "parent_id": pl.unit["id"],
            "valid_from": "2025-03-01", "doc_no": "02-QĐ/ĐU"},
            orgs=[pl.unit["id"]])
    if key == ("GET", "/api/v1/orgs/{id}"):
        return Call(method, f"/api/v1/orgs/{cell['id']}")
    if key == ("PATCH", "/api/v1/orgs/{id}"):
        o = pl.fresh_cell()
        return Call(method, f"/api/v1/orgs/{o['id']}",
                    {"name": f"Chi bộ Đổi Tên {tag} {seq()}",
                     "doc_no": "03-QĐ/ĐU", "on": TODAY},
                    orgs=[o["id"]], new=[o])
    if key == ("POST", "/api/v1/orgs/{id}/merge"):
        a = pl.fresh_cell()
        if a is pl.unit and case == "inside":
            # Scoped to one cell: the only other cells are outside.
            b = Place(role, "outside").cell
        else:
            b = pl.fresh_cell()
        return Call(method, f"/api/v1/orgs/{a['id']}/merge",
                    {"into": b["id"], "on": TODAY, "doc_no": "04-QĐ/ĐU"},
                    orgs=[a["id"], b["id"]], cells=[a["id"], b["id"]],
                    new=[a, b])
    if key == ("POST", "/api/v1/orgs/{id}/split"):
        a = pl.fresh_cell()
        n = seq()
        return Call(method, f"/api/v1/orgs/{a['id']}/split",
                    {"orgs": [{"name": f"Chi bộ Tách {tag} {n}",
                               "code": f"CB-TACH-MT-{n}", "member_ids": []}],
                     "on": TODAY, "doc_no": "05-QĐ/ĐU"},
                    orgs=[a["id"], a["parent_id"] or a["id"]],
                    cells=[a["id"]], new=[a])
    if key == ("GET", "/api/v1/orgs/{id}/history"):
        return Call(method, f"/api/v1/orgs/{cell['id']}/history")
    if key == ("GET", "/api/v1/orgs/{id}/stats"):
        return Call(method, f"/api/v1/orgs/{cell['id']}/stats")
    if key == ("GET", "/api/v1/orgs/{id}/officers"):
        return Call(method, f"/api/v1/orgs/{cell['id']}/officers")
    if key == ("GET", "/api/v1/orgs/{id}/meetings/compliance"):
        return Call(method,
                    f"/api/v1/orgs/{cell['id']}/meetings/compliance?year=2026")
    if key == ("GET", "/api/v1/checks/meetings"):
        return Call(method,
                    f"/api/v1/checks/meetings?year=2026&org={cell['id']}")
    if key == ("GET", "/api/v1/dashboard"):
        return Call(method, f"/api/v1/dashboard?year=2026&org={pl.unit['id']}")
    if key in (("GET", "/api/v1/checks/inspection"),
               ("GET", "/api/v1/checks/inspection/report.xlsx"),
               ("GET", "/api/v1/checks/inspection/report.pdf")):
        return Call(method, f"{pattern}?year=2026&org={pl.unit['id']}")
    if key == ("GET", "/api/v1/reports/classification"):
        return Call(method, f"{pattern}?year=2026&org={cell['id']}&format=csv")
    if key == ("POST", "/api/v1/orgs/{id}/officers"):
        # A fresh member of the cell: the same term is never recorded
        # twice.
        m = pl.fresh_member()
        return Call(method, f"/api/v1/orgs/{m['org_id']}/officers",
                    {"member_id": m["id"], "position": "committee_member",
                     "started_on": "2025-06-01", "doc_no": "09-QĐ/ĐU"},
                    orgs=[m["org_id"]], members=[m["id"]],
                    cells=[m["org_id"]], new=[m])
    if key in (("GET", "/api/v1/meetings/{id}/votes"),
               ("GET", "/api/v1/meetings/{id}/minutes"),
               ("GET", "/api/v1/meetings/{id}/minutes/corrections")):
        mt = W.meetings.get(cell["code"], NO_MEETING)
        return Call(method, pattern.replace("{id}", str(mt["id"])))
    if key == ("POST", "/api/v1/meetings/{id}/votes"):
        mt = W.meetings.get(cell["code"], NO_MEETING)
        return Call(method, f"/api/v1/meetings/{mt['id']}/votes",
                    {"kind": "resolution", "secret": False, "for": 1,
                     "against": 0, "abstain": 0, "subject": "Ma trận"})
    if key == ("PUT", "/api/v1/meetings/{id}/minutes"):
        mt = minutes_meeting(pl)
        return Call(method, f"/api/v1/meetings/{mt['id']}/minutes",
                    {"opinions": f"Ý kiến {tag}", "course": []})
    if key == ("POST", "/api/v1/meetings/{id}/minutes/approve"):
        mt = minutes_meeting(pl, "draft")
        return Call(method, f"/api/v1/meetings/{mt['id']}/minutes/approve",
                    {"as": "chair", "reason": "Ký trên giấy"})
    if key == ("POST", "/api/v1/meetings/{id}/minutes/lock"):
        mt = minutes_meeting(pl, "approved")
        return Call(method, f"/api/v1/meetings/{mt['id']}/minutes/lock", {})
    if key == ("POST", "/api/v1/meetings/{id}/minutes/corrections"):
        mt = minutes_meeting(pl, "locked")
        return Call(method,
                    f"/api/v1/meetings/{mt['id']}/minutes/corrections",
                    {"field": "opinions", "text": "Nhất trí cao",
                     "reason": "Ghi sai"})
    if key == ("GET", "/api/v1/members"):
        return Call(method, f"/api/v1/members?org={cell['id']}")
    if key == ("GET", "/api/v1/members/count"):
        return Call(method, f"/api/v1/members/count?org={cell['id']}")
    if key == ("POST", "/api/v1/members"):
        return Call(method, "/api/v1/members",
                    new_member(cell["id"], f"Lê Thị Mới {tag}"),
                    orgs=[cell["id"]], cells=[cell["id"]])
    if key == ("POST", "/api/v1/members/import"):
        csv = ("full_name,gender,birth_date,ethnicity,citizen_id,"
               "admitted_on,official_on,status,org_code\r\n"
               f"Phạm Văn Nhập {tag},male,1990-01-02,Kinh,{citizen_id()},"
               f"2015-03-10,2016-03-10,official,{cell['code']}\r\n")
        # The check (a dry run): applying needs its token, bound to the
        # account (test_api.py import_token); the check is judged the
        # same way, row by row against the scope.
        return Call(method, "/api/v1/members/import?dry_run=true",
                    csv.encode(), ctype="text/csv", orgs=[cell["id"]],
                    cells=[cell["id"]])
    if key == ("GET", "/api/v1/members/export"):
        return Call(method,
                    f"/api/v1/members/export?format=json&org={cell['id']}")
    if key == ("GET", "/api/v1/members/{id}"):
        return Call(method, f"/api/v1/members/{pl.member()['id']}")
    if key in (("PATCH", "/api/v1/members/{id}"),
               ("PATCH", "/api/v1/members/{id}/contacts"),
               ("DELETE", "/api/v1/members/{id}"),
               ("POST", "/api/v1/members/{id}/events")):
        m = pl.fresh_member()
        path = f"/api/v1/members/{m['id']}"
        body = None
        if pattern.endswith("/contacts"):
            path += "/contacts"
        if method == "PATCH":
            body = {"phone": "0912 %03d %03d" % (seq() % 1000, seq() % 1000)}
        elif method == "POST":
            path += "/events"
            body = {"kind": "died", "on": "2026-11-01"}
        return Call(method, path, body, members=[m["id"]],
                    cells=[m["org_id"]], orgs=[m["org_id"]], new=[m])
    if key == ("GET", "/api/v1/members/{id}/history"):
        return Call(method, f"/api/v1/members/{pl.member()['id']}/history")
    if key == ("GET", "/api/v1/members/{id}/audit"):
        return Call(method, f"/api/v1/members/{pl.member()['id']}/audit")
    if key == ("GET", "/api/v1/members/probation"):
        return Call(method, f"/api/v1/members/probation?org={cell['id']}")
    if key == ("GET", "/api/v1/rules"):
        return Call(method, f"/api/v1/rules?org={cell['id']}")
    if key == ("POST", "/api/v1/rules/overrides"):
        # A fresh cell where it would be allowed: an override judges later
        # members of its subtree.
        o = pl.fresh_cell() if case == "inside" or \
            role in ("admin", "office", AU) else cell
        return Call(method, "/api/v1/rules/overrides", {
            "rule_id": "member.admission_age", "value_name": "min_months",
            "value": 216, "org_id": o["id"],
            "effective_from": "2020-01-01", "doc_no": "06-QĐ/CB"},
            orgs=[o["id"]])
    if key == ("GET", "/api/v1/meetings"):
        return Call(method, f"/api/v1/meetings?org={cell['id']}")
    if key == ("POST", "/api/v1/meetings"):
        return Call(method, "/api/v1/meetings", {
            "org_id": cell["id"], "kind": "regular",
            "starts_at": "2026-12-10T19:30:00+07:00",
            "ends_at": "2026-12-10T21:30:00+07:00", "status": "planned"},
            orgs=[cell["id"]])
    if key in MEETING_CORE_ROUTES:
        m, who = pl.fresh_meeting()
        path = f"/api/v1/meetings/{m['id']}"
        if key == ("PATCH", "/api/v1/meetings/{id}"):
            return Call(method, path, {"place": f"Hội trường {tag}"},
                        headers={"If-Match": '"1"'}, meetings=[m["id"]])
        if key == ("POST", "/api/v1/meetings/{id}/cancel"):
            return Call(method, path + "/cancel", {"reason": "Bão"},
                        meetings=[m["id"]])
        if key == ("GET", "/api/v1/meetings/{id}/attendance"):
            return Call(method, path + "/attendance")
        if method == "PUT":
            return Call(method, f"{path}/attendance/{who['id']}",
                        {"status": "present"}, meetings=[m["id"]])
        if key == ("POST", "/api/v1/meetings/{id}/roll"):
            # A member made after the meeting: not on its roll.
            nm = pl.fresh_member()
            return Call(method, path + "/roll", {"member_id": nm["id"]},
                        meetings=[m["id"]], new=[nm])
        return Call(method, path)
    if pattern.startswith(("/api/v1/terms", "/api/v1/inspection/")):
        return build_programme(method, pattern, pl)
    if key == ("GET", "/api/v1/audit"):
        return Call(method, f"/api/v1/audit?org={cell['id']}")
    if key == ("GET", "/api/v1/audit/actions"):
        return Call(method, "/api/v1/audit/actions")
    if key == ("GET", "/api/v1/meetings/{id}/resolution"):
        mid, _ = fresh_meeting(pl, draft=True)
        return Call(method, f"/api/v1/meetings/{mid}/resolution")
    if key == ("PUT", "/api/v1/meetings/{id}/resolution"):
        mid, _ = fresh_meeting(pl)
        return Call(method, f"/api/v1/meetings/{mid}/resolution",
                    {"directions": f"Phương hướng {tag}", "vote_for": 5,
                     "vote_total": 6})
    if key == ("POST", "/api/v1/meetings/{id}/resolution/approve"):
        mid, _ = fresh_meeting(pl, draft=True)
        return Call(method, f"/api/v1/meetings/{mid}/resolution/approve")
    if key == ("GET", "/api/v1/meetings/{id}/resolution/tasks"):
        mid, _ = fresh_meeting(pl, task=True)
        return Call(method, f"/api/v1/meetings/{mid}/resolution/tasks")
    if key == ("POST", "/api/v1/meetings/{id}/resolution/tasks"):
        mid, _ = fresh_meeting(pl, draft=True)
        return Call(method, f"/api/v1/meetings/{mid}/resolution/tasks",
                    {"assignee_text": "Tổ đảng", "what": f"Việc {tag}",
                     "due_on": "2026-12-31"})
    if key == ("PATCH", "/api/v1/tasks/{id}"):
        _, tid = fresh_meeting(pl, task=True)
        return Call(method, f"/api/v1/tasks/{tid}",
                    {"status": "done", "result": f"Xong {tag}"})
    if key == ("GET", "/api/v1/orgs/{id}/tasks"):
        return Call(method, f"/api/v1/orgs/{cell['id']}/tasks?status=open")
    if key == ("GET", "/api/v1/members/{id}/tasks"):
        return Call(method, f"/api/v1/members/{pl.member()['id']}/tasks")
    if key == ("PUT", "/api/v1/meetings/{id}/score"):
        mid, _ = fresh_meeting(pl)
        return Call(method, f"/api/v1/meetings/{mid}/score", {"scores": {
            "time": 5, "attendance": 5, "preparation": 10, "conduct": 40,
            "principles": 5, "last_results": 30, "closing": 5}})
    if key in (("GET", "/api/v1/meetings/{id}/minutes.pdf"),
               ("GET", "/api/v1/meetings/{id}/resolution.pdf")):
        mid = NO_MEETING["id"] if pl.missing else W.meeting[cell["code"]]
        return Call(method, pattern.replace("{id}", str(mid)))
    if key == ("GET", "/api/v1/orgs/{id}/meetings.ics"):
        return Call(method, f"/api/v1/orgs/{cell['id']}/meetings.ics")
    if key == ("GET", "/api/v1/members/{id}/meetings.ics"):
        return Call(method,
                    f"/api/v1/members/{pl.member()['id']}/meetings.ics")
    if key == ("GET", "/api/v1/orgs/{id}/meetings/report.xlsx"):
        return Call(method, f"/api/v1/orgs/{cell['id']}/meetings/"
                    "report.xlsx?month=2026-03")
    if pattern.startswith("/api/v1/discipline") or \
            key == ("GET", "/api/v1/members/{id}/discipline"):
        return build_discipline(method, pattern, pl)
    if pattern.startswith(("/api/v1/evaluation", "/api/v1/evaluations")) \
            or key == ("GET", "/api/v1/members/{id}/evaluations"):
        return build_evaluation(method, pattern, pl)
    if pattern.startswith("/api/v1/inspections"):
        return build_inspection(method, pattern, pl)
    if pattern.startswith("/api/v1/meetings/"):
        return build_meeting(method, pattern, pl)
    raise AssertionError(f"no request is built for {method} {pattern}: "
                         "add it to build() and EXPECT")


# Discipline cases (issue 14): made by the demo's inspection account
# (the root, with the option "discipline"); one that exists nowhere.
NO_CASE = 99999996


def discipline_writer():
    if getattr(W, "dwriter", None) is None:
        W.dwriter = Client(W.srv.port)
        W.dwriter.login(*DEMO["inspection"])
    return W.dwriter


def discipline_body(pl):
    return {"subject": "member", "member_id": pl.member()["id"],
            "violation_code": "qd37_17", "violation_on": "2026-08-01",
            "deciding_org_id": pl.cell["id"], "form": "khien_trach",
            "vote": {"for": 5, "against": 0, "abstain": 0}, "base": 6,
            "decided_on": "2026-10-01", "effective_on": "2026-10-01",
            "doc_no": "07-QĐ/CB"}


def fresh_case(pl):
    if pl.missing:
        return NO_CASE
    r = discipline_writer().req("POST", "/api/v1/discipline",
                                discipline_body(pl))
    assert r.status == 201, r
    return r.json()["id"]


def build_discipline(method, pattern, pl):
    key = (method, pattern)
    cell = pl.cell
    if key == ("GET", "/api/v1/discipline"):
        return Call(method, f"/api/v1/discipline?org={cell['id']}")
    if key == ("POST", "/api/v1/discipline"):
        m = pl.member()
        return Call(method, pattern, discipline_body(pl), orgs=[cell["id"]],
                    members=[m["id"]])
    if key == ("GET", "/api/v1/members/{id}/discipline"):
        return Call(method, f"/api/v1/members/{pl.member()['id']}/discipline")
    if key == ("GET", "/api/v1/discipline/notices"):
        return Call(method, f"/api/v1/discipline/notices?org={cell['id']}")
    if key == ("POST", "/api/v1/discipline/notices"):
        m = pl.member()
        return Call(method, pattern, {
            "member_id": m["id"], "body": "Sở Nội vụ",
            "decided_on": "2026-11-01", "notified_on": "2026-11-03"},
            members=[m["id"]])
    cid = fresh_case(pl)
    path = pattern.replace("{id}", str(cid))
    if method == "PATCH":
        return Call(method, path, {"note": f"Ghi chú {pl.tag}"},
                    headers={"If-Match": '"1"'})
    if method == "DELETE":
        return Call(method, path, headers={"If-Match": '"1"'})
    if pattern.endswith("/complaint"):
        return Call(method, path, {"complained_on": "2026-10-15"})
    return Call(method, path)


# Evaluation periods and evaluations (issue 15): a fresh ad hoc period of
# the place's cell opened by admin, an evaluation of one of its members
# (the member role's own inside); ids that exist nowhere.
NO_PERIOD, NO_EVALUATION = 99999994, 99999995


def fresh_eperiod(pl):
    if pl.missing:
        return NO_PERIOD
    r = W.admin.req("POST", "/api/v1/evaluation/periods", {
        "org_id": pl.cell["id"], "kind": "ad_hoc", "year": 2026,
        "from": "2026-01-01", "to": "2026-11-30",
        "title": f"Kỳ đánh giá {pl.tag} {seq()}"})
    assert r.status == 201, r
    return r.json()["id"]


def evaluation_body(pid, mid):
    return {"period_id": pid, "member_id": mid, "score": 88.5,
            "tasks_total": 4, "tasks_on_time": 4, "tasks_exceeded": 1,
            "note": "Tự đánh giá"}


def fresh_evaluation(pl):
    if pl.missing:
        return NO_EVALUATION
    r = W.admin.req("POST", "/api/v1/evaluations",
                    evaluation_body(fresh_eperiod(pl), pl.member()["id"]))
    assert r.status == 201, r
    return r.json()["id"]


def build_evaluation(method, pattern, pl):
    key = (method, pattern)
    cell = pl.cell
    if key == ("GET", "/api/v1/evaluation/periods"):
        return Call(method, f"/api/v1/evaluation/periods?org={cell['id']}")
    if key == ("POST", "/api/v1/evaluation/periods"):
        return Call(method, pattern, {
            "org_id": cell["id"], "kind": "ad_hoc", "year": 2026,
            "from": "2026-02-01", "to": "2026-02-28"}, orgs=[cell["id"]])
    if key == ("GET", "/api/v1/evaluations"):
        return Call(method, f"/api/v1/evaluations?org={cell['id']}")
    if key == ("POST", "/api/v1/evaluations"):
        m = pl.member()
        return Call(method, pattern,
                    evaluation_body(fresh_eperiod(pl), m["id"]),
                    members=[m["id"]])
    if key == ("GET", "/api/v1/members/{id}/evaluations"):
        return Call(method,
                    f"/api/v1/members/{pl.member()['id']}/evaluations")
    if pattern.startswith("/api/v1/evaluation/periods/{id}"):
        path = pattern.replace("{id}", str(fresh_eperiod(pl)))
        if method == "PATCH":
            return Call(method, path, {"title": f"Kỳ {pl.tag}"})
        return Call(method, path)
    path = pattern.replace("{id}", str(fresh_evaluation(pl)))
    if method == "PATCH":
        return Call(method, path, {"note": f"Minh chứng {pl.tag}"})
    if method == "DELETE":
        return Call(method, path, headers={"If-Match": '"1"'})
    if pattern.endswith("/propose"):
        return Call(method, path, {"level": "htt", "vote": {
            "base": 5, "for": 5, "against": 0, "abstain": 0}})
    if pattern.endswith("/decide"):
        return Call(method, path, {"level": "htt",
                                   "reason": "Cấp ủy xem xét"})
    if pattern.endswith("/comments") and method == "POST":
        return Call(method, path, {"text": f"Góp ý {pl.tag}"})
    return Call(method, path)


# A meeting's materials, check-in, sign-in sheet.
MATRIX_PDF = b"%PDF-1.4\n%%EOF\n"


def matrix_meeting(cell):
    """A meeting of cell open now (for the check-in): its id."""
    import time
    fmt = "%Y-%m-%dT%H:%M:%SZ"
    now = time.time()
    p = run("meeting", "add", "--db", W.db, "--org", cell["code"], "--kind",
            "regular", "--starts-at", time.strftime(fmt, time.gmtime(
                now - 300)), "--ends-at", time.strftime(fmt, time.gmtime(
                    now + 7200)), "--place", "Hội trường")
    return int(p.stdout.split()[2])


def matrix_upload(c, mid):
    bd = "----chibo-matrix"
    body = (f"--{bd}\r\nContent-Disposition: form-data; name=\"file\";"
            " filename=\"tai-lieu.pdf\"\r\nContent-Type: application/pdf"
            "\r\n\r\n").encode() + MATRIX_PDF + f"\r\n--{bd}--\r\n".encode()
    return c.req("POST", f"/api/v1/meetings/{mid}/materials", body,
                 ctype="multipart/form-data; boundary=" + bd)


# Terms and inspection programmes (issue 14): fresh ones of the place's
# cell made by admin; the missing case names ids that exist nowhere.
NO_TERM, NO_PROGRAMME, NO_ITEM = 99999997, 99999998, 99999999


def fresh_term(pl):
    """A new term of the place's cell: two days of its own (terms of one
    organisation never overlap)."""
    if pl.missing:
        return NO_TERM
    import datetime
    d = datetime.date(2000, 1, 1) + datetime.timedelta(days=2 * seq())
    r = W.admin.req("POST", "/api/v1/terms", {
        "org_id": pl.cell["id"], "name": f"Nhiệm kỳ {d}",
        "starts_on": d.isoformat(),
        "ends_on": (d + datetime.timedelta(days=1)).isoformat()})
    assert r.status == 201, r
    return r.json()["id"]


def fresh_programme(pl, item=False):
    """A new programme of the place's cell (its own, body cell), with an
    item whose subject is a member of the cell if asked: (programme id,
    item id)."""
    if pl.missing:
        return NO_PROGRAMME, NO_ITEM
    r = W.admin.req("POST", "/api/v1/inspection/programmes", {
        "org_id": pl.cell["id"], "body": "cell", "year": 2026,
        "title": f"Chương trình {pl.tag} {seq()}"})
    assert r.status == 201, r
    pid, iid = r.json()["id"], None
    if item:
        r = W.admin.req("POST", f"/api/v1/inspection/programmes/{pid}/items",
                        {"kind": "supervision", "form": "regular",
                         "subject_member_id": pl.member()["id"],
                         "content_codes": ["member_duties"]})
        assert r.status == 201, r
        iid = r.json()["id"]
    return pid, iid


def build_programme(method, pattern, pl):
    cell = pl.cell
    key = (method, pattern)
    if key == ("GET", "/api/v1/terms"):
        return Call(method, f"/api/v1/terms?org={cell['id']}")
    if key == ("POST", "/api/v1/terms"):
        o = pl.fresh_cell()
        return Call(method, "/api/v1/terms", {
            "org_id": o["id"], "name": "2025–2030",
            "starts_on": "2025-06-01", "ends_on": "2030-05-31"},
            orgs=[o["id"]], new=[o])
    if pattern == "/api/v1/terms/{id}":
        path = f"/api/v1/terms/{fresh_term(pl)}"
        if method == "PATCH":
            return Call(method, path, {"note": f"Ghi chú {pl.tag}"},
                        headers={"If-Match": '"1"'})
        return Call(method, path)
    if key == ("GET", "/api/v1/inspection/programmes"):
        return Call(method, f"/api/v1/inspection/programmes?org={cell['id']}")
    if key == ("POST", "/api/v1/inspection/programmes"):
        return Call(method, "/api/v1/inspection/programmes", {
            "org_id": cell["id"], "body": "cell", "year": 2026,
            "title": f"Chương trình của chi bộ {pl.tag}"})
    if pattern == "/api/v1/inspection/programmes/{id}":
        pid, _ = fresh_programme(pl)
        path = f"/api/v1/inspection/programmes/{pid}"
        if method == "PATCH":
            return Call(method, path, {"title": f"Đổi tên {pl.tag}"},
                        headers={"If-Match": '"1"'})
        return Call(method, path)
    if key == ("POST", "/api/v1/inspection/programmes/{id}/items"):
        pid, _ = fresh_programme(pl)
        return Call(method, f"/api/v1/inspection/programmes/{pid}/items", {
            "kind": "supervision", "form": "regular",
            "subject_member_id": pl.member()["id"],
            "content_codes": ["prohibited_acts"]})
    if pattern == "/api/v1/inspection/programme-items/{id}":
        _, iid = fresh_programme(pl, item=True)
        path = f"/api/v1/inspection/programme-items/{iid}"
        if method == "PATCH":
            return Call(method, path, {"status": "in_progress"})
        return Call(method, path)
    raise AssertionError(f"no request for {method} {pattern}")


def build_meeting(method, pattern, pl):
    mid = NO_MEETING_ID if pl.missing else matrix_meeting(pl.cell)
    path = pattern.replace("{id}", str(mid))
    if "{material_id}" in pattern:
        mat = NO_MEETING_ID
        if not pl.missing:
            r = matrix_upload(admin(), mid)
            assert r.status == 201, r
            mat = r.json()["id"]
        path = path.replace("{material_id}", str(mat))
    if method == "POST" and pattern.endswith("/materials"):
        bd = "----chibo-matrix"
        body = (f"--{bd}\r\nContent-Disposition: form-data; name=\"file\";"
                " filename=\"tai-lieu.pdf\"\r\n\r\n").encode() + \
            MATRIX_PDF + f"\r\n--{bd}--\r\n".encode()
        return Call(method, path, body,
                    ctype="multipart/form-data; boundary=" + bd)
    if pattern.endswith("/checkin"):
        code = "x" * 64
        if not pl.missing:
            code = admin().js(f"/api/v1/meetings/{mid}/checkin-code")["code"]
        return Call(method, path, {"code": code})
    if pattern.endswith("/attendance/import"):
        csv = f"member_id,status\r\n{pl.member()['id']},present\r\n"
        return Call(method, path, csv.encode(), ctype="text/csv")
    return Call(method, path)


# Inspections (issue 14): a record of the place, made by admin: the
# unit's inspection commission inspecting the cell, or, for a role scoped
# to one cell, the cell's self-inspection; ids that exist nowhere for the
# missing case.
NO_INSPECTION = 99999996


def inspection_body(pl):
    if pl.unit["kind"] == "cell" or pl.unit is pl.cell:
        return {"org_id": pl.cell["id"], "body": "cell",
                "kind": "inspection", "form": "self",
                "subject_org_id": pl.cell["id"],
                "content_codes": ["member_duties"],
                "decided_on": "2026-01-10"}
    return {"org_id": pl.unit["id"], "body": "inspection_commission",
            "kind": "inspection", "form": "regular",
            "subject_org_id": pl.cell["id"],
            "content_codes": ["party_fees"], "decided_on": "2026-03-02"}


def build_inspection(method, pattern, pl):
    if pattern == "/api/v1/inspections":
        if method == "GET":
            return Call(method, f"/api/v1/inspections?org={pl.cell['id']}")
        return Call(method, pattern, inspection_body(pl),
                    orgs=[pl.unit["id"], pl.cell["id"]])
    iid, rid, aid = NO_INSPECTION, NO_INSPECTION, NO_INSPECTION
    if not pl.missing:
        r = admin().req("POST", "/api/v1/inspections", inspection_body(pl))
        assert r.status == 201, r
        iid = r.json()["id"]
        if "{recommendation_id}" in pattern:
            r = admin().req("POST", f"/api/v1/inspections/{iid}/"
                            "recommendations", {"text": "Kiến nghị",
                                                "owner": "Chi ủy",
                                                "due_on": "2026-12-31"})
            assert r.status == 201, r
            rid = r.json()["id"]
        if "{attachment_id}" in pattern:
            bd = "----chibo-matrix"
            body = (f"--{bd}\r\nContent-Disposition: form-data; "
                    "name=\"file\"; filename=\"ket-luan.pdf\"\r\n\r\n"
                    ).encode() + MATRIX_PDF + f"\r\n--{bd}--\r\n".encode()
            r = admin().req("POST", f"/api/v1/inspections/{iid}/attachments",
                            body, ctype="multipart/form-data; boundary=" + bd)
            assert r.status == 201, r
            aid = r.json()["id"]
    path = pattern.replace("{id}", str(iid)).replace(
        "{recommendation_id}", str(rid)).replace("{attachment_id}", str(aid))
    if method == "PATCH" and "{recommendation_id}" in pattern:
        return Call(method, path, {"done_on": "2026-11-20",
                                   "result": "Đã thực hiện"})
    if method == "PATCH":
        return Call(method, path, {"team": "Tổ kiểm tra"},
                    headers={"If-Match": '"1"'})
    if method == "POST" and pattern.endswith("/recommendations"):
        return Call(method, path, {"text": "Kiến nghị", "owner": "Chi ủy",
                                   "due_on": "2026-12-31"})
    if method == "POST" and pattern.endswith("/attachments"):
        bd = "----chibo-matrix"
        body = (f"--{bd}\r\nContent-Disposition: form-data; name=\"file\";"
                " filename=\"ket-luan.pdf\"\r\n\r\n").encode() + \
            MATRIX_PDF + f"\r\n--{bd}--\r\n".encode()
        return Call(method, path, body,
                    ctype="multipart/form-data; boundary=" + bd)
    return Call(method, path)


# ------------------------------------------------------------ leak checks

def subtree(root_code):
    path = W.org_by_code[root_code]["path"]
    return {o["id"] for o in W.orgs if o["path"].startswith(path)}


def scope_of(role):
    """(org ids, member ids) the role may know of."""
    if role == "admin":
        return ({o["id"] for o in W.orgs}, {m["id"] for m in W.members})
    if role == "anonymous":
        return set(), set()
    if role == "member":
        # Its record, its cell (and the cell's parent, by id).
        me = W.own_member[role]
        cell = [o for o in W.orgs if o["id"] == me["org_id"]][0]
        return {cell["id"], cell["parent_id"]}, {me["id"]}
    root = EXTRA[role][3] if role in EXTRA else \
        SC_ACCOUNT[2] if role == SC else "CB-VP-1"
    orgs = subtree(root)
    parent = W.org_by_code[root]["parent_id"]
    members = {m["id"] for m in W.members if m["org_id"] in orgs}
    # The scope root's parent may be named by id only (GET /orgs/{root}).
    return orgs | ({parent} if parent else set()), members


def forbidden_for(role):
    """What must never appear in an answer to role about what lies outside:
    strings (names, codes, citizen IDs) and ids (by kind)."""
    orgs_in, members_in = scope_of(role)
    inside_strings = set()
    for o in W.orgs:
        if o["id"] in orgs_in:
            inside_strings |= {o["name"], o["code"]}
    for m in W.members:
        if m["id"] in members_in:
            inside_strings |= {m["full_name"], m["citizen_id"]}
    strings = set()
    for o in W.orgs:
        if o["id"] not in orgs_in:
            strings |= {o["name"], o["code"]}
    for m in W.members:
        if m["id"] not in members_in:
            strings |= {m["full_name"], m["citizen_id"]}
    strings -= inside_strings
    strings.discard(None)
    org_ids = {o["id"] for o in W.orgs} - orgs_in
    member_ids = {m["id"] for m in W.members} - members_in
    return strings, org_ids, member_ids


ORG_KEYS = {"org_id", "parent_id", "into", "root"}
MEMBER_KEYS = {"member_id"}


def json_ids(j, out, kind=None):
    """Collects (kind, id) of every id in a JSON document, by its key and
    the object it sits in."""
    if isinstance(j, list):
        for x in j:
            json_ids(x, out, kind)
        return
    if not isinstance(j, dict):
        if isinstance(j, int) and kind:
            out.add((kind, j))
        return
    own = None
    if "full_name" in j:
        own = "member"
    elif "code" in j or "kind" in j and "name" in j:
        own = "org"
    elif j.get("object_type") in ("member", "org"):
        if isinstance(j.get("object_id"), int):
            out.add((j["object_type"], j["object_id"]))
    for k, v in j.items():
        if k == "id" and own and isinstance(v, int):
            out.add((own, v))
        elif k in ORG_KEYS or k == "created":
            json_ids(v, out, "org")
        elif k in MEMBER_KEYS or k == "member_ids":
            json_ids(v, out, "member")
        elif isinstance(v, (dict, list)):
            json_ids(v, out, None)


def assert_no_leak(role, what, body, extra_ids=(), extra_strings=()):
    strings, org_ids, member_ids = W.forbidden[role]
    text = body.decode("utf-8", errors="replace")
    for s in list(strings) + list(extra_strings):
        if s and json.dumps(s, ensure_ascii=False) in text:
            raise AssertionError(f"{role}: {what} reveals {s!r}: "
                                 f"{text[:600]}")
    try:
        doc = json.loads(text)
    except ValueError:
        doc = None
    if doc is not None:
        ids = set()
        json_ids(doc, ids)
        for kind, i in ids:
            if (kind == "org" and i in org_ids) or \
                    (kind == "member" and i in member_ids) or \
                    (kind, i) in extra_ids:
                raise AssertionError(f"{role}: {what} reveals {kind} {i}: "
                                     f"{text[:600]}")


# ---------------------------------------------------------------- snapshot

def snapshot(call):
    """What a refused write must leave as it was, read as admin."""
    a = admin()
    out = []
    for oid in call.orgs:
        r = a.get(f"/api/v1/orgs/{oid}")
        out.append((r.status, r.body))
        r = a.get(f"/api/v1/orgs/{oid}/history")
        out.append((r.status, r.body))
    for mid in call.members:
        # (History and the list: reading the dossier itself as admin
        # would be a view, which is recorded, and is not data.)
        r = a.get(f"/api/v1/members/{mid}/history")
        out.append((r.status, r.body))
    for cid in call.cells:
        r = a.get(f"/api/v1/members?org={cid}&state=any&limit=1000")
        out.append((r.status, r.body))
    for mid in call.meetings:
        for tail in ("", "/attendance"):
            r = a.get(f"/api/v1/meetings/{mid}{tail}")
            out.append((r.status, r.body))
    out.append(len(orgs_all(a, "&include_closed=true")))
    return out


# ------------------------------------------------------------------ tests

def client_for(role):
    if role == "anonymous":
        return Client(W.srv.port)
    return W.clients[role].same_auth()


def routes_of_the_document():
    doc = W.admin.js("/api/v1/openapi.json")
    out = []
    for path, item in doc["paths"].items():
        for verb in ("get", "post", "put", "patch", "delete"):
            if verb in item:
                out.append((verb.upper(), path))
    return out


@test
def every_route_has_an_expectation():
    routes = routes_of_the_document()
    missing = [r for r in routes if r not in EXPECT]
    assert not missing, f"routes without an expectation: {missing}"
    stale = [r for r in EXPECT if r not in routes]
    assert not stale, f"expectations of routes that do not exist: {stale}"
    for key, by_role in EXPECT.items():
        assert set(by_role) == set(ROLES), key


@test
def the_leak_check_catches_leaks():
    """The checks below would see a leak if there were one."""
    hv = [m for m in W.members if m["org_id"] in subtree("DBCS-HVDT")][0]
    vp = [m for m in W.members if m["org_id"] in subtree("DBCS-VP")][0]
    hv_cell = W.org_by_code["CB-HVDT-1"]
    for body in ({"items": [{"full_name": hv["full_name"]}]},
                 {"x": [hv["citizen_id"]]},
                 {"name": "x", "code": "CB-HVDT-1"},
                 {"id": hv["id"], "full_name": "someone"},
                 {"org_id": hv_cell["id"]},
                 {"items": [{"object_type": "member",
                             "object_id": hv["id"]}]}):
        try:
            assert_no_leak("office", "planted", json.dumps(
                body, ensure_ascii=False).encode())
        except AssertionError:
            continue
        raise AssertionError(f"not caught: {body}")
    # What is inside is fine.
    assert_no_leak("office", "inside", json.dumps(
        {"items": [vp], "org_id": vp["org_id"]},
        ensure_ascii=False).encode())


@test
def lists_hold_the_whole_scope():
    """Scoped lists are not just empty: each role sees its scope."""
    for role in ("office", "inspection", "secretary", "viewer", AU):
        orgs_in, members_in = scope_of(role)
        c = client_for(role)
        got = {o["id"] for o in orgs_all(c, "&include_closed=true")}
        parent = W.org_by_code[EXTRA[role][3] if role in EXTRA
                               else "CB-VP-1"]["parent_id"]
        assert got == orgs_in - {parent}, (role, got ^ (orgs_in - {parent}))
        got = {m["id"] for m in members_all(c, "&state=any")}
        assert got == members_in, (role, len(got), len(members_in))
    me = W.own_member["member"]
    got = [m["id"] for m in members_all(client_for("member"), "&state=any")]
    assert got == [me["id"]], got


@test
def counts_outside_the_scope_are_not_shown():
    """The scope root's parent is shown by id only: no name, no counts."""
    for role in ("office", "inspection", "secretary", "viewer", AU):
        root = W.org_by_code[EXTRA[role][3] if role in EXTRA else "CB-VP-1"]
        d = client_for(role).js(f"/api/v1/orgs/{root['id']}")
        assert d["parent"] == {"id": root["parent_id"]}, (role, d["parent"])
        inside, _ = scope_of(role)
        assert all(k["id"] in inside for k in d["children"]), (role, d)


@test
def refused_writes_say_so():
    """A refused write reads "not allowed to do this" (not "see"); a
    refused read keeps its message; the code is "forbidden" for both."""
    viewer = client_for("viewer")
    m = first_member(PLACES["viewer"][0][1])
    path = f"/api/v1/members/{m['id']}"
    r = viewer.req("PATCH", path, {"phone": "0912 000 111"})
    assert r.status == 403 and r.json()["code"] == "forbidden", r
    detail = r.json()["detail"]
    assert "xem" not in detail and "thực hiện thao tác này" in detail, r
    r = viewer.req("PATCH", path, {"phone": "0912 000 111"},
                   headers={"Accept-Language": "en"})
    assert r.json()["detail"] == "You are not allowed to do this.", r
    r = viewer.get(path)
    assert r.status == 403 and r.json()["code"] == "forbidden", r
    assert r.json()["detail"] == "Không có quyền thực hiện.", r


@test
def masked_for_viewer_only():
    """The upper committee's viewer lists names with their cell and status
    only (issue 11): no ethnicity, religion, birth date or any other field;
    it may not filter by what it does not see."""
    cell = W.org_by_code[PLACES["viewer"][0][1]]
    v = client_for("viewer")
    items = v.js(f"/api/v1/members?org={cell['id']}")["items"]
    assert items
    shown = {"id", "full_name", "org_id", "status", "state", "version",
             "created_at", "updated_at", "masked"}
    for m in items:
        assert all(m[f] is None for f in m if f not in shown), m
        assert m["full_name"] and m["org_id"] and m["status"], m
        for f in ("ethnicity", "religion", "birth_date", "gender",
                  "citizen_id", "phone", "job_title"):
            assert f in m["masked"], (f, m)
        assert not set(m["masked"]) & shown, m
    # Its answers hold no birth date, ethnicity or religion of anyone.
    full = members_all(W.admin, f"&org={cell['id']}")
    body = v.get(f"/api/v1/members?org={cell['id']}").body.decode()
    for m in full:
        assert m["birth_date"] not in body, m["birth_date"]
    for q in ("ethnicity=Kinh", "age_band=%3C30", "sort=birth_date"):
        r = v.get(f"/api/v1/members?org={cell['id']}&{q}")
        assert r.status == 403, (q, r)
        assert r.json()["code"] == "forbidden_filter", (q, r.body)
    cell = W.org_by_code["CB-VP-1"]
    for role in ("admin", "office", "secretary"):
        items = client_for(role).js(
            f"/api/v1/members?org={cell['id']}")["items"]
        assert items and all("masked" not in m for m in items), role
        assert any(m["citizen_id"] for m in items), role
        assert all(m["birth_date"] for m in items), role
    me = client_for("member").js(
        f"/api/v1/members/{W.own_member['member']['id']}")
    assert "masked" not in me and me["citizen_id"], me


@test
def contacts_option_corrects_phone_and_email_only():
    """The secretary with the option corrects its cell's phone and e-mail,
    recorded as a member update with before and after; any other field is
    refused by name and nothing is written."""
    c = client_for(SC)
    m = first_member("CB-VP-1")
    path = f"/api/v1/members/{m['id']}/contacts"
    before = W.admin.js(f"/api/v1/members/{m['id']}")
    r = c.req("PATCH", path, {"phone": "0912 345 000",
                              "full_name": "Tên Khác", "ethnicity": "Tày"})
    assert r.status == 422, r
    fields = {f["field"]: f["code"] for f in r.json()["errors"]}
    assert fields == {"full_name": "contacts_only",
                      "ethnicity": "contacts_only"}, r.body
    assert W.admin.js(f"/api/v1/members/{m['id']}") == before
    r = c.req("PATCH", path, {"phone": "0912 345 000",
                              "email": "lienhe@example.vn"})
    assert r.status == 200, r
    after = W.admin.js(f"/api/v1/members/{m['id']}")
    assert after["phone"] == "0912 345 000", after
    assert after["email"] == "lienhe@example.vn", after
    assert {k: v for k, v in after.items()
            if k not in ("phone", "email", "version", "updated_at")} == \
        {k: v for k, v in before.items()
         if k not in ("phone", "email", "version", "updated_at")}
    hist = W.admin.js(f"/api/v1/members/{m['id']}/history")["items"]
    upd = [e for e in hist if e["kind"] == "record_updated"][-1]
    assert upd["details"]["changes"]["phone"] == {
        "from": before["phone"], "to": "0912 345 000"}, upd
    audit = W.admin.js(f"/api/v1/members/{m['id']}/audit")["items"]
    assert audit[0]["action"] == "member.update", audit[0]
    assert audit[0]["actor"] == SC_ACCOUNT[0], audit[0]
    # Judged on its own fields: a value elsewhere in the record that no
    # reference list holds any more (old free text) does not stop it, and
    # is left as it was.
    sql(W.db, "UPDATE member SET job_title = 'Trưởng phòng cũ' "
              f"WHERE id = {m['id']}")
    r = c.req("PATCH", path, {"phone": "0912 345 001"})
    assert r.status == 200, r
    after = W.admin.js(f"/api/v1/members/{m['id']}")
    assert after["phone"] == "0912 345 001" and \
        after["job_title"] == "Trưởng phòng cũ", after
    r = c.req("PATCH", path, {"phone": "12"})
    assert r.status == 422 and \
        [f["field"] for f in r.json()["errors"]] == ["phone"], r.body
    # The plain secretary of the same cell may not; the option's holder
    # may not use the full edit either.
    r = client_for("secretary").req("PATCH", path, {"phone": "0900 000 000"})
    assert r.status == 403, r
    r = c.req("PATCH", f"/api/v1/members/{m['id']}", {"phone": "0900"})
    assert r.status == 403, r
    # The session says so: the action, and the grant's option.
    s = c.js("/api/v1/session")["user"]
    assert "member.contacts" in s["actions"], s
    assert "member.write" not in s["actions"], s
    assert s["grants"][0]["options"] == ["contacts"], s
    s = client_for("secretary").js("/api/v1/session")["user"]
    assert "member.contacts" not in s["actions"], s
    # (The demo's secretary carries "discipline" only, issue 14.)
    assert "contacts" not in s["grants"][0]["options"], s


@test
def matrix():
    failures, deviations = [], []
    n = 0
    for method, pattern in routes_of_the_document():
        for role in ROLES:
            answers = {}
            cases = ["inside", "outside"]
            if (method, pattern) not in UNTARGETED and role != "admin":
                cases.append("missing")
            for case in cases:
                if case == "missing":
                    want = answers.get("outside", (None, None))[0]
                else:
                    want = EXPECT[(method, pattern)][role][
                        0 if case == "inside" else 1]
                dev = DEVIATIONS.get((method, pattern, role, case))
                if dev is not None:
                    deviations.append(f"{method} {pattern} as {role} {case}:"
                                      f" {dev[0]} where {want} is right "
                                      f"({dev[1]})")
                    want = dev[0]
                call = build(method, pattern, role, case)
                c = client_for(role)
                if (method, pattern) == ("DELETE", "/api/v1/session") and \
                        role != "anonymous":
                    # A session of its own, not the one the matrix uses.
                    c = Client(W.srv.port)
                    c.login(*W.creds[role])
                write = method != "GET"
                before = snapshot(call) if write and want and want >= 400 \
                    else None
                r = c.req(method, call.path, call.body, ctype=call.ctype,
                          headers=call.headers, keep_cookie=False)
                c.close()
                n += 1
                code = r.json().get("code") if r.status >= 400 and \
                    r.body else None
                answers[case] = (r.status, code)
                where = f"{method} {pattern} as {role} {case} " \
                        f"({call.path})"
                if r.status != want:
                    failures.append(f"{where}: {r.status}, expected {want}"
                                    f": {r.body[:300]!r}")
                    continue
                if case == "missing" and answers["outside"] != (r.status,
                                                                code):
                    failures.append(f"{where}: {(r.status, code)}, but "
                                    f"outside: {answers['outside']}")
                if case != "inside" and role != "admin":
                    try:
                        assert_no_leak(role, where, r.body, call.new_ids,
                                       call.new_strings)
                    except AssertionError as e:
                        failures.append(str(e))
                if before is not None:
                    after = snapshot(call)
                    if after != before:
                        failures.append(f"{where}: refused ({r.status}) "
                                        "but the data changed")
    print(f"     {n} requests")
    for d in deviations:
        print(f"     DEVIATION {d}")
    assert not failures, "\n".join(failures)


@test
def unfiltered_lists_hold_only_the_scope():
    failures = []
    for path, by_role in UNFILTERED.items():
        for role, want in by_role.items():
            r = client_for(role).get(path)
            if r.status != want:
                failures.append(f"{role} GET {path}: {r.status}, expected "
                                f"{want}: {r.body[:300]!r}")
                continue
            if role != "admin":
                try:
                    assert_no_leak(role, f"GET {path}", r.body)
                except AssertionError as e:
                    failures.append(str(e))
    assert not failures, "\n".join(failures)


@test
def moves_to_the_top_obey_the_kinds_and_the_installation():
    """Issue 12 (finding 8): a cell is never made a root, by anyone (the
    kinds a root may have, as for a creation: field parent_id); a unit may
    be, by a global administrator only (admin on the root), not by an
    office at the root nor by the admin of a unit."""
    cell = W.org_by_code["CB-VP-2"]
    unit = W.org_by_code["DBCS-HVDT"]
    for role in ("admin", AU):
        r = client_for(role).req("PATCH", f"/api/v1/orgs/{cell['id']}",
                                 {"parent_id": None, "on": TODAY})
        p = problem(r, 422)
        assert fields(p) == {("parent_id", "kind_not_allowed_as_root")}, p
        assert "gốc" in p["errors"][0]["message"], p
    office = Client(W.srv.port)
    office.login(*DEMO["office"])
    for c in (office, client_for(AU)):
        r = c.req("PATCH", f"/api/v1/orgs/{unit['id']}",
                  {"parent_id": None, "on": TODAY})
        assert r.status in (403, 404), r
        # Nor make a new one at the top.
        n = seq()
        r = c.req("POST", "/api/v1/orgs", {
            "kind": "grassroots", "name": f"Đảng bộ Gốc {n}",
            "code": f"DB-GOC-{n}", "parent_id": None,
            "valid_from": "2025-03-01"})
        assert r.status == 403, r
    office.close()
    for c in (W.org_by_code["CB-VP-2"], unit):
        assert W.admin.js(f"/api/v1/orgs/{c['id']}")["parent_id"] == \
            c["parent_id"]
    r = W.admin.req("PATCH", f"/api/v1/orgs/{unit['id']}",
                    {"parent_id": None, "on": TODAY})
    assert r.status == 200 and r.json()["parent_id"] is None, r
    r = W.admin.req("PATCH", f"/api/v1/orgs/{unit['id']}",
                    {"parent_id": unit["parent_id"], "on": TODAY})
    assert r.status == 200 and r.json()["parent_id"] == unit["parent_id"], r


@test
def a_move_to_the_top_makes_no_admin_global_unasked():
    """Issue 12 (finding 1 with 8): an admin grant on a unit would become
    an admin grant on a root once the unit moves to the top, that is an
    installation-wide administrator nobody granted: the move is refused
    (422 root_admin_grants on parent_id, nothing changed) while the unit
    has admin grants; once they are revoked it goes through, and the
    unit's former admin reaches nothing outside it."""
    unit = W.org_by_code["DBCS-TTTT"]
    outside = W.org_by_code["CB-VP-1"]
    run("user", "add", "admin-tttt", "--role", "admin", "--org",
        "DBCS-TTTT", "--password-stdin", "--db", W.db,
        stdin="matrix-admin-tttt-2026\n")
    run("user", "grant", "admin-tttt", "--role", "office", "--org",
        "DBCS-TTTT", "--db", W.db)
    before = W.admin.js(f"/api/v1/orgs/{unit['id']}")
    for lang, word in (("vi", "thu hồi"), ("en", "Revoke")):
        r = W.admin.req("PATCH", f"/api/v1/orgs/{unit['id']}",
                        {"parent_id": None, "on": TODAY},
                        headers={"Accept-Language": lang})
        p = problem(r, 422)
        assert fields(p) == {("parent_id", "root_admin_grants")}, p
        assert word in p["errors"][0]["message"], p
    assert W.admin.js(f"/api/v1/orgs/{unit['id']}") == before
    run("user", "revoke", "admin-tttt", "--role", "admin", "--org",
        "DBCS-TTTT", "--db", W.db)
    r = W.admin.req("PATCH", f"/api/v1/orgs/{unit['id']}",
                    {"parent_id": None, "on": TODAY})
    assert r.status == 200 and r.json()["parent_id"] is None, r
    c = Client(W.srv.port)
    c.login("admin-tttt", "matrix-admin-tttt-2026")
    assert c.get(f"/api/v1/orgs/{outside['id']}").status == 404
    assert {o["id"] for o in orgs_all(c)} < \
        {o["id"] for o in orgs_all(W.admin)}
    c.close()
    r = W.admin.req("PATCH", f"/api/v1/orgs/{unit['id']}",
                    {"parent_id": unit["parent_id"], "on": TODAY})
    assert r.status == 200 and r.json()["parent_id"] == unit["parent_id"], r


@test
def member_reads_its_cell_as_listed():
    """Issue 12 (finding 13): the member's cell, listed by GET /orgs, is
    also read by GET /orgs/{id}: the same record, its parent by id, no
    counts, children or warnings."""
    c = client_for(M)
    cell = W.org_by_code[PLACES[M][0][1]]
    listed = [o for o in orgs_all(c) if o["id"] == cell["id"]]
    assert listed, cell
    d = c.js(f"/api/v1/orgs/{cell['id']}")
    assert d.pop("parent") == {"id": cell["parent_id"]}, d
    assert d == listed[0], (d, listed[0])
    assert c.get(f"/api/v1/orgs/{cell['parent_id']}").status == 404


# ------------------------------------------------------------------ set-up

def setup():
    W.db = demo_db("authz", "3")
    for role, (user, pw, grant, org) in EXTRA.items():
        run("user", "add", user, "--role", grant, "--org", org,
            "--name", f"Ma trận {role}", "--password-stdin", "--db", W.db,
            stdin=pw + "\n")
    run("user", "add", SC_ACCOUNT[0], "--role", "secretary", "--org",
        SC_ACCOUNT[2], "--name", "Ma trận bí thư (liên hệ)",
        "--password-stdin", "--db", W.db, stdin=SC_ACCOUNT[1] + "\n")
    run("user", "grant", SC_ACCOUNT[0], "--role", "secretary", "--org",
        SC_ACCOUNT[2], "--allow", "contacts", "--db", W.db)
    # The matrix's inspection account reads and records discipline cases
    # (issue 14; the demo's secretary has the option already).
    run("user", "grant", EXTRA["inspection"][0], "--role", "inspection",
        "--org", EXTRA["inspection"][3], "--allow", "discipline", "--db",
        W.db)
    # A meeting in each cell of the matrix (its documents' routes).
    W.meeting = {}
    for code in ("CB-VP-1", "CB-VP-2", "CB-HVDT-1", "CB-BTG-1"):
        p = run("meeting", "add", "--db", W.db, "--org", code, "--kind",
                "regular", "--starts-at", "2026-03-05T19:30+07:00",
                "--ends-at", "2026-03-05T21:30+07:00", "--status", "held")
        W.meeting[code] = int(p.stdout.split()[2])
    W.srv = Server(W.db)
    W.creds = {role: DEMO[role] for role in ("admin", "secretary", "member")}
    W.creds.update({role: (u, p) for role, (u, p, _, _) in EXTRA.items()})
    W.creds[SC] = SC_ACCOUNT[:2]
    W.clients = {}
    for role in ROLES[1:]:
        c = Client(W.srv.port)
        c.login(*W.creds[role])
        W.clients[role] = c
    W.admin = W.clients["admin"]
    W.orgs = orgs_all(W.admin, "&include_closed=true")
    W.org_by_code = {o["code"]: o for o in W.orgs}
    W.members = members_all(W.admin, "&state=any")
    W.own_member = {}
    W.own_ids = set()
    for role in ("secretary", "member"):
        me = W.clients[role].js("/api/v1/session")["user"]
        assert me["member_id"], me
        W.own_member[role] = W.admin.js(f"/api/v1/members/{me['member_id']}")
        W.own_ids.add(me["member_id"])
    for code in ("CB-VP-1", "CB-VP-2", "CB-HVDT-1", "CB-BTG-1"):
        assert members_all(W.admin, f"&org={org_id(code)}"), code
    # A held meeting of each cell of the matrix, for the reads and votes.
    W.meetings = {}
    for code in ("CB-VP-1", "CB-VP-2", "CB-HVDT-1", "CB-BTG-1"):
        r = run("meeting", "add", "--db", W.db, "--org", code, "--kind",
                "regular", "--status", "held", "--starts-at",
                "2026-01-08T19:30+07:00", "--ends-at",
                "2026-01-08T21:30+07:00")
        W.meetings[code] = {"id": int(r.stdout.split()[2])}
    W.forbidden = {role: forbidden_for(role) for role in ROLES
                   if role != "admin"}


def teardown():
    if getattr(W, "dwriter", None) is not None:
        W.dwriter.close()
    W.srv.stop()


if __name__ == "__main__":
    sys.exit(run_tests(setup, teardown))
