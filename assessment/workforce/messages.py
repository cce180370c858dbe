"""The workforce pages' words: metric names, formulas, and what each roster problem means."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l

from .roster import COLUMNS, RosterProblem

METRIC_LABELS = {
    "promotion_rate": _l("Promotion rate"),
    "internal_fill_rate": _l("Internal fill rate"),
    "retention_rate": _l("Retention rate"),
    "turnover_rate": _l("Turnover rate"),
    "voluntary_turnover_rate": _l("Voluntary turnover rate"),
    "involuntary_turnover_rate": _l("Involuntary turnover rate"),
    "vacancy_rate": _l("Vacancy rate"),
}

FORMULAS = {
    "promotion_rate": _l("Promotions in the period ÷ average headcount × 100."),
    "internal_fill_rate": _l("Positions filled by current staff ÷ all positions filled "
                             "(by current staff or by new hires) × 100. Career pathways "
                             "should raise it."),
    "retention_rate": _l("Of the people employed at the start, those still employed at the "
                         "end ÷ headcount at the start × 100."),
    "turnover_rate": _l("People who left in the period ÷ average headcount × 100."),
    "voluntary_turnover_rate": _l("People who chose to leave ÷ average headcount × 100."),
    "involuntary_turnover_rate": _l("People let go ÷ average headcount × 100."),
    "vacancy_rate": _l("Budgeted positions vacant at the end ÷ budgeted positions × 100."),
}

SPLIT_LABELS = {
    "role": _l("Role"), "track": _l("Track"), "tenure": _l("Time with the organization"),
    "gender": _l("Gender"), "race_ethnicity": _l("Race or ethnicity"),
}
TENURE_LABELS = {
    "under_1": _l("under 1 year"), "1_to_3": _l("1 to 3 years"),
    "3_to_5": _l("3 to 5 years"), "5_plus": _l("5 years or more"),
}
GENDER_LABELS = {"female": _l("Women"), "male": _l("Men")}
NOT_GIVEN = _l("not given")

OUTCOMES = {
    "stayed": _l("employed at the start and the end"),
    "left": _l("left during the period"),
    "hired": _l("hired during the period"),
    "hired_and_left": _l("hired and left during the period"),
    "outside": _l("not employed in this period (not counted)"),
}

COLUMN_LABELS = {
    "role": _l("role"), "track": _l("track"), "start_date": _l("start date"),
    "end_date": _l("end date"), "reason": _l("reason for leaving"),
    "promotion_dates": _l("promotion dates"), "hours": _l("full or part time"),
    "hourly_pay": _l("hourly pay"), "gender": _l("gender"),
    "race_ethnicity": _l("race or ethnicity"), "caseload": _l("caseload"),
}

COUNT_PROBLEMS = {
    "negative": _l("Counts cannot be below zero. Check the numbers you typed."),
    "retention_over_100": _l("More people stayed than were there at the start: the retention "
                             "rate would be over 100 %. Check both numbers."),
    "retained_over_end": _l("More people stayed than were there at the end. Check both "
                            "numbers."),
    "vacancy_over_100": _l("More positions are vacant than are budgeted: the vacancy rate "
                           "would be over 100 %. Check both numbers."),
    "vacant_without_budgeted": _l("Enter the budgeted positions too, or leave vacant "
                                  "positions blank."),
    "separations_over_staff": _l("More people left than the period ever had (headcount at "
                                 "the start plus hires). Check these numbers."),
}

FILE_PROBLEMS = {
    "too_large": _l("The file is larger than 10 MB. Save only the roster's columns and rows, "
                    "or split the year into quarters."),
    "empty": _l("The file is empty. Choose the file that holds your roster."),
    "no_rows": _l("The file has a header row but no people. Add one row per person."),
    "file_type": _l("Upload a CSV file or an Excel workbook (.xlsx)."),
    "not_spreadsheet": _l("This file could not be opened as an Excel workbook. Save it again as "
                          ".xlsx or as CSV."),
    "several_sheets": _l("The workbook has %(value)s sheets. Keep only the roster's sheet, or "
                         "save that sheet as CSV."),
    "formula": _l("The workbook has formulas (row %(row)s). Copy the sheet and paste values "
                  "only, or save it as CSV."),
    "too_many_rows": _l("The roster has more than %(value)s rows. Upload it in parts, one "
                        "period at a time."),
    "repeated_column": _l("The column “%(column)s” appears twice. Keep one."),
    "unknown_columns": _l("These columns are not part of the template: %(value)s. Remove them "
                          "(names must never be uploaded). The columns read are: %(expected)s."),
    "missing_columns": _l("These columns are needed: %(column_names)s. The columns read are: "
                          "%(expected)s."),
}

ROW_PROBLEMS = {
    "blank": _l("Row %(row)s: %(column)s is empty."),
    "bad_date": _l("Row %(row)s: %(column)s “%(value)s” is not a date. Use MM/DD/YYYY, M/D/YY "
                   "or YYYY-MM-DD."),
    "end_before_start": _l("Row %(row)s: the end date is before the start date."),
    "promotion_before_start": _l("Row %(row)s: a promotion date is before the start date."),
    "bad_hours": _l("Row %(row)s: %(column)s “%(value)s” should be “full time” or “part "
                    "time”."),
    "bad_reason": _l("Row %(row)s: %(column)s “%(value)s” should be “voluntary” (for example, "
                     "resigned) or “involuntary” (for example, dismissed)."),
    "bad_number": _l("Row %(row)s: %(column)s “%(value)s” is not a number."),
    "bad_pay": _l("Row %(row)s: hourly pay “%(value)s” should be more than 0 and at most "
                  "1,000 dollars."),
    "negative": _l("Row %(row)s: %(column)s cannot be below zero."),
}


def expected_columns(language: str) -> str:
    index = 1 if language == "es" else 0
    return ", ".join(names[index] for names in COLUMNS.values())


def file_problem(problem: RosterProblem, language: str) -> str:
    column_names = ", ".join(str(COLUMN_LABELS.get(key, key)) for key in
                             problem.value.split("; ")) if problem.code == "missing_columns" else ""
    return str(FILE_PROBLEMS[problem.code]) % {
        "value": problem.value, "row": problem.row,
        "column": COLUMN_LABELS.get(problem.column, problem.column),
        "expected": expected_columns(language), "column_names": column_names}


def row_problem(problem: RosterProblem) -> str:
    return str(ROW_PROBLEMS[problem.code]) % {
        "row": problem.row, "value": problem.value,
        "column": COLUMN_LABELS.get(problem.column, problem.column)}
