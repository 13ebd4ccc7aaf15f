"""`frontwatch tag` through the console script."""

import json

from child import frontwatch


def fw(*args, input_text=None, cwd=None):
    return frontwatch(*args, input_text=input_text, cwd=cwd)


def rules_config(tmp_path):
    path = tmp_path / "config.toml"
    path.write_text('[nlp]\nmodel = ""\n')
    return str(path)


def test_tag_jsonl_writes_one_line_per_input(tmp_path):
    src = tmp_path / "in.jsonl"
    src.write_text(
        json.dumps({"id": "a", "text": "Taliban fighters clashed with the National Resistance Front in Andarab district of Baghlan."})
        + "\n" + json.dumps({"id": 7, "text": "Nothing to see here."}) + "\n"
    )
    result = fw("tag", "--jsonl", str(src), "--config", rules_config(tmp_path), cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    lines = [json.loads(x) for x in result.stdout.splitlines()]
    assert [x["id"] for x in lines] == ["a", 7]
    found = {(e["kind"], e["name"]) for e in lines[0]["entities"]}
    assert {("group", "Taliban"), ("group", "National Resistance Front"), ("province", "Baghlan")} <= found
    andarab = next(e for e in lines[0]["entities"] if e["name"] == "Andarab")
    assert andarab["province"] == "Baghlan"
    text = json.loads(src.read_text().splitlines()[0])["text"]
    for e in lines[0]["entities"]:
        assert text[e["start"]:e["end"]] == e["text"]
        assert {"kind", "name", "text", "start", "end"} <= e.keys()
    assert lines[1]["entities"] == []


def test_tag_reads_stdin_and_prints_mentions_with_sentences(tmp_path):
    text = "KABUL (Pajhwok): The Taliban appointed a new governor for Takhar province on Monday."
    result = fw("tag", "-", "--config", rules_config(tmp_path), input_text=text, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["mode"] == "rules"
    takhar = next(m for m in data["mentions"] if m["name"] == "Takhar")
    assert takhar["kind"] == "province" and "governor" in takhar["sentence"]
