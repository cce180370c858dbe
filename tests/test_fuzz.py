"""Fuzzing that stays: every route of the app, found in its URL map (so routes added later
are covered without touching this file), gets random and hostile values as every kind of
visitor: administrator, lead, coach, rater link, anonymous survey worker.

Promises checked: no answer is a server error (5xx), and nothing changes in an
organization other than the visitor's own (every changed row is traced to its
organization through its foreign keys). Deterministic (derandomized) so CI is stable;
FUZZ_PER_ROUTE sets the requests per route and visitor (default sized for CI).
"""
from __future__ import annotations

import html
import os
import re
from datetime import date
from urllib.parse import quote

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from assessment.auth.models import User
from assessment.capability import operations as capability
from assessment.capability.models import Rater
from assessment.extensions import db
from assessment.organizations.models import Organization
from assessment.planning import operations as plans
from assessment.survey import operations as surveys
from tests.conftest import csrf_token, log_in
from tests.survey_helpers import begin

# Requests per route and visitor: every route gets its share, whatever their number.
PER_ROUTE = int(os.environ.get("FUZZ_PER_ROUTE", "6"))
STAFF = ("admin", "lead", "coach")

HOSTILE = [
    "", " ", "\x00", "a\x00b", "\x1b[31m", "\x07", "\x85", "\t", "\r\n", "\u202e\u2066evil",
    "²", "٣", "１２", "-1", "0", "1", "2", "4", "5", "2147483647", "2147483648",
    "9223372036854775808", "99999999999999999999", "1e9", "1.5", "NaN",
    "9999-12-31", "0001-01-01", "2026-02-31", "1999-12-31", "2101-01-01", "2026-05-01",
    "26/05/2026", "<script>alert(1)</script>", "{{7*7}}", "' OR 1=1 --", "=1+1", "＝1+1",
    "x" * 3000, "é" * 2100, "x" * 1_100_000, "//evil.example", "/\t/evil.example",
    "agree", "not_sure", "done", "in_progress", "3_months", "lead", "coach", "admin", "en",
    "es", "budget", "embedded", "supervisor", "rosa@example.org", "a long enough phrase",
]
# Field names used by the forms found on the pages, plus a few a tamperer would try.
EXTRA_FIELDS = ["back", "next", "version", "response_id", "practice_id", "plan_item_id",
                "organization_id", "cycle_id", "role", "lang", "id"]
PLAIN_TEXT = st.text(st.characters(exclude_categories=("Cs", "Cc")), max_size=40)
# Mostly values a form could take, so the views' logic is reached, not only the request
# checks; hostile ones often enough that each route meets them.
values = st.one_of(st.sampled_from(HOSTILE), PLAIN_TEXT,
                   st.integers(min_value=-2**70, max_value=2**70).map(str))


def _rule_parts(rule) -> list[tuple[str, str]]:
    """(converter, name) of each argument of a URL rule, in order."""
    return [(converter or "default", name) for converter, name in
            re.findall(r"<(?:([^:<>()]+)(?:\([^)]*\))?:)?([^<>]+)>", rule.rule)]


def _url(rule, chosen: dict) -> str:
    path = rule.rule
    for converter, name in _rule_parts(rule):
        pattern = re.compile(r"<[^<>]*\b" + re.escape(name) + ">")
        path = pattern.sub(quote(str(chosen[name]), safe=""), path, count=1)
    return path


PUBLIC_SURVEY_WRITES = {"survey_response", "survey_answer", "survey_open_answer",
                        "survey_tally", "survey_start_count", "survey_invitation"}


