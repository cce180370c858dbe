"""The survey and rater pages write their radio buttons, boxes and text areas in the
template rather than through WTForms' widgets (issue 15: the widgets were half of a
survey page's time). These tests hold the written markup to what WTForms itself writes
for the same field, answered and unanswered, with and without an error, in both
languages and for every questionnaire a worker can meet."""
from types import SimpleNamespace

import pytest
from flask import render_template
from markupsafe import escape
from werkzeug.datastructures import MultiDict

from assessment.survey.forms import answers_from, field_name, section_form
from assessment.survey.instruments import EXIT_ID, exit_survey
from assessment.survey.questionnaire import SURVEY_ID, survey

INSTRUMENTS = [(SURVEY_ID, survey(1)), (SURVEY_ID, survey(2)), (EXIT_ID, exit_survey())]


def _posted(section, wrong: bool) -> MultiDict:
    """A post answering each question: first choice, two boxes, a text with markup in it;
    wrong: a made-up choice for every choice question."""
    data = MultiDict()
    for item in section.items:
        name = field_name(item)
        if item.type == "text":
            data.add(name, 'Fair pay & "clear" <paths>')
        elif wrong:
            data.add(name, "made-up")
        elif item.type == "multiple":
            for choice in item.choices[:2]:
                data.add(name, choice.id)
        else:
            data.add(name, item.choices[0].id)
    return data


def _widgets_markup(form, section) -> list[str]:
    """Each input exactly as WTForms' widgets write it."""
    pieces = []
    for item in section.items:
        field = getattr(form, field_name(item))
        if item.type == "text":
            described = " ".join(filter(None, [f"{field.id}-hint" if item.hint else "",
                                               f"{field.id}-error" if field.errors else ""]))
            pieces += [str(field.label()),
                       str(field(aria_describedby=described or False, maxlength=1000))]
        else:
            pieces += [str(option()) for option in field]
    return pieces


@pytest.mark.parametrize("kind,questionnaire", INSTRUMENTS,
                         ids=["staff-v1", "staff-v2", "exit-v1"])
@pytest.mark.parametrize("language", ["en", "es"])
@pytest.mark.parametrize("wrong", [False, True], ids=["answered", "with-errors"])
def test_survey_page_inputs_are_the_ones_wtforms_writes(app, kind, questionnaire, language,
                                                        wrong):
    wave = SimpleNamespace(questionnaire_id=kind, questionnaire_version=questionnaire.version,
                           code="ABCDEF", name="Survey")
    for section in questionnaire.sections:
        with app.test_request_context(f"/survey/section/{section.number}", method="POST",
                                      data=_posted(section, wrong),
                                      headers={"Accept-Language": language}):
            form = section_form(section, language, meta={"csrf": False})
            form.validate()
            problems = {item.id: getattr(form, field_name(item)).errors
                        for item in section.items if getattr(form, field_name(item)).errors}
            assert bool(problems) == (wrong and any(i.type != "text" for i in section.items))
            page = render_template(
                "survey/section.html", wave=wave, questionnaire=questionnaire,
                section=section, response_id="r-1", answers=answers_from(form, section),
                problems=problems, language=language, resume_code=None, last=False)
            for piece in _widgets_markup(form, section):
                assert piece in page, (section.id, piece)
            for errors in problems.values():
                assert str(escape(" ".join(str(e) for e in errors))) in page


def test_unanswered_page_ticks_nothing(app):
    wave = SimpleNamespace(questionnaire_id=SURVEY_ID, questionnaire_version=2, code="ABCDEF",
                           name="Survey")
    questionnaire = survey(2)
    with app.test_request_context("/survey/section/1"):
        section = questionnaire.section(1)
        form = section_form(section, "en", formdata=None, meta={"csrf": False})
        page = render_template(
            "survey/section.html", wave=wave, questionnaire=questionnaire, section=section,
            response_id="r-1", answers={}, problems={}, language="en", resume_code=None,
            last=False)
    assert " checked" not in page
    for piece in _widgets_markup(form, section):
        assert piece in page


@pytest.mark.parametrize("language", ["en", "es"])
@pytest.mark.parametrize("posted", [None, "2", "not_sure", "9", "too-long"],
                         ids=["fresh", "level-2", "not-sure", "made-up", "evidence-too-long"])
def test_rater_page_inputs_are_the_ones_wtforms_writes(app, language, posted):
    from assessment.capability.forms import rating_form
    from assessment.capability.rating_views import _practice_page
    from assessment.capability.rubric import rubric

    current = rubric()
    practice = current.practice_number(3)
    evidence = "x" * 2001 if posted == "too-long" else "We <do> this & that"
    data = {} if posted is None else {"level": "2" if posted == "too-long" else posted,
                                      "evidence": evidence}
    with app.test_request_context("/rate/practices/3", method="POST" if data else "GET",
                                  data=data, headers={"Accept-Language": language}):
        form = rating_form(practice, language, meta={"csrf": False})
        if data:
            form.validate()
        page, status = _practice_page(current, practice, language, False, form.level.data,
                                      form.evidence.data, form.errors)
        described = "evidence-hint" + (" evidence-error" if form.evidence.errors else "")
        pieces = [str(option()) for option in form.level] + [
            str(form.submit(class_="button")), str(form.evidence.label()),
            str(form.evidence(aria_describedby=described,
                              aria_invalid="true" if form.evidence.errors else False))]
        messages = [str(escape(" ".join(str(e) for e in errors)))
                    for errors in form.errors.values()]
    assert len(pieces) == 8
    for piece in pieces:
        assert piece in page, piece
    for message in messages:
        assert message in page
    assert status == 200
    assert ("error-summary" in page) == (posted not in (None, "2", "not_sure"))
    assert page.count(" checked") == (posted in ("2", "not_sure", "too-long"))
