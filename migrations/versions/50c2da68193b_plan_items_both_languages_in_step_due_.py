"""plan items: both languages in step, due dates set by hand, remake and restore

Revision ID: 50c2da68193b
Revises: 446b200f2cc8
Create Date: 2026-11-23 16:25:36.739218

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = '50c2da68193b'
down_revision = '446b200f2cc8'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('plan', schema=None) as batch_op:
        batch_op.add_column(sa.Column('made_on', sa.Date(), nullable=True))
    as_date = "date(created_at)" if op.get_bind().dialect.name == "sqlite" else "CAST(created_at AS DATE)"
    op.execute(f"UPDATE plan SET made_on = {as_date}")
    with op.batch_alter_table('plan', schema=None) as batch_op:
        batch_op.alter_column('made_on', existing_type=sa.Date(), nullable=False)

    with op.batch_alter_table('plan_item', schema=None) as batch_op:
        batch_op.add_column(sa.Column('target_untranslated', sa.String(length=2), nullable=True))
        batch_op.add_column(sa.Column('activity_lines', sa.JSON(), nullable=True))
        batch_op.add_column(sa.Column('due_set_by_hand', sa.Boolean(), nullable=False, server_default=sa.false()))
        batch_op.add_column(sa.Column('edited', sa.Boolean(), nullable=False, server_default=sa.false()))
        batch_op.add_column(sa.Column('removed_at', sa.DateTime(), nullable=True))
    # Items saved by someone, or added by hand, are kept as they are when a plan is remade.
    op.execute("UPDATE plan_item SET edited = true WHERE version > 1 OR practice_id IS NULL")
    _activities_as_lines()
    with op.batch_alter_table('plan_item', schema=None) as batch_op:
        batch_op.alter_column('activity_lines', existing_type=sa.JSON(), nullable=False)
        batch_op.drop_column('activities_en')
        batch_op.drop_column('activities_es')
    _restore_suggested_roles()


def _pair(en_text, es_text):
    """Line n of the English goes with line n of the Spanish; a line one language lacks
    shows the other's text, marked untranslated in it."""
    en = [line.strip() for line in (en_text or "").splitlines() if line.strip()]
    es = [line.strip() for line in (es_text or "").splitlines() if line.strip()]
    lines = []
    for n in range(max(len(en), len(es))):
        if n >= len(es):
            lines.append({"en": en[n], "es": en[n], "untranslated": "es", "funds": None})
        elif n >= len(en):
            lines.append({"en": es[n], "es": es[n], "untranslated": "en", "funds": None})
        else:
            lines.append({"en": en[n], "es": es[n], "untranslated": None, "funds": None})
    return lines


def _activities_as_lines():
    bind = op.get_bind()
    lines = sa.table("plan_item", sa.column("id"), sa.column("activity_lines", sa.JSON()))
    for item_id, en_text, es_text in bind.execute(sa.text(
            "SELECT id, activities_en, activities_es FROM plan_item")).all():
        bind.execute(lines.update().where(lines.c.id == item_id)
                     .values(activity_lines=_pair(en_text, es_text)))


def _restore_suggested_roles():
    """Before this version, saving an item wrote its untouched suggested roles as literal text
    in the editor's language; make them suggestions again, shown in each reader's language."""
    from assessment.planning.library import library

    bind = op.get_bind()
    rows = bind.execute(sa.text(
        "SELECT plan_item.id, plan_item.practice_id, plan.library_version, plan_item.lead, "
        "plan_item.contributors, plan_item.stakeholders FROM plan_item JOIN plan "
        "ON plan.id = plan_item.plan_id WHERE plan_item.practice_id IS NOT NULL")).all()
    for item_id, practice_id, version, *values in rows:
        roles = library(version).practices[practice_id].roles
        for kind, value in zip(("lead", "contributors", "stakeholders"), values):
            role = roles[kind]
            if value and " ".join(value.casefold().split()) in {
                    " ".join(role.en.casefold().split()), " ".join(role.es.casefold().split())}:
                bind.execute(sa.text(f"UPDATE plan_item SET {kind} = NULL WHERE id = :id"),
                             {"id": item_id})


def downgrade():
    op.execute("DELETE FROM plan_item WHERE removed_at IS NOT NULL")  # no way to mark them
    with op.batch_alter_table('plan_item', schema=None) as batch_op:
        batch_op.add_column(sa.Column('activities_en', sa.Text(), nullable=True))
        batch_op.add_column(sa.Column('activities_es', sa.Text(), nullable=True))
    bind = op.get_bind()
    items = sa.table("plan_item", sa.column("id"), sa.column("activity_lines", sa.JSON()),
                     sa.column("activities_en"), sa.column("activities_es"))
    for item_id, lines in bind.execute(sa.select(items.c.id, items.c.activity_lines)).all():
        bind.execute(items.update().where(items.c.id == item_id).values(
            activities_en="\n".join(line["en"] for line in lines),
            activities_es="\n".join(line["es"] for line in lines)))
    with op.batch_alter_table('plan_item', schema=None) as batch_op:
        batch_op.alter_column('activities_en', existing_type=sa.Text(), nullable=False)
        batch_op.alter_column('activities_es', existing_type=sa.Text(), nullable=False)
        batch_op.drop_column('removed_at')
        batch_op.drop_column('edited')
        batch_op.drop_column('due_set_by_hand')
        batch_op.drop_column('activity_lines')
        batch_op.drop_column('target_untranslated')

    with op.batch_alter_table('plan', schema=None) as batch_op:
        batch_op.drop_column('made_on')
