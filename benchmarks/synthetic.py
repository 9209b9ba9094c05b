"""Synthetic bilingual forum text (60% Chinese, 40% English, posts of ~600 characters).

Seeded, so every run of benchmarks/search_speed.py indexes and queries the same data.

Two corpora (`use()` picks one; search_speed.py's --corpus):
- "zipf" (default): words drawn with real-language frequencies, as forum text is. Chinese from
  jieba's dictionary (word counts of a large Chinese corpus, 2-4 character words), English
  from 20,000 made-up words with Zipf weights; plus a wallet-forum
  vocabulary (ZH_WORDS / EN_WORDS, Zipf-weighted in list order) for DOMAIN_SHARE of the words,
  so 钱包 / "wallet" are in most posts, a few times each, as on a real wallet forum.
- "uniform": the first version, every word drawn evenly from ~120 Chinese and ~100 English
  domain words. Each query word is then in ~40% of all posts, which no real forum has; kept to
  compare with earlier figures (benchmarks/README.md).
"""

import bisect
import itertools
import random
from functools import cache
from pathlib import Path

# A ~260-word Chinese post then holds 钱包 (the most frequent domain word, 12% of domain draws)
# about three times: every post on a wallet forum mentions it, few dozens of times.
DOMAIN_SHARE = 0.1
GLUE_SHARE = 0.2
ZH_GENERAL_WORDS = 40_000
EN_GENERAL_WORDS = 20_000
_corpus = "zipf"


def use(corpus: str) -> None:
    """Select the corpus for title(), body() and search_query(): "zipf" or "uniform"."""
    global _corpus
    if corpus not in ("zipf", "uniform"):
        raise ValueError(f"unknown corpus {corpus!r}")
    _corpus = corpus


class Vocabulary:
    """Words with weights; draw() picks one with probability proportional to its weight."""

    def __init__(self, words: list[str], weights: list[float]):
        self.words = words
        self.cumulative = list(itertools.accumulate(weights))

    def draw(self, rng: random.Random) -> str:
        index = bisect.bisect_right(self.cumulative, rng.random() * self.cumulative[-1])
        return self.words[min(index, len(self.words) - 1)]

    @classmethod
    def zipf(cls, words: list[str], offset: float = 2.0) -> "Vocabulary":
        return cls(words, [1.0 / (rank + offset) for rank in range(len(words))])


@cache
def _zh_general() -> Vocabulary:
    import jieba  # only for the location of its dictionary file

    counted = []
    path = Path(jieba.__file__).parent / "dict.txt"
    for line in path.read_text(encoding="utf-8").splitlines():
        word, count, *_ = line.split(" ")
        if 2 <= len(word) <= 4 and all("\u4e00" <= char <= "\u9fff" for char in word):
            counted.append((int(count), word))
    counted.sort(reverse=True)
    counted = counted[:ZH_GENERAL_WORDS]
    return Vocabulary([word for _, word in counted], [count for count, _ in counted])


@cache
def _en_general() -> Vocabulary:
    # Made-up words (no English word list with counts ships with the project's packages, and
    # the BIP-39 list would make posts read as seed phrases to the secret guard).
    rng = random.Random(2048)
    onsets, vowels, codas = (
        [
            "b",
            "c",
            "d",
            "f",
            "g",
            "h",
            "k",
            "l",
            "m",
            "n",
            "p",
            "r",
            "s",
            "t",
            "v",
            "w",
            "z",
            "br",
            "st",
            "tr",
            "pl",
        ],
        "aeiou",
        "nrstlm",
    )
    words = set()
    while len(words) < EN_GENERAL_WORDS:
        syllables = rng.randint(1, 3)
        word = "".join(rng.choice(onsets) + rng.choice(vowels) for _ in range(syllables))
        words.add(word + rng.choice(codas) if rng.random() < 0.5 else word)
    return Vocabulary.zipf(sorted(words, key=lambda w: rng.random()), offset=10.0)


@cache
def _domain(chinese: bool) -> Vocabulary:
    return Vocabulary.zipf(ZH_WORDS if chinese else EN_WORDS)


def _zipf_word(rng: random.Random, chinese: bool) -> str:
    roll = rng.random()
    if roll < DOMAIN_SHARE:
        return _domain(chinese).draw(rng)
    if roll < DOMAIN_SHARE + GLUE_SHARE:
        return rng.choice(ZH_GLUE if chinese else EN_GLUE)
    return (_zh_general() if chinese else _en_general()).draw(rng)


