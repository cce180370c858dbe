"""Key activities edited as two texts keep each line's translation and funding tag."""
from assessment.planning.activities import as_text, edited, written
from assessment.planning.library import Activity
from assessment.questionnaires import Text

LIBRARY_LINES = (
    Activity(Text("Form a working group.", "Forme un grupo de trabajo."), "existing"),
    Activity(Text("Create a paid peer leadership role.", "Cree un puesto pagado."), "new"),
    Activity(Text("Report to the board.", "Informe a la junta."), "existing"),
)
EN, ES = as_text(LIBRARY_LINES, "en"), as_text(LIBRARY_LINES, "es")


def test_a_line_added_in_english_is_the_only_one_marked_in_spanish():
    result = edited(LIBRARY_LINES, EN + "\nName Rosa as lead.", ES)
    assert result[:3] == LIBRARY_LINES  # translations and tags kept
    assert result[3].text == Text("Name Rosa as lead.", "Name Rosa as lead.", "es")
    assert as_text(result, "es").splitlines()[3] == "Name Rosa as lead."


def test_a_line_reworded_in_spanish_keeps_its_tag_and_marks_only_its_english():
    result = edited(LIBRARY_LINES, EN, ES.replace("Cree un puesto pagado.",
                                                  "Cree un puesto de liderazgo pagado."))
    assert result[1].funds == "new"
    assert result[1].text.untranslated == "en"
    assert result[1].text.in_language("en") == "Cree un puesto de liderazgo pagado."
    assert [a.text.untranslated for a in result] == [None, "en", None]


def test_a_removed_line_goes_in_both_languages():
    result = edited(LIBRARY_LINES, "Form a working group.\nReport to the board.", ES)
    assert result == (LIBRARY_LINES[0], LIBRARY_LINES[2])


def test_writing_the_missing_language_clears_that_lines_mark():
    marked = edited(LIBRARY_LINES, EN + "\nName Rosa as lead.", ES)
    spanish = as_text(marked, "es").replace("Name Rosa as lead.", "Nombre a Rosa.")
    result = edited(marked, as_text(marked, "en"), spanish)
    assert result[3].text == Text("Name Rosa as lead.", "Nombre a Rosa.")
    assert result[:3] == LIBRARY_LINES


def test_saving_without_changes_keeps_the_marks():
    marked = edited(LIBRARY_LINES, EN + "\nName Rosa as lead.", ES)
    assert edited(marked, as_text(marked, "en"), as_text(marked, "es")) == marked


def test_new_activities_in_one_language_show_in_the_other_marked():
    result = written("", "Reservar la sala\nInvitar al personal")
    assert [a.text.untranslated for a in result] == ["en", "en"]
    assert as_text(result, "en") == "Reservar la sala\nInvitar al personal"
    assert written("Book the room", "Reservar la sala")[0].text == Text("Book the room",
                                                                        "Reservar la sala")
