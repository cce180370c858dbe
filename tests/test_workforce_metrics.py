"""The workforce formulas on hand-checked figures, empty periods and zero denominators."""
from datetime import date
from decimal import Decimal

from assessment.workforce import metrics
from assessment.workforce.metrics import Counts, Period

D = Decimal


def test_rates_on_a_hand_checked_year():
    # 40 at the start, 44 at the end: average 42. 6 left (4 by choice), 10 hired.
    counts = Counts(headcount_start=40, headcount_end=44, hires=10, promotions=3,
                    internal_fills=5, separations_voluntary=4, separations_involuntary=2,
                    retained=35, budgeted_positions=50, vacant_positions=6)
    assert metrics.turnover_rate(counts) == D("14.3")            # 6 / 42
    assert metrics.voluntary_turnover_rate(counts) == D("9.5")   # 4 / 42
    assert metrics.involuntary_turnover_rate(counts) == D("4.8")  # 2 / 42
    assert metrics.retention_rate(counts) == D("87.5")           # 35 / 40
    assert metrics.promotion_rate(counts) == D("7.1")            # 3 / 42
    assert metrics.internal_fill_rate(counts) == D("33.3")       # 5 / (10 + 5)
    assert metrics.vacancy_rate(counts) == D("12.0")             # 6 / 50
    assert metrics.problems(counts) == []


def test_an_empty_period_gives_no_figure_rather_than_zero():
    empty = Counts(headcount_start=0, headcount_end=0)
    assert all(value is None for value in metrics.rates(empty).values())


def test_unknown_figures_give_no_figure():
    counts = Counts(headcount_start=10, headcount_end=10)
    assert metrics.retention_rate(counts) is None       # retained not given
    assert metrics.vacancy_rate(counts) is None         # no budgeted positions
    assert metrics.internal_fill_rate(counts) is None   # nothing filled
    assert metrics.turnover_rate(counts) == D("0.0")    # nobody left: a true zero


def test_zero_budgeted_positions_is_no_figure():
    assert metrics.vacancy_rate(Counts(5, 5, budgeted_positions=0, vacant_positions=0)) is None


def test_impossible_figures_are_named():
    assert "retention_over_100" in metrics.problems(Counts(10, 12, hires=2, retained=11))
    assert "vacancy_over_100" in metrics.problems(Counts(10, 10, budgeted_positions=5,
                                                         vacant_positions=6))
    assert "negative" in metrics.problems(Counts(10, 10, hires=-1))
    assert "separations_over_staff" in metrics.problems(Counts(3, 0, separations_voluntary=4))


def test_median_pay_and_the_gap_follow_product_rule():
    assert metrics.median_pay([D("18"), D("20"), D("22"), D("30")]) == D("21.00")
    assert metrics.median_pay([]) is None
    # (20 - 18) / 20 = 10 %
    assert metrics.pay_gap_percent(D("20.00"), D("18.00")) == D("10.0")
    assert metrics.pay_gap_percent(D("18.00"), D("20.00")) == D("-11.1")
    assert metrics.pay_gap_percent(None, D("18")) is None
    assert metrics.pay_gap_percent(D("0"), D("18")) is None


def test_average_tenure_and_caseload():
    assert metrics.average([D("1"), D("2"), D("4")]) == D("2.3")
    assert metrics.average([]) is None
    assert metrics.years_between(date(2020, 1, 1), date(2024, 1, 1)) == D(1461) / D("365.25")
    assert metrics.caseload_percent_of_best(D("18"), D("15")) == D("120.0")
    assert metrics.caseload_percent_of_best(D("18"), None) is None


def test_periods_know_their_days():
    assert (Period(2025).start, Period(2025).end) == (date(2025, 1, 1), date(2025, 12, 31))
    assert (Period(2025, 1).start, Period(2025, 1).end) == (date(2025, 1, 1), date(2025, 3, 31))
    assert (Period(2024, 4).start, Period(2024, 4).end) == (date(2024, 10, 1), date(2024, 12, 31))
    assert Period(2025, 2).key == "2025-Q2"


def test_change_since_first_period():
    assert metrics.change(D("30.0"), D("42.5")) == D("12.5")
    assert metrics.change(None, D("42.5")) is None
