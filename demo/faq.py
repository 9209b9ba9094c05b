"""The demo FAQ: a few bilingual sections, entries written by the team and entries a moderator
promoted from demo answers (crediting their authors), all through the FAQ services."""

from dataclasses import dataclass
from datetime import timedelta

from django.core.exceptions import ValidationError

from core.text import Language
from demo import people
from demo.spec import prose
from faq.feedback import faq_feedback_record
from faq.models import FaqCategory, FaqEntry, FaqFeedback
from faq.services import (
    faq_category_create,
    faq_entry_create,
    faq_entry_promote,
)
from forum.models import Answer
from moderation.models import AuditAction, AuditLogEntry

EN, ZH = Language.ENGLISH, Language.CHINESE

FAQ_CATEGORIES = [
    {"slug": "getting-started", "name": "Getting started", "name_zh": "新手入门"},
    {"slug": "deposits-withdrawals", "name": "Deposits & withdrawals", "name_zh": "充值与提现"},
    {"slug": "fees-transactions", "name": "Fees & transactions", "name_zh": "手续费与交易"},
    {"slug": "account-security", "name": "Account & security", "name_zh": "账户与安全"},
]


@dataclass(frozen=True)
class DemoFaqEntry:
    category: str  # a slug from FAQ_CATEGORIES
    language: str
    question: str
    answer: str = ""  # empty for a promotion that keeps the answer's own text
    days_ago: float = 30.0
    # A promotion names its source: the demo thread's title and the answer author's username.
    source_thread: str = ""
    source_author: str = ""


def written(category, language, question, answer, *, days) -> DemoFaqEntry:
    return DemoFaqEntry(
        category=category, language=language, question=question, answer=prose(answer), days_ago=days
    )


def promoted(category, language, question, *, thread, author, answer="") -> DemoFaqEntry:
    return DemoFaqEntry(
        category=category,
        language=language,
        question=question,
        answer=prose(answer),
        source_thread=thread,
        source_author=author,
    )


