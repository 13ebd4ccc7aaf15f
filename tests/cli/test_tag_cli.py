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


EVENT_KEYS = {"event_type", "sub_event_type", "date", "date_precision", "actors", "claimed_by", "province",
              "district", "place", "pcode", "lat", "lon", "geo_precision", "fatalities", "injured", "historical",
              "sentence", "start", "end"}


def test_tag_jsonl_emits_events_with_relative_dates_resolved(tmp_path):
    src = tmp_path / "in.jsonl"
    lines = [
        {"id": 1, "published": "2024-05-15",
         "text": "Resistance fighters of the National Resistance Front ambushed a Taliban convoy in the Rukha district "
                 "of Panjshir on Monday night, killing eleven Taliban fighters, the NRF said."},
        {"id": 2, "published": "2023-02-01",
         "text": "The Taliban named Mawlawi Abdul Qadir Fitrat as governor of Baghlan on Tuesday."},
        {"id": 3, "text": "The group has vowed to attack Taliban checkpoints across the north."},
        {"id": 4, "published": "May", "text": "x"},
    ]
    src.write_text("".join(json.dumps(x) + "\n" for x in lines))
    result = fw("tag", "--jsonl", str(src), "--config", rules_config(tmp_path), cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    out = [json.loads(x) for x in result.stdout.splitlines()]
    clash = out[0]["events"][0]
    assert EVENT_KEYS <= clash.keys()
    assert (clash["event_type"], clash["sub_event_type"]) == ("Battles", "Armed clash")
    assert (clash["date"], clash["date_precision"]) == ("2024-05-13", "day")
    assert {"name": "National Resistance Front", "side": 1} in clash["actors"]
    assert {"name": "Taliban", "side": 2} in clash["actors"]
    assert (clash["province"], clash["district"], clash["fatalities"], clash["claimed_by"]) == (
        "Panjshir", "Rukha", 11, "National Resistance Front")
    assert lines[0]["text"][clash["start"]:clash["end"]] == clash["sentence"]
    appointment = out[1]["events"][0]
    assert (appointment["sub_event_type"], appointment["appointee"], appointment["post"], appointment["province"],
            appointment["date"]) == ("Appointment", "Abdul Qadir Fitrat", "governor of Baghlan", "Baghlan", "2023-01-31")
    assert out[2]["events"] == []
    assert "published" in out[3]["error"]


def test_tag_lists_mentions_under_both_names(tmp_path):
    """`mentions` is the documented key; `entities` (what `--jsonl` used to write) keeps working, in both modes."""
    text = "Taliban fighters clashed with the National Resistance Front in Andarab district of Baghlan."
    single = fw("tag", "-", "--config", rules_config(tmp_path), input_text=text, cwd=tmp_path)
    assert single.returncode == 0, single.stderr
    src = tmp_path / "in.jsonl"
    src.write_text(json.dumps({"id": "a", "text": text}) + "\n")
    many = fw("tag", "--jsonl", str(src), "--config", rules_config(tmp_path), cwd=tmp_path)
    assert many.returncode == 0, many.stderr
    for record in (json.loads(single.stdout), json.loads(many.stdout)):
        assert record["mentions"] == record["entities"]
        assert {("group", "Taliban"), ("province", "Baghlan")} <= {(m["kind"], m["name"]) for m in record["mentions"]}
    assert list(json.loads(many.stdout))[:3] == ["id", "mentions", "entities"]
