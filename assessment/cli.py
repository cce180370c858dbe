"""Commands: flask --app assessment create-admin | seed-demo | send-mail."""
from __future__ import annotations

import click
from flask import Flask, current_app
from flask.cli import with_appcontext
from sqlalchemy import select

from . import demo
from .auth.forms import PASSWORD_MESSAGES
from .auth.models import User
from .auth.passwords import hash_password, problem_with
from .extensions import db


@click.command("create-admin")
@with_appcontext
@click.option("--email", prompt=True, help="The administrator's email, used to log in.")
@click.option("--name", default="Administrator", show_default=True,
              help="The name other people see in the app.")
@click.password_option(help="At least 8 characters; asked for when not given.")
def create_admin(email: str, name: str, password: str) -> None:
    """Create an administrator account."""
    email = email.strip().lower()
    problem = problem_with(password)
    if problem is not None:
        raise click.BadParameter(str(PASSWORD_MESSAGES[problem]), param_hint="password")
    if db.session.scalar(select(User).where(User.email == email)):
        raise click.ClickException(f"An account with the email {email} already exists.")
    db.session.add(User(email=email, name=name, role="admin",
                        password_hash=hash_password(password,
                                                    current_app.config["PASSWORD_HASH_METHOD"])))
    db.session.commit()
    click.echo(f"Administrator {email} created.")


@click.command("seed-demo")
@with_appcontext
def seed_demo() -> None:
    """Load demonstration data (marked DEMO), once."""
    if not demo.load(current_app.config["PASSWORD_HASH_METHOD"]):
        click.echo("Demo data is already loaded.")
        return
    click.echo("Demo data loaded. Every demo account uses the password "
               f"'{demo.DEMO_PASSWORD}':")
    for email, role in demo.ACCOUNTS:
        click.echo(f"  {role:6} {email}")


def init_app(app: Flask) -> None:
    app.cli.add_command(create_admin)
    app.cli.add_command(seed_demo)
    from .mail.commands import send_mail

    app.cli.add_command(send_mail)
