import json
from pathlib import Path

from click.testing import CliRunner

from pipeline.cli import main

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
KHAAMA = FIXTURES / "khaama" / "taliban-reopen-salang-tunnel-after-repairs-5645646" / "index.html"
PASHTO = FIXTURES / "pajhwok" / "ps" / "2026" / "10" / "12" / "kunar-da-pula-nakhte" / "index.html"
FIELDS = {"title", "authors", "published", "language", "text", "method"}


def run(*args: str, config: Path | None = None):
    prefix = ["--config", str(config)] if config else []
    return CliRunner().invoke(main, [*prefix, "extract", *args], catch_exceptions=False)


def test_extract_one_file():
    result = run(str(KHAAMA), "--url", "https://www.khaama.com/taliban-reopen-salang-tunnel-after-repairs-5645646/")
    assert result.exit_code == 0, result.output
    record = json.loads(result.output)
    assert set(record) == FIELDS
    assert record["title"] == "Taliban reopen Salang tunnel after two months of repairs"
    assert record["published"] == "2026-10-14T04:42:00+00:00" and record["language"] == "en"
    assert record["method"] == "generic" and "Salang" in record["text"]


def test_extract_with_a_configured_source(tmp_path):
    config = tmp_path / "config.toml"
    config.write_text('[sources.khaama]\nadapter = "wordpress"\nbase_url = "https://www.khaama.com"\n'
                      'drop_authors = ["Khaama Press"]\n'
                      'selectors = { body = ".post-content", author = ".author-single a" }\n')
    result = run(str(KHAAMA), "--source", "khaama", config=config)
    assert result.exit_code == 0, result.output
    record = json.loads(result.output)
    assert record["method"] == "metadata" and record["authors"] == []
    assert not record["text"].startswith("Taliban reopen")  # the selector body has no headline


def test_extract_jsonl(tmp_path):
    (tmp_path / "pages").mkdir()
    (tmp_path / "pages" / "a.html").write_bytes(KHAAMA.read_bytes())
    lines = [{"id": "k1", "url": "https://www.khaama.com/a/", "path": "pages/a.html"},
             {"id": 2, "url": "https://pajhwok.com/ps/x/", "path": str(PASHTO)},
             {"id": "missing", "url": "https://x.org/", "path": "pages/nope.html"}]
    src = tmp_path / "in.jsonl"
    src.write_text("\n".join(json.dumps(line) for line in lines) + "\n\n")
    result = run("--jsonl", str(src))
    assert result.exit_code == 0, result.output
    out = [json.loads(line) for line in result.output.splitlines()]
    assert [o["id"] for o in out] == ["k1", 2, "missing"]
    assert FIELDS | {"id"} <= set(out[0]) and out[0]["title"].startswith("Taliban reopen")
    assert out[1]["language"] == "ps"
    assert out[2]["text"] is None and "FileNotFoundError" in out[2]["error"]


def test_extract_needs_exactly_one_input():
    result = CliRunner().invoke(main, ["extract"])
    assert result.exit_code == 2 and "either FILE or --jsonl" in result.output


def test_help():
    result = CliRunner().invoke(main, ["extract", "--help"])
    assert result.exit_code == 0 and "--jsonl" in result.output


def test_extract_explain_says_where_each_field_came_from():
    page = Path(__file__).parents[1] / "fixtures" / "realweb" / "joomla.html"
    result = run(str(page), "--url", "https://tolonews.example/kunduz", "--explain")
    assert result.exit_code == 0, result.output
    record = json.loads(result.output)
    assert record["authors"] == ["Faridullah Hussainkhail"]
    assert record["explain"]["sources"]["authors"] == "byline"
    assert record["explain"]["sources"]["published"] == "byline"
    assert record["explain"]["sources"]["text"] == "trafilatura"
    assert record["explain"]["rejected"] is None
    assert all(c["source"] != "htmldate" for c in record["explain"]["date_candidates"])
