from cases.text.charts import columns, every_year, horizontal_bars


def test_the_longest_bar_fills_the_track_and_the_others_are_in_proportion():
    chart = horizontal_bars([("RU", "Russia", 10), ("CN", "China", 5), ("IR", "Iran", 0)])

    russia, china, iran = chart.bars
    assert russia.width == 2 * china.width
    assert russia.x + russia.width + 50 == chart.width
    assert iran.width == 0
    assert chart.height == 3 * 28
    assert chart.total == 15


def test_rows_do_not_overlap():
    bars = horizontal_bars([(str(n), str(n), n) for n in range(1, 6)]).bars

    for above, below in zip(bars, bars[1:], strict=False):
        assert above.y + above.height < below.y


def test_columns_stand_on_one_baseline_in_order():
    chart = columns([("2019", "2019", 2), ("2020", "2020", 4)])

    first, second = chart.bars
    assert first.y + first.height == second.y + second.height
    assert second.height == 2 * first.height
    assert first.x < second.x


def test_labels_of_many_columns_are_thinned_so_they_do_not_overlap():
    chart = columns([(str(year), str(year), 1) for year in range(1990, 2030)])

    shown = [bar.label_x for bar in chart.bars if bar.show_label]
    assert len(shown) < 40
    assert all(b - a >= 40 for a, b in zip(shown, shown[1:], strict=False))


def test_every_year_fills_the_gaps_with_zero():
    assert every_year({2018: 2, 2021: 1}) == [(2018, 2), (2019, 0), (2020, 0), (2021, 1)]
    assert every_year({}) == []


def test_each_bar_is_reached_through_its_whole_row_or_column():
    rows = horizontal_bars([("RU", "Russia", 10), ("CN", "China", 1)])
    assert [bar.target for bar in rows.bars] == [(0, 0, 460, 28), (0, 28, 460, 28)]

    years = columns([("2019", "2019", 1), ("2020", "2020", 0)])
    assert [bar.target for bar in years.bars] == [(0, 0, 200.0, 142), (200.0, 0, 200.0, 142)]
