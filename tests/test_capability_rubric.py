"""Loading the rubric file: complete in both languages, or a message naming the fault."""
import pytest

from assessment.capability.rubric import load_rubric, rubric
from assessment.questionnaires import QUESTIONNAIRES_DIR, QuestionnaireError

SOURCE = (QUESTIONNAIRES_DIR / "capability-v1.toml").read_text()


def test_the_rubric_has_seven_practices_with_four_levels_in_both_languages():
    loaded = rubric()
    assert (loaded.id, loaded.version) == ("capability", 1)
    assert len(loaded.practices) == 7
    assert loaded.levels[1].en == "Initially Developed"
    assert loaded.levels[4].es == "Desarrollo completo"
    for practice in loaded.practices:
        assert sorted(practice.descriptors) == [1, 2, 3, 4]
        assert practice.title.en and practice.title.es
    assert "yearly budget" in loaded.practice("budget").best_practice.en


def broken(tmp_path, text):
    path = tmp_path / "capability-v9.toml"
    path.write_text(text)
    return path


def test_a_missing_translation_names_the_file_and_item(tmp_path):
    text = SOURCE.replace('es = "El programa tiene poco o ningún presupuesto formal."', "")
    with pytest.raises(QuestionnaireError,
                       match=r"capability-v9.toml: practice 'budget' descriptors level 1 has no es text"):
        load_rubric(broken(tmp_path, text))


def test_a_missing_level_names_the_file_and_practice(tmp_path):
    start = SOURCE.index("[practices.descriptors.4]\nen = \"The program has a yearly")
    end = SOURCE.index("[[practices]]", start)
    with pytest.raises(QuestionnaireError, match=r"practice 'budget' descriptors have no level 4"):
        load_rubric(broken(tmp_path, SOURCE[:start] + SOURCE[end:]))


def test_a_missing_id_names_the_practice_number(tmp_path):
    with pytest.raises(QuestionnaireError, match=r"practice 5 needs 'id'"):
        load_rubric(broken(tmp_path, SOURCE.replace('id = "budget"\n', "")))


def test_repeated_ids_and_bad_toml_are_refused(tmp_path):
    with pytest.raises(QuestionnaireError, match="ids repeat"):
        load_rubric(broken(tmp_path, SOURCE.replace('id = "budget"', 'id = "mapping"')))
    with pytest.raises(QuestionnaireError, match="not valid TOML"):
        load_rubric(broken(tmp_path, SOURCE + "\n[[["))
