"""The stay interview guide for supervisors: its questions as bilingual data
(questionnaires/stay-interview-guide-v1.toml) and a printable PDF in either language,
with room under each question for notes. Nothing a supervisor writes is stored.
The page's own words come from gettext: the caller picks the language with force_locale."""
from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from io import BytesIO

from flask_babel import gettext as _
from reportlab.lib import colors
from reportlab.lib.pagesizes import letter
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import inch
from reportlab.platypus import (
    HRFlowable,
    KeepTogether,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
)

from ..pdf_text import fonts, markup
from ..questionnaires import QUESTIONNAIRES_DIR, QuestionnaireError, Text, bilingual, read, required
from .flyer import INK

GUIDE_FILE = "stay-interview-guide-v1.toml"
NOTE_LINES = 3


@dataclass(frozen=True)
class Topic:
    id: str
    title: Text
    questions: tuple[Text, ...]


@dataclass(frozen=True)
class StayGuide:
    title: Text
    intro: Text
    closing: Text
    topics: tuple[Topic, ...]

    def questions(self) -> list[Text]:
        return [question for topic in self.topics for question in topic.questions]


@cache
def stay_guide() -> StayGuide:
    path = QUESTIONNAIRES_DIR / GUIDE_FILE
    data = read(path)
    topics = []
    for number, raw in enumerate(required(data, "topics", list, "the file", path), start=1):
        topic_id = required(raw, "id", str, f"topic {number}", path)
        questions = tuple(bilingual(q, f"topic '{topic_id}' question", path)
                          for q in required(raw, "questions", list, f"topic '{topic_id}'", path))
        if not questions:
            raise QuestionnaireError(f"{path.name}: topic '{topic_id}' has no questions")
        topics.append(Topic(topic_id, bilingual(raw.get("title"), f"topic '{topic_id}'", path),
                            questions))
    return StayGuide(title=bilingual(data.get("title"), "title", path),
                     intro=bilingual(data.get("intro"), "intro", path),
                     closing=bilingual(data.get("closing"), "closing", path),
                     topics=tuple(topics))


def _labels(organization_name: str) -> dict[str, str]:
    """The few words of the page itself, in the language the caller forced."""
    return {"for": _("For supervisors · %(organization)s", organization=organization_name),
            "with": _("Talk with: ____________________   Date: ____________"),
            "next": _("What we agreed, and by when")}


@cache
def _styles() -> dict[str, ParagraphStyle]:
    regular, bold = fonts()

    def style(name, font, size, after=4, color=colors.black):
        return ParagraphStyle(f"guide-{name}", fontName=font, fontSize=size,
                              leading=size * 1.3, spaceAfter=after, textColor=color)
    return {"title": style("title", bold, 20, 4, INK), "small": style("small", regular, 10, 10),
            "body": style("body", regular, 11, 10), "topic": style("topic", bold, 14, 6, INK),
            "question": style("question", bold, 11, 2), "label": style("label", regular, 9, 2)}


def _note_lines() -> list:
    return [item for _ in range(NOTE_LINES) for item in
            (Spacer(1, 16), HRFlowable(width="100%", thickness=0.5, color=colors.grey))]


def stay_guide_pdf(language: str, organization_name: str) -> bytes:
    """The guide in one language ("en" or "es"), for printing."""
    guide, styles, labels = stay_guide(), _styles(), _labels(organization_name)

    def p(text, style="body") -> Paragraph:
        return Paragraph(markup(text), styles[style])

    story = [p(guide.title.in_language(language), "title"),
             p(labels["for"], "small"),
             p(labels["with"], "small"), p(guide.intro.in_language(language))]
    for number, topic in enumerate(guide.topics, start=1):
        story.append(p(f"{number}. {topic.title.in_language(language)}", "topic"))
        for question in topic.questions:
            story.append(KeepTogether([p(question.in_language(language), "question"),
                                       *_note_lines(), Spacer(1, 8)]))
    story += [Spacer(1, 6), KeepTogether([p(labels["next"], "topic"), *_note_lines()]),
              Spacer(1, 10), p(guide.closing.in_language(language))]
    buffer = BytesIO()
    SimpleDocTemplate(buffer, pagesize=letter, title=guide.title.in_language(language),
                      leftMargin=0.8 * inch, rightMargin=0.8 * inch, topMargin=0.7 * inch,
                      bottomMargin=0.7 * inch).build(story)
    return buffer.getvalue()
