"""One text in two languages: an edit in one language marks the other until it catches up."""
from assessment.questionnaires import Text

ORIGINAL = Text("Name a career-pathways lead.", "Nombre a una persona responsable.")


def test_an_english_edit_leaves_spanish_readers_the_english_text_marked_untranslated():
    edited = ORIGINAL.edited("Name Rosa as career-pathways lead.", ORIGINAL.es)
    assert edited.untranslated == "es"
    assert edited.in_language("es") == "Name Rosa as career-pathways lead."
    assert not edited.is_translated("es") and edited.is_translated("en")


def test_writing_the_lagging_language_clears_the_mark():
    edited = ORIGINAL.edited("Name Rosa as lead.", ORIGINAL.es)
    caught_up = edited.edited(edited.en, "Nombre a Rosa como responsable.")
    assert caught_up.untranslated is None
    assert caught_up.in_language("es") == "Nombre a Rosa como responsable."


def test_a_second_edit_in_the_same_language_keeps_the_other_marked():
    edited = ORIGINAL.edited("One.", ORIGINAL.es).edited("Two.", ORIGINAL.es)
    assert edited.untranslated == "es" and edited.in_language("es") == "Two."


def test_both_languages_written_at_once_need_no_mark_and_nothing_changed_keeps_it():
    assert ORIGINAL.edited("A.", "B.").untranslated is None
    marked = ORIGINAL.edited("A.", ORIGINAL.es)
    assert marked.edited(marked.en, marked.es) == marked


def test_a_text_written_in_spanish_only_shows_in_english_marked():
    text = Text.written_in("es", "Capacitar a supervisores.")
    assert text.in_language("en") == "Capacitar a supervisores."
    assert not text.is_translated("en") and text.is_translated("es")
