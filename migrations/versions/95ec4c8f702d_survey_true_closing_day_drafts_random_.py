"""survey: true closing day, drafts, random keys, each answer once, people-based agreement, start limits

Repairs databases that double taps already corrupted: every sent answer is kept once,
and the tallies are rebuilt from the de-duplicated answers, with each practice's count of
people who agree (the rule of assessment/survey/agreement.py, for the questionnaire
version 1 the waves were opened with). Responses and answers get random keys and are
written back in random order; answers of responses still in progress become their
drafts; written answers are kept apart from the responses they came from.

Downgrading gives responses and answers integer ids again and turns drafts back into
answer rows, but drops the written answers: they are no longer linked to a response.

Revision ID: 95ec4c8f702d
Revises: 50c2da68193b
Create Date: 2026-11-23 16:29:56.690992

"""
import json
import tomllib
from collections import defaultdict
from datetime import timedelta
from pathlib import Path

import sqlalchemy as sa
from alembic import op


# revision identifiers, used by Alembic.
revision = '95ec4c8f702d'
down_revision = '50c2da68193b'
branch_labels = None
depends_on = None

# The instrument every wave so far was opened with; a versioned file, never changed.
SURVEY_V1 = Path(__file__).resolve().parents[2] / "questionnaires" / "staff-survey-v1.toml"
IN_KEY_ORDER = {"sqlite_with_rowid": False}


def _random_key(dialect: str) -> str:
    """SQL for a new random 32-character key, different on every row."""
    if dialect == "sqlite":
        return "lower(hex(randomblob(16)))"
    return "replace(CAST(gen_random_uuid() AS TEXT), '-', '')"


def _v1() -> dict:
    """What the data migration needs to know of the version 1 questionnaire."""
    data = tomllib.loads(SURVEY_V1.read_text(encoding="utf-8"))
    scale = data["scales"]["agreement"]
    counted = [c["id"] for c in scale["choices"] if c["id"] not in scale["not_counted"]]
    scores = {choice: n for n, choice in enumerate(counted, start=1)}
    items = [item for section in data["sections"] for item in section["items"]]
    keys = []
    for item in items:
        if item["type"] == "agreement":
            keys += [(item["id"], c["id"]) for c in scale["choices"]]
        elif item["type"] in ("single", "multiple"):
            keys += [(item["id"], c["id"]) for c in item["choices"]]
        elif item["type"] == "demographic":
            keys += [(item["id"], c["id"]) for c in item["choices"]]
            keys.append((item["id"], "prefer_not_to_say"))
    practices = {item["id"]: item["practice"] for item in items if item["type"] == "agreement"}
    keys += [(f"practice:{p}", verdict) for p in set(practices.values())
             for verdict in ("agree", "not_agree")]
    return {"scores": scores, "agrees_from": min(scores[c] for c in scale["agreeing"]),
            "practices": practices, "keys": sorted(keys),
            "text": [item["id"] for item in items if item["type"] == "text"],
            "multiple": {item["id"] for item in items if item["type"] == "multiple"}}


