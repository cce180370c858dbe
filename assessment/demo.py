"""Demonstration data: one coach and three organizations, each name marked DEMO."""
from __future__ import annotations

from sqlalchemy import select

from .auth.models import User
from .auth.passwords import hash_password
from .extensions import db
from .organizations.models import Organization

DEMO_PASSWORD = "demo-pathways-2026"
COACH = ("coach@demo.example", "Rosa Medina (DEMO)")
ORGANIZATIONS = [
    ("DEMO Harbor Peer Collective", "lead.harbor@demo.example", "Dana Brooks (DEMO)"),
    ("DEMO Valle Verde Recovery Network", "lead.valleverde@demo.example", "Luis Ortega (DEMO)"),
    ("DEMO Eastside Family Peer Services", "lead.eastside@demo.example", "Kim Nguyen (DEMO)"),
]
ACCOUNTS = [(COACH[0], "coach")] + [(email, "lead") for _, email, _ in ORGANIZATIONS]


def load(hash_method: str = "scrypt") -> bool:
    """Add the demo data; False when it is already there."""
    if db.session.scalar(select(Organization).where(Organization.is_demo)):
        return False
    password_hash = hash_password(DEMO_PASSWORD, hash_method)
    coach = User(email=COACH[0], name=COACH[1], role="coach", password_hash=password_hash)
    db.session.add(coach)
    for name, lead_email, lead_name in ORGANIZATIONS:
        organization = Organization(name=name, is_demo=True)
        db.session.add(User(email=lead_email, name=lead_name, role="lead",
                            organization=organization, password_hash=password_hash))
        coach.coached_organizations.append(organization)
    db.session.commit()
    return True
