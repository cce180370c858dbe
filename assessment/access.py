"""Who may open what: the one access check every protected page goes through."""
from __future__ import annotations

import logging
from functools import wraps
from typing import Callable

from flask import abort, request
from flask_login import current_user, login_required

from .extensions import db
from .organizations.models import Organization

log = logging.getLogger("assessment.security")


def can_open_organization(user, organization: Organization) -> bool:
    """Administrators see every organization, coaches their assigned ones, leads their own."""
    if user.role == "admin":
        return True
    if user.role == "lead":
        return user.organization_id == organization.id
    if user.role == "coach":
        return organization in user.coached_organizations
    return False


def can_manage_organization(user, organization: Organization) -> bool:
    """Leads run their own organization's work; administrators may step in. Coaches read."""
    return user.role == "admin" or (user.role == "lead"
                                    and user.organization_id == organization.id)


def require_manager(organization: Organization) -> None:
    if not can_manage_organization(current_user, organization):
        _refuse(403)


def _refuse(status: int):
    log.warning("access refused user=%s path=%s", current_user.get_id() and current_user.id,
                request.path)
    abort(status)


def role_required(*roles: str) -> Callable:
    """Log in first; then a user of another role gets 403."""
    def decorator(view):
        @wraps(view)
        @login_required
        def wrapped(*args, **kwargs):
            if current_user.role not in roles:
                _refuse(403)
            return view(*args, **kwargs)
        return wrapped
    return decorator


def owned_or_404(model, object_id: int, **owner):
    """The object, if it exists and belongs where the URL says (e.g. cycle_id=...); else 404."""
    obj = db.session.get(model, object_id)
    if obj is None or any(getattr(obj, key) != value for key, value in owner.items()):
        _refuse(404)
    return obj


def organization_required(view: Callable) -> Callable:
    """For routes with <int:org_id>: pass the Organization, or 404 to anyone who may not see it.

    404 rather than 403, so nobody learns which organizations exist.
    """
    @wraps(view)
    @login_required
    def wrapped(*args, org_id: int, **kwargs):
        organization = db.session.get(Organization, org_id)
        if organization is None or not can_open_organization(current_user, organization):
            _refuse(404)
        return view(*args, organization=organization, **kwargs)
    return wrapped
