#!/usr/bin/env python3
"""What GET /api/v1/session tells the web application besides the account,
in its "user", on one backend (argv[1]): "actions", what each demo role's
grants allow
somewhere (the table of docs/security.md, src/core/policy.c), and
"choices", the lists of the rulebook in force today (GET /api/v1/rules)
and of the model, which the member list's filters accept and the figures
report.  Signing in returns the same object.
"""
from urllib.parse import quote

from apilib import (DEMO, TODAY, Client, Server, create_member, demo_db,
                    new_cell, problem, run_tests, test)


class Ctx:
    pass


C = Ctx()

ALL = ["org.read", "org.write", "member.list", "member.read",
       "member.personal", "member.write", "member.delete", "member.import",
       "member.export", "audit.read", "rules.write", "user.admin",
       "member.contacts", "meeting.read", "meeting.write", "inspection.read",
       "inspection.write", "inspection.self", "evaluation.read",
       "evaluation.self", "evaluation.comment", "evaluation.propose",
       "evaluation.decide", "evaluation.manage", "dashboard.read"]
READ = ["org.read", "member.list"]
DOSSIER = ["member.read", "member.personal"]
ACTIONS = {
    "admin": ALL,
    "office": [a for a in ALL if a != "user.admin"],
    # The demo's inspection commission and secretary carry the grant
    # option "discipline" (issue 14): discipline cases are secret.
    "inspection": READ + DOSSIER + ["member.export", "audit.read",
                                    "meeting.read", "inspection.read",
                                    "inspection.write", "inspection.self",
                                    "discipline.read", "discipline.write",
                                    "evaluation.read", "dashboard.read"],
    "secretary": READ + DOSSIER + ["meeting.read", "meeting.write",
                                   "inspection.read", "inspection.self",
                                   "discipline.read", "discipline.write",
                                   "evaluation.read", "evaluation.self",
                                   "evaluation.comment",
                                   "evaluation.propose", "dashboard.read"],
    # A member reads its own record and writes its own evaluation
    # (user.member_id), no grant's action; its grant on its cell lets it
    # read the cell's meetings and comment on its members' evaluations.
    "member": ["meeting.read", "evaluation.comment"],
    "viewer": READ + ["dashboard.read"],
}
KINDS = ["central", "province", "upper_grassroots", "grassroots",
         "grassroots_cell", "sub_committee", "cell", "group"]


def in_force(rules, rule_id):
    rule = next(r for r in rules if r["id"] == rule_id)
    return next(v for v in rule["versions"]
                if v["effective_from"] <= TODAY and
                (not v.get("effective_to") or TODAY <= v["effective_to"]))


def labels(edges):
    out = [f"<{edges[0]}"]
    out += [f"{a}-{b - 1}" for a, b in zip(edges, edges[1:])]
    return out + [f"{edges[-1]}+"]


@test
def actions_by_role():
    for role, (user, password) in DEMO.items():
        c = Client(C.srv.port)
        posted = c.login(user, password).json()
        me = c.js("/api/v1/session")
        assert me == posted, (role, me, posted)
        assert me["user"]["actions"] == ACTIONS[role], (role, me["user"])
        if role == "member":
            assert me["user"]["member_id"], me
        c.close()


def rules_of():
    return C.admin.js("/api/v1/rules")["rules"]


@test
def choices_follow_the_rulebook():
    ch = C.admin.js("/api/v1/session")["user"]["choices"]
    assert set(ch) == {"member_org_kinds", "org_kinds", "age_bands",
                       "genders", "member_statuses", "member_states",
                       "ref_lists"}, ch
    # The reference lists, by member field: the rulebook's in force.
    lists = {"ethnicity": "ref.ethnicities", "education": "ref.education",
             "professional_level": "ref.professional_levels",
             "theory_level": "ref.theory_levels",
             "religion": "ref.religions", "job_title": "ref.job_titles"}
    assert set(ch["ref_lists"]) == set(lists), ch["ref_lists"]
    for field, rule in lists.items():
        v = in_force(rules_of(), rule)["values"]
        items = ch["ref_lists"][field]
        assert [i["label_vi"] for i in items] == v["names"], field
        if "codes" in v:
            assert [i["code"] for i in items] == v["codes"], field
            assert [i["label_en"] for i in items] == v["names_en"], field
    rules = C.admin.js("/api/v1/rules")["rules"]
    holding = in_force(rules, "org.member_holding_kinds")["values"]["kinds"]
    assert ch["member_org_kinds"] == [k for k in KINDS if k in holding], ch
    assert [k["kind"] for k in ch["org_kinds"]] == KINDS, ch
    cell = next(k for k in ch["org_kinds"] if k["kind"] == "cell")
    assert cell["label_vi"] and cell["label_en"], cell
    edges = [int(e) for e in
             in_force(rules, "stats.age_bands")["values"]["edges"]]
    assert ch["age_bands"] == labels(edges), ch["age_bands"]
    assert ch["genders"] == ["male", "female"], ch
    assert ch["member_statuses"] == ["probationary", "official"], ch
    assert ch["member_states"][0] == "active", ch
    # The same for every account: they are the server's, not the role's.
    viewer = Client(C.srv.port)
    viewer.login(*DEMO["viewer"])
    assert viewer.js("/api/v1/session")["user"]["choices"] == ch
    viewer.close()


@test
def choices_are_what_the_api_takes():
    ch = C.admin.js("/api/v1/session")["user"]["choices"]
    top = C.admin.js("/api/v1/session")["user"]["grants"][0]["org_id"]
    stats = C.admin.js(f"/api/v1/orgs/{top}/stats")
    assert list(stats["by_age_band"]) == ch["age_bands"] + ["unknown"], \
        stats["by_age_band"]
    for band in ch["age_bands"] + ["unknown"]:
        C.admin.js(f"/api/v1/members?limit=1&age_band={quote(band)}")
    for state in ch["member_states"]:
        C.admin.js(f"/api/v1/members?limit=1&state={state}")
    for status in ch["member_statuses"]:
        C.admin.js(f"/api/v1/members?limit=1&status={status}")
    problem(C.admin.get("/api/v1/members?limit=1&age_band=nope"), 400,
            "invalid_query")
    # Each item of a reference list, sent by its code, is taken and
    # stored as its label_vi; a value of no list is refused by field.
    cell = new_cell(C.admin)
    m = create_member(C.admin, cell["id"], "Lương Thị Thu Trang")
    path = f"/api/v1/members/{m['id']}"
    for field, items in ch["ref_lists"].items():
        if field == "ethnicity":
            continue
        for it in items:
            cur = C.admin.js(path)
            r = C.admin.req("PATCH", path, {field: it["code"]},
                            headers={"If-Match": f'"{cur["version"]}"'})
            assert r.status == 200, (field, it, r.body)
            assert C.admin.js(path)[field] == it["label_vi"], (field, it)
    cur = C.admin.js(path)
    r = C.admin.req("PATCH", path, {"religion": "Jedi"},
                    headers={"If-Match": f'"{cur["version"]}"'})
    p = problem(r, 422, "validation_failed")
    f = [e for e in p["errors"] if e["field"] == "religion"]
    assert f and f[0]["code"] == "not_in_list" and "Jedi" in f[0]["message"] \
        and f[0]["rule"] == "ref.religions", p


def setup():
    C.db = demo_db("session")
    C.srv = Server(C.db)
    C.admin = Client(C.srv.port)
    C.admin.login(*DEMO["admin"])


def teardown():
    C.admin.close()
    C.srv.stop()


if __name__ == "__main__":
    raise SystemExit(run_tests(setup, teardown))