FAQ_ENTRIES = [
    # Promoted from community answers ---------------------------------------------------------
    promoted(
        "fees-transactions",
        EN,
        "Why do I need ETH to send USDT?",
        thread='"Insufficient funds for gas" when sending USDT on Ethereum',
        author="alice_w",
    ),
    promoted(
        "fees-transactions",
        EN,
        "How do I speed up or cancel a pending Ethereum transaction?",
        thread="Ethereum transaction pending for hours, how do I speed it up?",
        author="priya_n",
    ),
    promoted(
        "getting-started",
        EN,
        "How should I back up my recovery phrase?",
        thread="What is the right way to back up my wallet?",
        author="mod_lin",
    ),
    promoted(
        "account-security",
        EN,
        "My 2FA code is always rejected. What is wrong?",
        thread="2FA code always says invalid",
        author="ben_carter",
    ),
    promoted(
        "account-security",
        EN,
        "What is address poisoning?",
        thread="Received tiny transfers from an address that looks like mine",
        author="priya_n",
    ),
    promoted(
        "getting-started",
        EN,
        "Can I watch an address without importing its keys?",
        thread="Can I have a watch-only wallet for my hardware wallet address?",
        author="priya_n",
    ),
    promoted(
        "fees-transactions",
        ZH,
        "转 USDT 为什么需要 ETH 做手续费？",
        thread="转 USDT 提示「矿工费不足」，可我 USDT 余额够啊",
        author="lijing",
    ),
    promoted(
        "deposits-withdrawals",
        ZH,
        "充值未到账怎么办？",
        thread="充值未到账怎么办？已经过去两个小时了",
        author="wanglei88",
    ),
    promoted(
        "deposits-withdrawals",
        ZH,
        "提现很久没到账，也没有交易哈希，怎么办？",
        thread="USDT 提现已经 5 个小时了还没到账",
        author="wenda_team",
        answer="""
                没有交易哈希，说明这笔提现还在**审核队列**里，尚未上链，区块浏览器里也查不到。
                金额较大或者首次提到新地址的提现会进入人工审核，一般 1～4 小时，周末最长可能需要 12
                小时。

                超过 24 小时仍未处理的话，请在论坛「投诉与建议」版块发帖，工作人员会直接跟进。
                有交易哈希但对方没到账，请拿着哈希联系收款方（例如交易所）。
                """,
    ),
    promoted(
        "deposits-withdrawals",
        ZH,
        "为什么新添加的白名单地址要 24 小时后才能用？",
        thread="提现地址白名单添加后为什么要等 24 小时？",
        author="wenda_team",
    ),
    promoted(
        "account-security",
        ZH,
        "收到不明空投代币怎么办？",
        thread="钱包里收到不明空投代币，能卖吗？",
        author="mod_lin",
    ),
    # Written by the team -------------------------------------------------------------------
    written(
        "deposits-withdrawals",
        EN,
        "How long does a withdrawal take?",
        """
        Most withdrawals are sent within **10 minutes**. A withdrawal gets a manual review, which
        takes 1–4 hours (up to 24 hours at weekends), when:

        - it is your first withdrawal, or the first one to a new address;
        - the amount is unusually large for your account;
        - you changed your password or 2FA in the last 24 hours.

        As long as there is no txid, the withdrawal has not been broadcast and you can cancel it
        under **Assets → History**.
        """,
        days=50,
    ),
    written(
        "deposits-withdrawals",
        EN,
        "I sent coins on the wrong network. Can they be recovered?",
        """
        It depends on where they landed:

        - **Another EVM network, your own address** (e.g. BSC instead of Ethereum): they are
          safe; enable that network in **Assets → Manage networks** to see them.
        - **An exchange deposit address, on a network the exchange does not support**: only the
          exchange can help; send them the txid.
        - **An address format that does not exist on that chain**: usually the sending side
          refuses the withdrawal before anything is sent.

        Before a large transfer, send a small test amount on the network both sides support.
        """,
        days=44,
    ),
    written(
        "deposits-withdrawals",
        EN,
        "I forgot the memo or destination tag on a deposit",
        """
        Coins such as XRP, EOS, XLM and ATOM need a memo (tag) so we know which account a deposit
        belongs to. Without it, the deposit is held and matched by hand, which takes 3–5 working
        days. Post in *Complaints & suggestions* with the txid, amount, sending address and time.
        Never include your password or recovery phrase.
        """,
        days=36,
    ),
    written(
        "account-security",
        EN,
        "How do I reset my account password?",
        """
        Use **Forgot password?** on the login page and follow the e-mail link (valid for 30
        minutes; only the newest link works). After a reset, withdrawals are paused for 24 hours.

        Your account password is not your recovery phrase: nobody can reset a recovery phrase.
        """,
        days=57,
    ),
    written(
        "account-security",
        EN,
        "I lost my 2FA device. How do I get back in?",
        """
        Choose **Login → Lost your 2FA device?** and complete the identity check. After approval
        2FA is removed and withdrawals are paused for 48 hours. Next time, keep the 2FA setup key
        on paper with your other offline backups.
        """,
        days=39,
    ),
    written(
        "account-security",
        EN,
        "Will staff ever ask for my recovery phrase?",
        """
        **Never.** Wenda staff and moderators never ask for your recovery phrase, private key or
        password, never ask you to "verify" or "validate" a wallet, and never contact you first
        by direct message. Staff posts on the forum carry the *official* badge. Anyone asking for
        these is a scammer: flag the message and tell a moderator.
        """,
        days=59,
    ),
    written(
        "getting-started",
        EN,
        "How do I export my transaction history?",
        """
        **Assets → History → ⋯ → Export CSV**, then pick the date range and the wallets. One file
        covers up to 12 months; fees are a separate column, in the coin that paid them.
        """,
        days=10,
    ),
    written(
        "getting-started",
        ZH,
        "一个 App 里可以有多个钱包吗？",
        """
        可以。首页左上角点钱包名称 → **添加钱包**，可以新建或导入，切换也在这里。
        每个钱包有各自的助记词，需要**分别备份**。常见的做法是日常小额用一个钱包，长期存放用另一个。
        """,
        days=33,
    ),
    written(
        "getting-started",
        ZH,
        "如何导出交易记录？",
        """
        **资产 → 记录 → 右上角 ⋯ → 导出 CSV**，选择时间范围和钱包即可。每个文件最多 12 个月，
        手续费单独一列，以实际支付手续费的币种表示。
        """,
        days=12,
    ),
    written(
        "deposits-withdrawals",
        ZH,
        "提现最低金额和手续费是多少？",
        """
        与网络有关，以提现页面金额下方显示的为准。参考值：

        | 网络 | 最低提现 | 手续费 |
        |------|--------:|------:|
        | TRC20 | 10 USDT | 1 USDT |
        | ERC20 | 20 USDT | 随 Gas 浮动 |
        | Polygon | 5 USDT | 0.2 USDT |
        """,
        days=26,
    ),
    written(
        "deposits-withdrawals",
        ZH,
        "转错网络了还能找回吗？",
        """
        要看币到了哪里：

        - 同是 EVM 网络（比如 BSC 和以太坊）且收款地址是你自己的钱包：在 **资产 → 管理网络**
          打开对应网络即可看到；
        - 转到了交易所不支持的网络：只有交易所能处理，请带上交易哈希联系对方；
        - 地址格式不属于该链：发送方通常会直接拒绝。

        大额转账前，先用双方都支持的网络小额试一笔。
        """,
        days=47,
    ),
    written(
        "account-security",
        ZH,
        "忘记登录密码怎么办？",
        """
        在登录页点 **忘记密码**，按邮件里的链接重置（30 分钟内有效，只有最新的一封有效）。
        重置后 24 小时内不能提现，资产不受影响。

        登录密码不是助记词：助记词丢失谁也无法帮你找回。
        """,
        days=55,
    ),
    written(
        "account-security",
        ZH,
        "谷歌验证器丢失或换手机了怎么办？",
        """
        在登录页点 **丢失双重验证设备？**，完成身份核验后会解除双重验证，之后提现暂停 48 小时。
        换手机前可以在旧手机上先关闭再在新手机上重新绑定；绑定时请把密钥抄在纸上离线保存。
        """,
        days=40,
    ),
    written(
        "account-security",
        ZH,
        "官方客服会索要助记词或私钥吗？",
        """
        **绝对不会。** 官方和版主不会索要助记词、私钥或密码，不会让你「验证钱包」、
        转币「激活账户」，
        也不会主动私信你。论坛里官方账号名字旁有**官方**标识。遇到索要这些信息的人，请直接举报。
        """,
        days=58,
    ),
    written(
        "account-security",
        ZH,
        "如何查看和取消代币授权？",
        """
        **安全 → 代币授权** 按网络列出所有能动用你代币的合约。不认识的、额度无限的优先 **撤销**。
        每次撤销是一笔链上交易，需要少量手续费。如果资产已经被转走，
        立刻把剩余资产转到新的钱包（新助记词）。
        """,
        days=18,
    ),
]


