"""Workers change speed, never results."""

import json

from cleaner.cli import main
from cleaner import parallel


def test_workers_give_identical_output_in_input_order(tmp_path, typo_rule, monkeypatch):
    monkeypatch.setattr(parallel, "BATCH_DOCS", 3)  # many small batches: ordering is exercised
    lines = []
    for i in range(40):
        text = f"record {i} teh end" if i % 3 else f"record {i} clean"
        lines.append(json.dumps({"id": f"r{i}", "text": text}))
    lines.insert(7, "{broken")
    src = tmp_path / "in.jsonl"
    src.write_text("\n".join(lines) + "\n")
    outputs = []
    for workers in ("1", "2"):
        out = tmp_path / f"out{workers}.jsonl"
        rejects = tmp_path / f"rej{workers}.jsonl"
        assert main(["clean", str(src), "-o", str(out), "--rejects", str(rejects), "--workers", workers]) == 1
        outputs.append((out.read_text(), rejects.read_text()))
    assert outputs[0] == outputs[1]
    ids = [json.loads(x)["id"] for x in outputs[0][0].splitlines()]
    assert ids == [f"r{i}" for i in range(40)]
    assert json.loads(outputs[0][1])["line"] == 8
