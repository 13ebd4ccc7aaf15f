import json

from nlp.cli_support import TAG_COMMAND_HELP, TAG_COMMAND_TITLE, tag_jsonl


def test_tag_jsonl(rules_tagger):
    lines = [json.dumps({"id": "a", "text": "Taliban fighters entered Herat."}), "", "not json",
             json.dumps({"id": 7, "text": "Nothing here."})]
    out = list(tag_jsonl(rules_tagger, lines))
    assert [o["id"] for o in out] == ["a", 3, 7]
    ents = out[0]["entities"]
    assert {"kind": "group", "name": "Taliban"}.items() <= ents[0].items()
    herat = ents[1]
    assert herat["kind"] == "province" and herat["province"] == "Herat" and herat["start"] == 25
    assert "error" in out[1] and out[2]["entities"] == []
    assert TAG_COMMAND_TITLE and TAG_COMMAND_HELP


def test_package_never_reads_shared_data_at_run_time():
    from pathlib import Path

    import nlp

    root = Path(nlp.__file__).parent
    for path in root.glob("*.py"):
        if path.name in ("build_gazetteer.py", "evaluate.py"):
            continue  # developer tools
        text = path.read_text()
        assert "shared/data" not in text and "../shared" not in text, path


def test_tag_jsonl_streams_in_chunks(rules_tagger):
    lines = [json.dumps({"id": i, "text": "Clashes in Herat." if i % 2 else ""}) for i in range(7)] + ["", ""]
    out = list(tag_jsonl(rules_tagger, iter(lines), chunk=3))
    assert [o["id"] for o in out] == list(range(7))
    assert [len(o["entities"]) for o in out] == [0, 1, 0, 1, 0, 1, 0]
    assert list(tag_jsonl(rules_tagger, ["", "", "", ""], chunk=2)) == []