class World:
    """Two organizations with everything in them; the fuzzed visitor belongs to the first."""

    def __init__(self, app, make_organization, make_user):
        self.app = app
        mine, other = make_organization("Mine Peer Center"), make_organization("Other Peers")
        self.users = {"admin": make_user("admin"), "lead": make_user("lead", mine),
                      "coach": make_user("coach", coaches=[mine])}
        make_user("lead", other)
        self.ids: dict[str, list] = {"coach_id": [self.users["coach"].id]}
        self.org_ids = (mine.id, other.id)
        self.rater_ids: list[int] = []
        with app.app_context():
            for org_id in self.org_ids:
                self._fill(db.session.get(Organization, org_id))

    def _fill(self, organization: Organization) -> None:
        cycle = capability.start_cycle(organization, "2026 baseline", date(2026, 1, 15))
        rater = capability.add_rater(cycle, "Supervisor")
        for practice_id in capability.cycle_rubric(cycle).practice_ids:
            capability.save_rating(rater, practice_id, 2, "Some evidence")
        item = plans.create_plan(cycle, None, None, date.today())[0].items[0]
        wave = surveys.open_wave(organization, "Staff survey", date(2026, 1, 1),
                                 date(2100, 1, 1), cycle)
        self.rater_ids.append(rater.id)
        for name, value in (("org_id", organization.id), ("organization_id", organization.id),
                            ("cycle_id", cycle.id), ("rater_id", rater.id),
                            ("item_id", item.id), ("wave_id", wave.id), ("code", wave.code),
                            ("token", rater.token)):
            self.ids.setdefault(name, []).append(value)

    def argument_values(self, converter: str, name: str) -> list:
        """Mostly the visitor's own organization's, then the other's, then hostile ones."""
        known = self.ids.get(name) or ([1, 2] if converter == "int" else ["x", "summary"])
        if name == "number":
            known = list(range(1, 9))
        return [known[0]] * 6 + known * 2 + [
            "0", "2147483648", "99999999999999999999", "²", "\x00", "..", "a b"]

    def form_values(self):
        """Any value, or an id of either organization's things (in a tampered field)."""
        ids = sorted({str(v) for known in self.ids.values() for v in known})
        return st.one_of(values, st.sampled_from(ids))

    def other_ids(self):
        """The other organization's ids, as a tamperer would put them in a hidden field."""
        return st.sampled_from(sorted({str(known[-1]) for known in self.ids.values()}))

    def snapshot(self) -> dict:
        """Every row of every table, by primary key."""
        with self.app.app_context():
            return {table.name: {tuple(row._mapping[c.name] for c in table.primary_key): dict(
                row._mapping) for row in db.session.execute(select(table))}
                for table in db.metadata.sorted_tables}

    def owners(self, table_name: str, row: dict, *snapshots) -> set[int]:
        """The organizations a row belongs to, through every one of its foreign keys: a
        comment of one organization's cycle about another's plan item belongs to both."""
        if table_name == "organization":
            return {row["id"]}
        found = {row["organization_id"]} if row.get("organization_id") is not None else set()
        for key in db.metadata.tables[table_name].foreign_keys:
            value = row.get(key.parent.name)
            target = key.column.table.name
            if value is None or target == table_name or key.parent.name == "organization_id":
                continue
            for snapshot in snapshots:
                parent = snapshot.get(target, {}).get((value,))
                if parent is not None:
                    found |= self.owners(target, parent, *snapshots)
                    break
        return found

    def organizations_changed(self, before: dict, after: dict) -> set[int]:
        """Organizations whose rows changed, leaving out what any holder of a staff
        survey's public link writes (answers, tallies, spent cards), whoever is logged in."""
        changed = set()
        for table, rows in after.items():
            if table in PUBLIC_SURVEY_WRITES:
                continue
            old = before.get(table, {})
            for key in set(rows) | set(old):
                if rows.get(key) != old.get(key):
                    row = rows.get(key) or old.get(key)
                    changed |= self.owners(table, row, after, before)
        return changed


class Visitor:
    """One kind of visitor with a browser (a test client) that can be set up again."""

    def __init__(self, world: World, role: str):
        self.world, self.role = world, role
        self.client = world.app.test_client()
        self.token = ""
        self.start()

    def start(self) -> None:
        client, app = self.client, self.world.app
        if self.role in STAFF:
            client.post("/language", data={"lang": "en", "csrf_token": csrf_token(client)})
            assert log_in(client, self.world.users[self.role]).status_code == 302
        elif self.role == "rater":
            with app.app_context():  # the lead may have made a new link meanwhile
                token = db.session.get(Rater, self.world.rater_ids[0]).token
            client.get(f"/rate/{token}")
        else:
            begin(client, self.world.ids["code"][0])
        self.token = csrf_token(client)

    def ensure_started(self) -> None:
        """Log in again if a fuzzed post logged out (a rater's or worker's session stays)."""
        if self.role not in STAFF:
            return
        with self.client.session_transaction() as session:
            if "_user_id" in session:
                return
        self.start()

    def send(self, method: str, path: str, form: dict):
        if method == "GET":
            return self.client.get(path, query_string=form)
        return self.client.post(path, data=form)


