"""A second page that asks before an action that cannot easily be undone.

Works without JavaScript: a GET of the action's own address shows what will happen and
a button that POSTs to that same address; Cancel goes back. Views use it as

    if request.method == "GET":
        return confirm_page(title=..., consequences=[...], button=..., cancel=url)
"""
from __future__ import annotations

from flask import render_template, request


def confirm_page(title: str, consequences: list[str], button: str, cancel: str,
                 status: int = 200, action: str | None = None,
                 hidden: dict[str, str] | None = None):
    """The confirmation page for the current address; its form posts back to it, or to
    `action` with the `hidden` fields when what is confirmed was typed on another page."""
    return render_template("confirm.html", title=title, consequences=consequences,
                           button=button, action=action or request.full_path.rstrip("?"),
                           cancel=cancel, hidden=hidden or {}), status
