"""Strict reading of JSONL records and in-place rewriting of one field."""

from __future__ import annotations

import json
import random

import pytest

from cleaner.jsonrecord import loads, replace_field


@pytest.mark.parametrize("text", ['{"r": NaN}', '{"r": Infinity}', '{"r": [-Infinity]}', '{"r": 1e400}',
                                  '{"r": -2.5e309}'])
def test_values_python_reads_but_json_does_not_have_are_refused(text):
    with pytest.raises(ValueError):
        loads(text)


def test_ordinary_numbers_read_as_json_loads_reads_them():
    text = '{"a": 1.10, "b": -0.0, "c": 1e308, "d": 12345678901234567890, "e": 5e-324}'
    assert loads(text) == json.loads(text)


def test_only_the_value_of_the_last_top_level_key_changes():
    line = '{"text": "first", "nested": {"text": "inner"}, "n": 1.50, "text" :"last"  }'
    out = replace_field(line, "text", "new\u2028line é")
    assert out == '{"text": "first", "nested": {"text": "inner"}, "n": 1.50, "text" :"new\u2028line é"  }'
    assert json.loads(out)["text"] == "new\u2028line é"


def test_a_record_without_the_key_gains_it():
    assert json.loads(replace_field('{"id": "a"}', "text", "x")) == {"id": "a", "text": "x"}


def test_random_records_keep_everything_but_the_replaced_value():
    rng = random.Random(7)
    values = [1, -0.5, "a\"b\\c", None, True, [1, {"text": 2}], {"k": "v"}, "ü\u2028", 1e-7]
    for _ in range(300):
        keys = rng.sample(["id", "text", "url", "x", "y", "z"], rng.randint(1, 6))
        record = {k: rng.choice(values) for k in keys}
        line = json.dumps(record, ensure_ascii=rng.random() < 0.5, separators=rng.choice([(",", ":"), (", ", ": ")]))
        out = replace_field(line, "text", "replaced")
        assert json.loads(out) == {**record, "text": "replaced"}
        if "text" in record:
            start = line.index('"text"')
            assert out[:start] == line[:start]  # nothing before the field moved
