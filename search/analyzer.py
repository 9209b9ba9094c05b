"""Chinese-aware Whoosh analyzer for the search index.

Whoosh pickles this module's import path into the index schema, so it must import neither Django
models nor haystack: `whoosh.index.open_dir()` has to work in a plain Python process too.

What it does to a text, in order:
1. Folds each character on its own (so character offsets still point into the original text,
   which the highlighter needs): NFKC where it maps one character to one (full-width Latin and
   digits, ideographic space) and Traditional -> Simplified Chinese from OpenCC's character table.
2. Splits runs of CJK ideographs from runs of other letters/digits; everything else (punctuation,
   symbols, whitespace) only separates tokens.
3. CJK runs: segmented with jieba's search mode (rjieba, the Rust port of jieba with jieba's own
   dictionary, ~50x faster than jieba in Python), so 手续费 is indexed as 手续, 续费 and
   手续费 and a 2- or 3-character query finds it inside a sentence. Latin runs: lowercased,
   English stop words dropped, Porter-stemmed.
4. Positions are sequential over the emitted tokens, so phrase queries work.
"""

import re
import unicodedata
from functools import lru_cache
from importlib import resources

from whoosh.analysis import STOP_WORDS, Token, Tokenizer
from whoosh.lang.porter import stem

try:  # rjieba ships jieba's dictionary compiled into a Rust extension.
    import rjieba as _rjieba
except ImportError:  # pragma: no cover - requirements.txt pins rjieba; jieba is the fallback
    _rjieba = None

CJK_RANGES = (
    "\u3400-\u4dbf"  # Extension A
    "\u4e00-\u9fff"  # Unified Ideographs
    "\uf900-\ufaff"  # Compatibility Ideographs
    "\U00020000-\U0003134f"  # Extensions B-G
)
_RUN_RE = re.compile(rf"(?P<cjk>[{CJK_RANGES}]+)|(?P<word>(?:(?![{CJK_RANGES}])[^\W_])+)")

# Function words that carry no meaning on their own; dropped like English stop words so that an
# AND query such as 我的钱包 does not depend on them and OR queries do not rank on them.
CHINESE_STOP_WORDS = frozenset(
    [
        "的",
        "了",
        "吗",
        "呢",
        "吧",
        "啊",
        "呀",
        "么",
        "着",
        "过",
        "是",
        "在",
        "和",
        "与",
        "及",
        "或",
        "就",
        "也",
        "都",
        "又",
        "还",
        "把",
        "被",
        "让",
        "给",
        "我",
        "你",
        "他",
        "她",
        "它",
        "我们",
        "你们",
        "他们",
        "这",
        "那",
        "这个",
        "那个",
        "一个",
        "有",
        "没",
        "不",
        "请问",
        "请",
        "一下",
        "怎么",
        "如何",
        "什么",
        "为什么",
        "可以",
        "能",
        "会",
        "要",
        "想",
        "吧",
        "哦",
        "嗯",
        "呵呵",
    ]
)
ENGLISH_STOP_WORDS = frozenset(STOP_WORDS)


def _build_fold_table() -> dict[int, str]:
    """One-to-one character folding table: NFKC (where it keeps length 1) then T2S."""
    t2s: dict[str, str] = {}
    text = (
        resources.files("opencc")
        .joinpath("dictionary", "TSCharacters.txt")
        .read_text(encoding="utf-8")
    )
    for line in text.splitlines():
        traditional, _, simplified = line.partition("\t")
        target = simplified.split(" ")[0] if simplified else ""
        if len(traditional) == 1 and len(target) == 1 and traditional != target:
            t2s[traditional] = target
    table: dict[int, str] = {}
    for code in range(0x80, 0x10000):
        char = chr(code)
        if 0xD800 <= code <= 0xDFFF:
            continue
        folded = unicodedata.normalize("NFKC", char)
        if len(folded) != 1:
            folded = char
        folded = t2s.get(folded, folded)
        if folded != char:
            table[code] = folded
    for traditional, simplified in t2s.items():
        table.setdefault(ord(traditional), simplified)
    return table


_FOLD_TABLE: dict[int, str] | None = None


def fold(text: str) -> str:
    """Full-width -> ASCII and Traditional -> Simplified, one character to one character."""
    global _FOLD_TABLE
    if _FOLD_TABLE is None:
        _FOLD_TABLE = _build_fold_table()
    return text.translate(_FOLD_TABLE)


def _segment_search(run: str):
    """(word, start, end) for a CJK run in jieba's search mode: sub-words, then the compound."""
    if _rjieba is not None:
        return _rjieba.tokenize(run, mode="search")
    from core.logs import import_jieba

    return import_jieba().tokenize(run, mode="search")


@lru_cache(maxsize=50_000)
def _stem(word: str) -> str:
    return stem(word)


def warm_up() -> None:
    """Load the character table and the jieba dictionary now rather than on the first request."""
    fold("預熱")
    _segment_search("预热词典")


class ChineseTokenizer(Tokenizer):
    """Whoosh tokenizer; see the module docstring. Also the whole analyzer (no filter chain)."""

    def __init__(self, stem_latin: bool = True):
        self.stem_latin = stem_latin

    def __eq__(self, other):
        return type(other) is type(self) and other.stem_latin == self.stem_latin

    def __hash__(self):
        return hash((type(self).__name__, self.stem_latin))

    def __call__(
        self,
        value,
        positions=False,
        chars=False,
        keeporiginal=False,
        removestops=True,
        start_pos=0,
        start_char=0,
        tokenize=True,
        mode="",
        **kwargs,
    ):
        token = Token(positions, chars, removestops=removestops, mode=mode, **kwargs)
        if not tokenize:
            # Whoosh asks for the untokenized value for match-all, sorting and facets.
            token.original = token.text = value
            token.boost = 1.0
            if positions:
                token.pos = start_pos
            if chars:
                token.startchar = start_char
                token.endchar = start_char + len(value)
            yield token
            return
        text = fold(value)
        pos = start_pos
        for match in _RUN_RE.finditer(text):
            run = match.group("cjk")
            if run is not None:
                base = match.start()
                for word, start, end in _segment_search(run):
                    if removestops and word in CHINESE_STOP_WORDS:
                        continue
                    token.text = word
                    token.stopped = False
                    token.boost = 1.0
                    if keeporiginal:
                        token.original = value[base + start : base + end]
                    if positions:
                        token.pos = pos
                    pos += 1
                    if chars:
                        token.startchar = start_char + base + start
                        token.endchar = start_char + base + end
                    yield token
                continue
            word = match.group("word").lower()
            if removestops and word in ENGLISH_STOP_WORDS:
                continue
            if self.stem_latin and not word.isdigit():
                word = _stem(word)
            token.text = word
            token.stopped = False
            token.boost = 1.0
            if keeporiginal:
                token.original = match.group("word")
            if positions:
                token.pos = pos
            pos += 1
            if chars:
                token.startchar = start_char + match.start()
                token.endchar = start_char + match.end()
            yield token


def ChineseAnalyzer(stem_latin: bool = True) -> ChineseTokenizer:
    """The analyzer for every TEXT field of the index (index and query side)."""
    return ChineseTokenizer(stem_latin=stem_latin)