def _create_response_and_answer_tables() -> None:
    op.create_table(
        'survey_response',
        sa.Column('id', sa.String(length=32), nullable=False),
        sa.Column('wave_id', sa.Integer(), nullable=False),
        sa.Column('public_id', sa.String(length=36), nullable=True),
        sa.Column('resume_digest', sa.String(length=64), nullable=True),
        sa.Column('language', sa.String(length=2), nullable=False),
        sa.Column('started_on', sa.Date(), nullable=False),
        sa.Column('submitted_on', sa.Date(), nullable=True),
        sa.Column('draft', sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(['wave_id'], ['survey_wave.id'], name=op.f('fk_survey_response_wave_id_survey_wave'), ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_survey_response')),
        sa.UniqueConstraint('public_id', name=op.f('uq_survey_response_public_id')),
        sa.UniqueConstraint('resume_digest', name=op.f('uq_survey_response_resume_digest')),
        **IN_KEY_ORDER)
    op.create_index(op.f('ix_survey_response_wave_id'), 'survey_response', ['wave_id'], unique=False)
    op.create_table(
        'survey_answer',
        sa.Column('id', sa.String(length=32), nullable=False),
        sa.Column('response_id', sa.String(length=32), nullable=False),
        sa.Column('item_id', sa.String(length=40), nullable=False),
        sa.Column('value', sa.String(length=40), nullable=False),
        sa.ForeignKeyConstraint(['response_id'], ['survey_response.id'], name=op.f('fk_survey_answer_response_id_survey_response'), ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_survey_answer')),
        sa.UniqueConstraint('response_id', 'item_id', 'value', name='uq_survey_answer_response_item_value'),
        **IN_KEY_ORDER)


def _drop_response_and_answer_tables() -> None:
    op.drop_table('survey_answer')
    op.drop_index(op.f('ix_survey_response_wave_id'), table_name='survey_response')
    op.drop_table('survey_response')


def upgrade():
    bind = op.get_bind()
    key = _random_key(bind.dialect.name)
    v1 = _v1()
    # In place (never batch mode, which on SQLite would copy and drop survey_wave and,
    # with foreign keys on, every response of it).
    op.add_column('survey_wave', sa.Column('closed_on', sa.Date(), nullable=True))
    op.create_table('survey_start_count',
    sa.Column('key_digest', sa.String(length=64), nullable=False),
    sa.Column('hour', sa.DateTime(), nullable=False),
    sa.Column('count', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('key_digest', 'hour', name=op.f('pk_survey_start_count'))
    )
    op.create_index(op.f('ix_survey_start_count_hour'), 'survey_start_count', ['hour'], unique=False)
    op.create_table('survey_open_answer',
    sa.Column('id', sa.String(length=32), nullable=False),
    sa.Column('wave_id', sa.Integer(), nullable=False),
    sa.Column('item_id', sa.String(length=40), nullable=False),
    sa.Column('value', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['wave_id'], ['survey_wave.id'], name=op.f('fk_survey_open_answer_wave_id_survey_wave'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_survey_open_answer')),
    **IN_KEY_ORDER
    )
    op.create_index(op.f('ix_survey_open_answer_wave_id'), 'survey_open_answer', ['wave_id'], unique=False)

    # Set the old rows aside, each response with its new random key.
    op.execute("CREATE TABLE old_survey_response AS SELECT id, wave_id, public_id, "
               "resume_digest, language, started_on, submitted_on FROM survey_response")
    op.execute("CREATE TABLE old_survey_answer AS "
               "SELECT DISTINCT response_id, item_id, value FROM survey_answer")
    op.execute("ALTER TABLE old_survey_response ADD COLUMN new_id VARCHAR(32)")
    op.execute(f"UPDATE old_survey_response SET new_id = {key}")
    op.drop_index('ix_survey_answer_item_value', table_name='survey_answer')
    op.drop_index(op.f('ix_survey_answer_response_id'), table_name='survey_answer')
    _drop_response_and_answer_tables()
    _create_response_and_answer_tables()

    # Responses in random order; a sent one keeps neither its id nor its resume code.
    op.execute(
        "INSERT INTO survey_response (id, wave_id, public_id, resume_digest, language, "
        "started_on, submitted_on, draft) SELECT new_id, wave_id, "
        "CASE WHEN submitted_on IS NULL THEN public_id END, "
        "CASE WHEN submitted_on IS NULL THEN resume_digest END, language, started_on, "
        "submitted_on, CASE WHEN submitted_on IS NULL THEN '{}' END "
        "FROM old_survey_response ORDER BY random()")
    text_items = ", ".join(f"'{item_id}'" for item_id in v1["text"]) or "''"
    # Sent answers, each once, in random order under random keys.
    op.execute(
        f"INSERT INTO survey_answer (id, response_id, item_id, value) "
        f"SELECT {key}, r.new_id, a.item_id, a.value FROM old_survey_answer a "
        f"JOIN old_survey_response r ON r.id = a.response_id "
        f"WHERE r.submitted_on IS NOT NULL AND a.item_id NOT IN ({text_items}) "
        f"AND length(a.value) <= 40 ORDER BY random()")
    # Written answers, each once, apart from the responses they came from.
    op.execute(
        f"INSERT INTO survey_open_answer (id, wave_id, item_id, value) "
        f"SELECT {key}, r.wave_id, a.item_id, a.value FROM old_survey_answer a "
        f"JOIN old_survey_response r ON r.id = a.response_id "
        f"WHERE r.submitted_on IS NOT NULL AND a.item_id IN ({text_items}) "
        f"AND a.value <> '' ORDER BY random()")
    _drafts_from_answers(bind, v1)
    _rebuild_tallies(bind, v1)
    op.drop_table('old_survey_answer')
    op.drop_table('old_survey_response')


def _drafts_from_answers(bind, v1: dict) -> None:
    drafts: dict[str, dict] = defaultdict(dict)
    for response_id, item_id, value in bind.execute(sa.text(
            "SELECT r.new_id, a.item_id, a.value FROM old_survey_answer a "
            "JOIN old_survey_response r ON r.id = a.response_id "
            "WHERE r.submitted_on IS NULL ORDER BY a.item_id, a.value")):
        if item_id in v1["multiple"]:
            drafts[response_id].setdefault(item_id, []).append(value)
        else:
            drafts[response_id][item_id] = value
    for response_id, draft in drafts.items():
        bind.execute(sa.text("UPDATE survey_response SET draft = :draft WHERE id = :id"),
                     {"draft": json.dumps(draft, sort_keys=True), "id": response_id})


def _rebuild_tallies(bind, v1: dict) -> None:
    """Every count of every wave from the de-duplicated answers, in a fixed order."""
    counts: dict[int, dict[tuple[str, str], int]] = defaultdict(dict)
    for wave_id, item_id, value, n in bind.execute(sa.text(
            "SELECT r.wave_id, a.item_id, a.value, COUNT(*) FROM survey_answer a "
            "JOIN survey_response r ON r.id = a.response_id "
            "GROUP BY r.wave_id, a.item_id, a.value")):
        counts[wave_id][(item_id, value)] = n
    op.create_table('tmp_item_practice', sa.Column('item_id', sa.String(40)),
                    sa.Column('practice_id', sa.String(40)))
    op.create_table('tmp_score', sa.Column('value', sa.String(40)),
                    sa.Column('score', sa.Integer()))
    bind.execute(sa.text("INSERT INTO tmp_item_practice VALUES (:item, :practice)"),
                 [{"item": i, "practice": p} for i, p in v1["practices"].items()])
    bind.execute(sa.text("INSERT INTO tmp_score VALUES (:value, :score)"),
                 [{"value": v, "score": s} for v, s in v1["scores"].items()])
    # Per person and practice: agrees when the sum of scores reaches agrees_from times
    # the number of counted answers (the average, without rounding).
    for wave_id, practice_id, verdict, n in bind.execute(sa.text(
            "SELECT wave_id, practice_id, verdict, COUNT(*) FROM ("
            " SELECT r.wave_id AS wave_id, m.practice_id AS practice_id,"
            " CASE WHEN SUM(s.score) >= :agrees * COUNT(*) THEN 'agree' ELSE 'not_agree' END"
            " AS verdict"
            " FROM survey_answer a JOIN survey_response r ON r.id = a.response_id"
            " JOIN survey_wave w ON w.id = r.wave_id AND w.questionnaire_version = 1"
            " JOIN tmp_item_practice m ON m.item_id = a.item_id"
            " JOIN tmp_score s ON s.value = a.value"
            " GROUP BY r.wave_id, r.id, m.practice_id) people"
            " GROUP BY wave_id, practice_id, verdict"), {"agrees": v1["agrees_from"]}):
        counts[wave_id][(f"practice:{practice_id}", verdict)] = n
    op.drop_table('tmp_score')
    op.drop_table('tmp_item_practice')
    bind.execute(sa.text("DELETE FROM survey_tally"))
    waves = [row[0] for row in bind.execute(sa.text(
        "SELECT id FROM survey_wave WHERE questionnaire_version = 1 ORDER BY id"))]
    rows = [{"wave": wave_id, "item": item_id, "value": value,
             "n": counts[wave_id].get((item_id, value), 0)}
            for wave_id in waves for item_id, value in v1["keys"]]
    if rows:
        bind.execute(sa.text("INSERT INTO survey_tally (wave_id, item_id, value, count) "
                             "VALUES (:wave, :item, :value, :n)"), rows)


def downgrade():
    bind = op.get_bind()
    key = _random_key(bind.dialect.name)
    op.execute("CREATE TABLE new_survey_response AS SELECT id, wave_id, public_id, "
               "resume_digest, language, started_on, submitted_on, draft FROM survey_response")
    op.execute("CREATE TABLE new_survey_answer AS SELECT response_id, item_id, value "
               "FROM survey_answer")
    op.execute("ALTER TABLE new_survey_response ADD COLUMN old_id INTEGER")
    numbered = [row[0] for row in bind.execute(sa.text(
        "SELECT id FROM new_survey_response ORDER BY id"))]
    if numbered:
        bind.execute(sa.text("UPDATE new_survey_response SET old_id = :n WHERE id = :id"),
                     [{"n": n, "id": i} for n, i in enumerate(numbered, start=1)])
    _drop_response_and_answer_tables()
    op.create_table('survey_response',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('wave_id', sa.Integer(), nullable=False),
    sa.Column('public_id', sa.String(length=36), nullable=False),
    sa.Column('resume_digest', sa.String(length=64), nullable=False),
    sa.Column('language', sa.String(length=2), nullable=False),
    sa.Column('started_on', sa.Date(), nullable=False),
    sa.Column('submitted_on', sa.Date(), nullable=True),
    sa.Column('final_digest', sa.String(length=64), nullable=True),
    sa.ForeignKeyConstraint(['wave_id'], ['survey_wave.id'], name=op.f('fk_survey_response_wave_id_survey_wave'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_survey_response')),
    sa.UniqueConstraint('public_id', name=op.f('uq_survey_response_public_id')),
    sa.UniqueConstraint('resume_digest', name=op.f('uq_survey_response_resume_digest'))
    )
    op.create_index(op.f('ix_survey_response_wave_id'), 'survey_response', ['wave_id'], unique=False)
    op.create_table('survey_answer',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('response_id', sa.Integer(), nullable=False),
    sa.Column('item_id', sa.String(length=40), nullable=False),
    sa.Column('value', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['response_id'], ['survey_response.id'], name=op.f('fk_survey_answer_response_id_survey_response'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_survey_answer'))
    )
    op.create_index('ix_survey_answer_item_value', 'survey_answer', ['item_id', 'value'], unique=False)
    op.create_index(op.f('ix_survey_answer_response_id'), 'survey_answer', ['response_id'], unique=False)
    # The old schema wants an id and a resume digest on every response: sent ones get
    # random values nobody holds.
    op.execute(
        f"INSERT INTO survey_response (id, wave_id, public_id, resume_digest, language, "
        f"started_on, submitted_on) SELECT old_id, wave_id, COALESCE(public_id, {key}), "
        f"COALESCE(resume_digest, {key} || {key}), language, started_on, submitted_on "
        f"FROM new_survey_response")
    op.execute("INSERT INTO survey_answer (response_id, item_id, value) "
               "SELECT r.old_id, a.item_id, a.value FROM new_survey_answer a "
               "JOIN new_survey_response r ON r.id = a.response_id")
    answers = []
    for old_id, draft in bind.execute(sa.text(
            "SELECT old_id, draft FROM new_survey_response WHERE draft IS NOT NULL")):
        for item_id, value in json.loads(draft).items():
            answers += [{"r": old_id, "i": item_id, "v": one}
                        for one in (value if isinstance(value, list) else [value])]
    if answers:
        bind.execute(sa.text("INSERT INTO survey_answer (response_id, item_id, value) "
                             "VALUES (:r, :i, :v)"), answers)
    op.drop_table('new_survey_answer')
    op.drop_table('new_survey_response')
    op.execute("DELETE FROM survey_tally WHERE item_id LIKE 'practice:%'")
    # The old way of closing early: the day before becomes the last day.
    for wave_id, opens_on, closed_on in bind.execute(sa.text(
            "SELECT id, opens_on, closed_on FROM survey_wave WHERE closed_on IS NOT NULL")
            .columns(sa.column("id", sa.Integer), sa.column("opens_on", sa.Date),
                     sa.column("closed_on", sa.Date))):
        day_before = closed_on - timedelta(days=1)
        bind.execute(sa.text("UPDATE survey_wave SET closes_on = :end, opens_on = :start "
                             "WHERE id = :id"),
                     {"end": day_before, "start": min(opens_on, day_before), "id": wave_id})
    # Not in batch mode: on SQLite that copies the table and drops the old one, and the
    # drop would delete every response, tally and written answer of the waves with it.
    # SQLite 3.35 and later drop a column in place, as PostgreSQL does.
    op.execute("ALTER TABLE survey_wave DROP COLUMN closed_on")
    op.drop_index(op.f('ix_survey_open_answer_wave_id'), table_name='survey_open_answer')
    op.drop_table('survey_open_answer')
    op.drop_index(op.f('ix_survey_start_count_hour'), table_name='survey_start_count')
    op.drop_table('survey_start_count')