class Forms:
    """What the pages show a visitor: every field name, and per form address (endpoint)
    its fields with the values the page filled in (hidden ids, versions, choices)."""

    def __init__(self, app, visitor: Visitor, rules):
        self.names: set[str] = set(EXTRA_FIELDS)
        self.filled: list[tuple[str, dict[str, str]]] = []  # (address, form as filled)
        self.by_endpoint: dict[str, dict[frozenset, dict[str, set[str]]]] = {}
        adapter = app.url_map.bind("localhost")
        for rule in rules:
            if "GET" not in rule.methods:
                continue
            path = _url(rule, {name: visitor.world.argument_values(conv, name)[0]
                               for conv, name in _rule_parts(rule)})
            response = visitor.client.get(path)
            assert response.status_code < 500, (rule.rule, response.status_code)
            if response.mimetype == "text/html":
                self._read(adapter, path, response.get_data(as_text=True))
        visitor.ensure_started()
        self.names.discard("csrf_token")

    def _read(self, adapter, page_path: str, page: str) -> None:
        for attributes, body in re.findall(r"<form([^>]*)>(.*?)</form>", page, re.S):
            action = re.search(r'action="([^"]*)"', attributes)
            target = (action.group(1) if action and action.group(1) else page_path)
            try:
                endpoint = adapter.match(target.split("?")[0], method="POST")[0]
            except Exception:  # noqa: BLE001 - a GET form (filters) or another site
                continue
            seen: dict[str, set[str]] = {}
            for tag in re.findall(r"<(?:input|textarea|select|button)[^>]*>", body):
                name = re.search(r'name="([^"]+)"', tag)
                if name and name.group(1) != "csrf_token":
                    value = re.search(r'value="([^"]*)"', tag)
                    seen.setdefault(name.group(1), set()).add(
                        html.unescape(value.group(1)) if value else "")
            for option in re.findall(r'<option value="([^"]*)"', body):
                for values_seen in seen.values():
                    values_seen.add(html.unescape(option))
            self.names.update(seen)
            self.filled.append((target, {name: sorted(found)[-1] or "Fuzz text"
                                         for name, found in seen.items()}))
            kinds = self.by_endpoint.setdefault(endpoint, {})  # one entry per kind of form
            for name, found in seen.items():
                kinds.setdefault(frozenset(seen), {}).setdefault(name, set()).update(found)

    def strategy(self, world: World, endpoint: str):
        """A form for this address: its own fields, each left out, as the page filled it,
        or fuzzed; plus a few fields of other forms."""
        kinds = list(self.by_endpoint.get(endpoint, {}).values())
        extra = st.dictionaries(st.sampled_from(sorted(self.names)), world.form_values(),
                                max_size=3 if kinds else 8)
        if not kinds:
            return extra
        own = st.sampled_from(kinds).flatmap(lambda fields: st.fixed_dictionaries({
            name: st.one_of(st.sampled_from(sorted(seen)), st.none(), world.form_values(),
                            world.other_ids())
            for name, seen in fields.items()}))
        return st.tuples(own, extra).map(
            lambda both: {**both[1], **{k: v for k, v in both[0].items() if v is not None}})


