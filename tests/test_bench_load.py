"""The load script's request plan and figures (the run itself is bench/load.py)."""

from bench.load import KINDS, MIX, available_kinds, percentile


def test_every_category_of_the_mix_has_a_request_kind_in_this_checkout():
    kinds = available_kinds()

    assert set(MIX) <= set(kinds)
    assert {k.name for k in kinds["read"]} >= {"dashboard", "plan detail"}
    # A stand-in is used only while its category has nothing real.
    for category, chosen in kinds.items():
        real = [k for k in chosen if not k.stand_in]
        assert real or len(chosen) == 1, category


def test_kinds_name_urls_that_exist_or_are_left_out():
    names = {k.needs for ks in available_kinds().values() for k in ks}

    assert names <= {k.needs for k in KINDS}
    assert "planner:dashboard" in names


def test_percentiles_are_nearest_rank():
    values = list(range(1, 101))

    assert percentile(values, 50) == 50
    assert percentile(values, 95) == 95
    assert percentile(values, 99) == 99
    assert percentile([], 95) == 0.0