def faq_texts():
    """(label, text) pairs of everything the FAQ part publishes, for content checks."""
    for spec in FAQ_ENTRIES:
        yield spec.question, spec.question
        if spec.answer:
            yield spec.question, spec.answer


def load_faq(loader) -> None:
    """Runs inside DemoLoader.load(), after the forum content exists; counts into its summary."""
    team = loader.users[people.STAFF]
    moderator = loader.users[people.MODERATOR]
    categories = {}
    for fields in FAQ_CATEGORIES:
        category = FaqCategory.objects.filter(slug=fields["slug"]).first()
        loader.count("FAQ categories", category is None)
        categories[fields["slug"]] = category or faq_category_create(**fields)

    for spec in FAQ_ENTRIES:
        if spec.source_thread:
            _promote(loader, spec, categories[spec.category], moderator)
        else:
            _write(loader, spec, categories[spec.category], team)

    # "Was this helpful?" from a few members per entry, so moderators see counts on the FAQ.
    entries = FaqEntry.objects.filter(question__in=[spec.question for spec in FAQ_ENTRIES])
    for number, entry in enumerate(entries.filter(is_published=True).order_by("pk")):
        readers = loader.voters[number % 5 :: 3]
        answered = set(FaqFeedback.objects.filter(entry=entry).values_list("user_id", flat=True))
        for position, reader in enumerate(readers):
            is_new = reader.pk not in answered
            if is_new:
                # Every fourth entry also gets one "no", as real FAQs do.
                is_helpful = not (number % 4 == 0 and position == 0)
                faq_feedback_record(entry=entry, is_helpful=is_helpful, user=reader)
            loader.count("FAQ helpful votes", is_new)


def _write(loader, spec: DemoFaqEntry, category: FaqCategory, author) -> None:
    if FaqEntry.objects.filter(question=spec.question, language=spec.language).exists():
        loader.count("FAQ entries written by the team", False)
        return
    entry = faq_entry_create(
        created_by=author,
        question=spec.question,
        answer=spec.answer,
        category=category,
        language=spec.language,
    )
    # Demo-only backdating, as for forum posts: services stamp "now".
    written_at = loader.now - timedelta(days=spec.days_ago)
    FaqEntry.objects.filter(pk=entry.pk).update(created_at=written_at, updated_at=written_at)
    loader.count("FAQ entries written by the team", True)


def _promote(loader, spec: DemoFaqEntry, category: FaqCategory, moderator) -> None:
    source = Answer.objects.select_related("thread").get(
        thread__title=spec.source_thread, author=loader.users[spec.source_author]
    )
    if FaqEntry.objects.filter(source_answer=source).exists():
        loader.count("FAQ entries promoted from answers", False)
        return
    try:
        entry = faq_entry_promote(
            source_answer=source,
            promoted_by=moderator,
            question=spec.question,
            answer=spec.answer or source.body,
            category=category,
            language=spec.language,
        )
    except ValidationError as error:
        if error.code != "answer_gone":
            raise
        # A moderator hid or deleted the source answer on this running demo: respect that.
        loader.count("FAQ promotions skipped (source answer hidden)", True)
        return
    promoted_at = min(source.created_at + timedelta(days=2), loader.now - timedelta(hours=1))
    FaqEntry.objects.filter(pk=entry.pk).update(
        created_at=promoted_at, updated_at=promoted_at, promoted_at=promoted_at
    )
    # The promotion's audit entry happened then too, not at load time.
    AuditLogEntry.objects.filter(
        answer=source, action=AuditAction.FAQ_PROMOTE, created_at__gte=loader.now
    ).update(created_at=promoted_at)
    loader.count("FAQ entries promoted from answers", True)