ZH_WORDS = [
    "钱包",
    "提现",
    "充值",
    "到账",
    "手续费",
    "转账",
    "地址",
    "私钥",
    "助记词",
    "备份",
    "恢复",
    "密码",
    "账户",
    "登录",
    "验证码",
    "手机",
    "邮箱",
    "绑定",
    "解绑",
    "冻结",
    "解冻",
    "余额",
    "资产",
    "代币",
    "比特币",
    "以太坊",
    "泰达币",
    "网络",
    "区块",
    "确认",
    "交易",
    "记录",
    "失败",
    "成功",
    "延迟",
    "拥堵",
    "矿工费",
    "燃料费",
    "合约",
    "授权",
    "撤销",
    "钓鱼",
    "诈骗",
    "客服",
    "工单",
    "申诉",
    "审核",
    "实名",
    "认证",
    "身份证",
    "护照",
    "额度",
    "限额",
    "每日",
    "提币",
    "充币",
    "链上",
    "哈希",
    "浏览器",
    "节点",
    "同步",
    "更新",
    "版本",
    "安卓",
    "苹果",
    "电脑",
    "插件",
    "扫码",
    "二维码",
    "收款",
    "付款",
    "商家",
    "退款",
    "订单",
    "汇率",
    "兑换",
    "闪兑",
    "质押",
    "收益",
    "利息",
    "理财",
    "风险",
    "安全",
    "设置",
    "通知",
    "提醒",
    "错误",
    "提示",
    "显示",
    "页面",
    "空白",
    "卡住",
    "闪退",
    "重启",
    "卸载",
    "安装",
    "下载",
    "官网",
    "公告",
    "活动",
    "奖励",
    "空投",
    "邀请",
    "好友",
    "问题",
    "解决",
    "办法",
    "原因",
    "为什么",
    "怎么",
    "如何",
    "请问",
    "一直",
    "已经",
    "还是",
    "没有",
    "不能",
    "可以",
    "需要",
]
ZH_GLUE = [
    "我的",
    "今天",
    "昨天",
    "刚才",
    "然后",
    "但是",
    "所以",
    "因为",
    "如果",
    "一下",
    "了",
    "的",
    "吗",
    "呢",
    "都",
    "也",
    "就",
    "还",
    "又",
    "很",
]
EN_WORDS = [
    "wallet",
    "withdraw",
    "withdrawal",
    "deposit",
    "transfer",
    "address",
    "private",
    "key",
    "seed",
    "phrase",
    "backup",
    "restore",
    "password",
    "account",
    "login",
    "verification",
    "code",
    "phone",
    "email",
    "bind",
    "unbind",
    "frozen",
    "balance",
    "asset",
    "token",
    "bitcoin",
    "ethereum",
    "tether",
    "network",
    "block",
    "confirmation",
    "transaction",
    "history",
    "failed",
    "pending",
    "stuck",
    "delayed",
    "congestion",
    "gas",
    "fee",
    "contract",
    "approval",
    "revoke",
    "phishing",
    "scam",
    "support",
    "ticket",
    "appeal",
    "review",
    "identity",
    "passport",
    "limit",
    "daily",
    "chain",
    "hash",
    "explorer",
    "node",
    "sync",
    "update",
    "version",
    "android",
    "iphone",
    "desktop",
    "extension",
    "scan",
    "qr",
    "payment",
    "merchant",
    "refund",
    "order",
    "rate",
    "swap",
    "stake",
    "reward",
    "interest",
    "risk",
    "security",
    "settings",
    "notification",
    "error",
    "message",
    "page",
    "blank",
    "crash",
    "restart",
    "uninstall",
    "install",
    "download",
    "website",
    "announcement",
    "airdrop",
    "invite",
    "friend",
    "problem",
    "solution",
    "reason",
]
EN_GLUE = [
    "my",
    "the",
    "a",
    "it",
    "is",
    "was",
    "and",
    "but",
    "so",
    "because",
    "if",
    "still",
    "already",
    "after",
    "when",
    "why",
    "how",
    "can",
]


def _words(rng: random.Random, count: int, chinese: bool) -> list[str]:
    if _corpus == "zipf":
        return [_zipf_word(rng, chinese) for _ in range(count)]
    domain, glue, share = (ZH_WORDS, ZH_GLUE, 0.7) if chinese else (EN_WORDS, EN_GLUE, 0.6)
    return [rng.choice(domain) if rng.random() < share else rng.choice(glue) for _ in range(count)]


def zh_sentence(rng: random.Random, words: int) -> str:
    return "".join(_words(rng, words, True)) + rng.choice("。，？！")


def en_sentence(rng: random.Random, words: int) -> str:
    return " ".join(_words(rng, words, False)).capitalize() + rng.choice(".?!")


def title(rng: random.Random, chinese: bool) -> str:
    if chinese:
        return zh_sentence(rng, rng.randint(3, 6)).rstrip("。，！")
    return en_sentence(rng, rng.randint(5, 10)).rstrip(".!")


def body(rng: random.Random, chinese: bool, chars: int = 600) -> str:
    sentences, length = [], 0
    while length < chars:
        sentence = (
            zh_sentence(rng, rng.randint(6, 14))
            if chinese
            else en_sentence(rng, rng.randint(8, 16))
        )
        sentences.append(sentence)
        length += len(sentence)
    return ("" if chinese else " ").join(sentences)


def search_query(rng: random.Random) -> str:
    """1-3 words someone would type in the search box: no glue words."""
    chinese = rng.random() < 0.6
    words = []
    for _ in range(rng.randint(1, 3)):
        if _corpus == "uniform":
            words.append(rng.choice(ZH_WORDS if chinese else EN_WORDS))
        elif rng.random() < 0.5:
            words.append(_domain(chinese).draw(rng))
        else:
            words.append((_zh_general() if chinese else _en_general()).draw(rng))
    return " ".join(words)
