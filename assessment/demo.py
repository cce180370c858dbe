"""Demonstration data: one coach and three organizations, every name marked DEMO, with
enough assessments, plans and survey answers for every page to show something."""
from __future__ import annotations

import random
import uuid
from datetime import date, timedelta

from sqlalchemy import select

from .auth.models import User
from .auth.passwords import hash_password
from .capability import operations as capability
from .comments import operations as comments
from .extensions import db
from .organizations.models import Organization
from .planning import operations as plans
from .survey import operations as surveys
from .survey.questionnaire import survey
from .survey.report import staff_agreement

DEMO_PASSWORD = "demo-pathways-2026"
COACH = ("coach@demo.example", "Rosa Medina (DEMO)")
ORGANIZATIONS = [
    ("DEMO Harbor Peer Collective", "lead.harbor@demo.example", "Dana Brooks (DEMO)"),
    ("DEMO Valle Verde Recovery Network", "lead.valleverde@demo.example", "Luis Ortega (DEMO)"),
    ("DEMO Eastside Family Peer Services", "lead.eastside@demo.example", "Kim Nguyen (DEMO)"),
]
ACCOUNTS = [(COACH[0], "coach")] + [(email, "lead") for _, email, _ in ORGANIZATIONS]

# Each organization's raters and their levels for the 7 practices (None: not sure).
BASELINE_RATINGS = [
    {"Supervisor": [2, 2, 1, 1, 1, 2, 1], "Peer staff": [1, 2, 2, 1, 1, 3, 1],
     "HR": [2, 3, 1, 2, 1, 2, None]},
    {"Director": [3, 3, 3, 2, 2, 3, 2], "Supervisor": [3, 2, 3, 3, 2, 3, 2],
     "Peer staff": [1, 3, 4, 2, 2, 3, 3]},
    {"Director": [1, 1, 2, 1, 1, 1, 1], "Family specialist": [2, 1, 1, 1, None, 1, 1]},
]
FOLLOW_UP_RATINGS = {"Supervisor": [3, 2, 2, 2, 1, 2, 2], "Peer staff": [2, 3, 2, 2, 2, 3, 2],
                     "HR": [3, 3, 2, 2, 1, 2, 2]}


def load(hash_method: str = "scrypt") -> bool:
    """Add the demo data; False when it is already there."""
    if db.session.scalar(select(Organization).where(Organization.is_demo)):
        return False
    password_hash = hash_password(DEMO_PASSWORD, hash_method)
    coach = User(email=COACH[0], name=COACH[1], role="coach", password_hash=password_hash)
    db.session.add(coach)
    organizations = []
    for name, lead_email, lead_name in ORGANIZATIONS:
        organization = Organization(name=name, is_demo=True)
        db.session.add(User(email=lead_email, name=lead_name, role="lead",
                            organization=organization, password_hash=password_hash))
        coach.coached_organizations.append(organization)
        organizations.append(organization)
    db.session.commit()
    rng = random.Random(2026)
    today = date.today()
    for organization, ratings in zip(organizations, BASELINE_RATINGS):
        baseline = _rated_cycle(organization, "2025 baseline", today - timedelta(days=400), ratings)
        capability.close_cycle(baseline)
    harbor = organizations[0]
    follow_up = _rated_cycle(harbor, "2026 follow-up", today - timedelta(days=120),
                             FOLLOW_UP_RATINGS)
    wave = surveys.open_wave(harbor, "Staff survey 2026", today - timedelta(days=60),
                             today - timedelta(days=30), follow_up)
    for n in range(12):
        _answer_survey(wave, rng, "es" if n % 3 == 0 else "en", today - timedelta(days=45))
    lead = harbor.leads[0]
    plan, _made = plans.create_plan(follow_up, lead, staff_agreement(wave, today), today)
    for item, status in zip(plan.items, ("in_progress", "done")):
        plans.update_item(item, item.version, {"status": status}, lead)
    comments.add(follow_up, coach, "Could the board add a training line to next year's "
                 "budget?", practice_id="budget")
    comments.add(follow_up, lead, "We will ask at the March board meeting.",
                 practice_id="budget")
    return True


def _rated_cycle(organization, name, starts_on, ratings):
    cycle = capability.start_cycle(organization, name, starts_on)
    for rater_name, levels in ratings.items():
        rater = capability.add_rater(cycle, f"{rater_name} (DEMO)")
        for practice_id, level in zip(capability.cycle_rubric(cycle).practice_ids, levels):
            capability.save_rating(rater, practice_id, level, "")
        capability.finish(rater)
    return cycle


def _answer_survey(wave, rng: random.Random, language: str, on: date) -> None:
    """One made-up worker's answers, chosen at random but leaning to the middle."""
    questionnaire = survey(wave.questionnaire_version)
    response, _code = surveys.start_response(wave, str(uuid.uuid4()), language, on)
    scale = ["strongly_disagree", "disagree", "neutral", "agree", "agree", "strongly_agree"]
    for section in questionnaire.sections:
        answers = {}
        for item in section.items:
            if item.type == "agreement":
                answers[item.id] = rng.choice(scale)
            elif item.type == "multiple":
                answers[item.id] = rng.sample(item.choice_ids(), 2)
            elif item.type == "text":
                answers[item.id] = rng.choice(["More paid training days.",
                                               "Más capacitación en español.", ""])
            else:
                answers[item.id] = rng.choice(item.choice_ids())
        if section.number == len(questionnaire.sections):
            surveys.submit(response, section, answers, on, language)
        else:
            surveys.save_section(response, section, answers)