def _fuzz_route(world: World, visitor: Visitor, forms: Forms, rule, method: str) -> None:
    """PER_ROUTE requests to one route (POST gets twice as many), checked for 5xx."""
    @settings(max_examples=PER_ROUTE * (2 if method == "POST" else 1), derandomize=True,
              database=None, deadline=None, suppress_health_check=list(HealthCheck))
    @given(data=st.data())
    def one_request(data) -> None:
        visitor.ensure_started()
        chosen = {name: data.draw(st.sampled_from(world.argument_values(conv, name)), label=name)
                  for conv, name in _rule_parts(rule)}
        form = data.draw(forms.strategy(world, rule.endpoint), label="fields")
        if method == "POST" and data.draw(st.integers(0, 9), label="token") > 0:
            form["csrf_token"] = visitor.token
        response = visitor.send(method, _url(rule, chosen), form)
        assert response.status_code < 500, (visitor.role, method, rule.rule, chosen, form)
        if response.headers.get("Location", "").startswith("/login"):
            visitor.start()

    one_request()


def _tamper_with_ids(world: World, visitor: Visitor, forms: Forms) -> None:
    """Each form as its page filled it, with one id-like field (a number) set to each of
    the other organization's ids in turn: the posts a tamperer would try first."""
    others = sorted({str(known[-1]) for known in world.ids.values()
                     if str(known[-1]).isdigit()})
    for path, filled in forms.filled:
        for name, value in filled.items():
            if not value.isdigit():
                continue
            for other in others:
                visitor.ensure_started()
                form = {**filled, name: other, "csrf_token": visitor.token}
                response = visitor.client.post(path, data=form)
                assert response.status_code < 500, (visitor.role, path, form)


def fuzz(app, world: World, role: str) -> None:
    app.config.update(LOGIN_FAILURE_LIMIT_CLIENT=10**6, LOGIN_FAILURE_LIMIT_ACCOUNT=10**6,
                      LOGIN_FAILURE_LIMIT_ACCOUNT_ALL_CLIENTS=10**6)
    rules = [rule for rule in app.url_map.iter_rules() if rule.endpoint != "static"]
    visitor = Visitor(world, role)
    forms = Forms(app, visitor, rules)
    before = world.snapshot()

    targets = [(rule, method) for rule in rules for method in sorted(rule.methods)
               if method in ("GET", "POST")]
    _tamper_with_ids(world, visitor, forms)
    for rule, method in targets:
        _fuzz_route(world, visitor, forms, rule, method)
    if role != "admin":  # an administrator may change any organization
        changed = world.organizations_changed(before, world.snapshot())
        mine = world.org_ids[0]
        assert changed <= {mine}, f"{role} changed organization(s) {changed - {mine}}"


def test_fuzzing_as_an_administrator(app, make_organization, make_user):
    fuzz(app, World(app, make_organization, make_user), "admin")


def test_fuzzing_as_a_lead(app, make_organization, make_user):
    fuzz(app, World(app, make_organization, make_user), "lead")


def test_fuzzing_as_a_coach(app, make_organization, make_user):
    fuzz(app, World(app, make_organization, make_user), "coach")


def test_fuzzing_as_a_rater(app, make_organization, make_user):
    fuzz(app, World(app, make_organization, make_user), "rater")


def test_fuzzing_as_a_survey_worker(app, make_organization, make_user):
    fuzz(app, World(app, make_organization, make_user), "worker")


def test_the_fuzzer_finds_every_route_and_traces_rows_to_their_organization(
        app, make_organization, make_user):
    world = World(app, make_organization, make_user)
    rules = {rule.endpoint for rule in app.url_map.iter_rules()}
    assert {"comments.post", "rating.practice", "admin.new_user", "auth.change_password",
            "respond.section"} <= rules
    snapshot = world.snapshot()
    mine, other = world.org_ids
    ratings = snapshot["rating"]
    assert [world.owners("rating", row, snapshot) for row in ratings.values()].count(
        {other}) == len(ratings) // 2
    with app.app_context():
        lead = db.session.scalar(select(User).where(User.organization_id == other))
    assert world.owners("user", snapshot["user"][(lead.id,)], snapshot) == {other}
    mixed = {"id": 0, "cycle_id": world.ids["cycle_id"][0], "plan_item_id": world.ids[
        "item_id"][1], "practice_id": None, "author_id": None}
    assert world.owners("comment", mixed, snapshot) == {mine, other}
