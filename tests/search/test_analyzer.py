import subprocess
import sys
from pathlib import Path

from search.analyzer import ChineseAnalyzer

ROOT = Path(__file__).resolve().parents[2]


def _terms(text, **options):
    return [token.text for token in ChineseAnalyzer()(text, **options)]


def test_analyzer_finds_two_and_three_character_words_inside_a_chinese_sentence():
    terms = _terms("我想问一下提现手续费是多少")
    assert "提现" in terms
    assert "手续费" in terms
    assert "手续" in terms  # search mode also emits the compound's sub-words


def test_analyzer_folds_traditional_to_simplified_and_full_width_to_ascii():
    assert _terms("請問提現手續費") == _terms("请问提现手续费")
    assert _terms("ＵＳＤＴ　錢包") == ["usdt", "钱包"]


def test_analyzer_lowercases_stems_and_drops_stop_words_and_punctuation_in_mixed_text():
    terms = _terms("The Wallets 钱包的提现!!! failed, 再试一次…")
    assert terms[:3] == ["wallet", "钱包", "提现"]
    assert "the" not in terms and "的" not in terms
    assert "fail" in terms
    assert not any(char in "".join(terms) for char in "!,…")


def test_analyzer_positions_are_sequential_over_the_emitted_tokens():
    tokens = [
        (token.text, token.pos)
        for token in ChineseAnalyzer()("提现手续费 wallet address", positions=True)
    ]
    assert [pos for _text, pos in tokens] == list(range(len(tokens)))


def test_analyzer_character_offsets_point_into_the_original_text():
    text = "請問：提現 Wallets"
    for token in ChineseAnalyzer()(text, chars=True):
        original = text[token.startchar : token.endchar]
        assert _terms(original) == [token.text]


def test_analyzer_keeps_the_whole_value_when_tokenize_is_false():
    assert _terms("提现 Wallet", tokenize=False) == ["提现 Wallet"]


def test_analyzer_module_imports_neither_django_nor_haystack():
    # Whoosh pickles the analyzer's import path into the index: open_dir() must work without them.
    code = (
        "import sys, search.analyzer\n"
        "assert not [m for m in sys.modules if m.split('.')[0] in ('django', 'haystack')]"
    )
    subprocess.run([sys.executable, "-c", code], cwd=ROOT, check=True)
