"""static/secrets/ is the server's seed-phrase rule as data for the browser
(static/js/secret_guard.js): the committed files must be exactly what core/secrets.py and its
word lists give today, or the browser would check by an old rule."""

import json

import pytest
from django.core.management import call_command
from mnemonic import Mnemonic

from core import secret_rules, secrets


@pytest.fixture(scope="module")
def rendered():
    return secret_rules.rendered()


def test_the_committed_rule_files_are_what_the_server_uses(rendered):
    for name, text in rendered.items():
        committed = (secret_rules.output_dir() / name).read_text(encoding="utf-8")
        assert committed == text, (
            f"static/secrets/{name} is stale: run manage.py export_secret_rules"
        )


def test_the_rule_file_carries_the_servers_lists_and_thresholds(rendered):
    rules = json.loads(rendered[secret_rules.RULES_FILE])
    assert rules["word_lists"]["spanish"][:2] == ["abaco", "abdomen"]  # "ábaco", folded
    assert len(rules["word_lists"]["english"]) == 2048
    assert rules["chinese_lists"]["chinese_simplified"] == Mnemonic("chinese_simplified").wordlist
    assert rules["random"]["min_mean_log_rank"] == secrets.RANDOM_MIN_MEAN_LOG_RANK
    assert rules["mnemonic_lengths"] == list(secrets.MNEMONIC_LENGTHS)
    assert "%word%" in rules["patterns"]["tx_clues"]["source"]  # Python's Unicode \b
    assert rules["patterns"]["tx_clues"]["flags"] == "ui"


def test_the_dictionary_keeps_only_words_a_chinese_list_can_form(rendered):
    dictionary = json.loads(rendered[secret_rules.DICTIONARY_FILE])
    words = dict(line.split(" ") for line in dictionary["words"].split("\n"))
    assert "账户" not in words  # 账 is in neither list: no list run contains the word
    assert int(words["钱包"]) > 0
    assert dictionary["t2s_phrases"]["計畫"] == "计划"  # a phrase, not character by character


def test_python_patterns_without_a_javascript_form_are_refused():
    with pytest.raises(ValueError, match="no JavaScript form"):
        secret_rules._to_javascript(r"\d+ words")
    assert secret_rules._to_javascript(r"a[\s_-]b\s") == "a[%space%_-]b[%space%]"


def test_export_secret_rules_check_fails_until_the_files_are_written(tmp_path, monkeypatch):
    monkeypatch.setattr(secret_rules, "output_dir", lambda: tmp_path)
    with pytest.raises(SystemExit):
        call_command("export_secret_rules", "--check")
    call_command("export_secret_rules")
    call_command("export_secret_rules", "--check")
    assert sorted(path.name for path in tmp_path.iterdir()) == ["rules.json", "zh_words.json"]
