"""Forum categories of the demo community, in display order."""

CATEGORIES = [
    {
        "slug": "account",
        "name": "Account & login",
        "name_zh": "账户与登录",
        "description": "Sign-up, login, passwords, two-factor authentication and identity checks.",
        "description_zh": "注册、登录、密码、双重验证（2FA）与实名认证。",
        "order": 10,
    },
    {
        "slug": "deposits-withdrawals",
        "name": "Deposits & withdrawals",
        "name_zh": "充值与提现",
        "description": (
            "Deposits that have not arrived, pending withdrawals, networks, memos and limits."
        ),
        "description_zh": "充值未到账、提现处理中、网络选择、备注（Memo）与限额。",
        "order": 20,
    },
    {
        "slug": "transactions-fees",
        "name": "Transactions & fees",
        "name_zh": "交易与手续费",
        "description": (
            "Network fees, gas, stuck or failed transactions and how to read a block explorer."
        ),
        "description_zh": "网络手续费、Gas、卡住或失败的交易，以及如何查看区块浏览器。",
        "order": 30,
    },
    {
        "slug": "using-the-wallet",
        "name": "Using the wallet",
        "name_zh": "钱包使用",
        "description": (
            "Backups, multiple wallets, custom tokens, app updates and exporting history."
        ),
        "description_zh": "备份、多钱包管理、添加代币、App 更新与导出记录。",
        "order": 40,
    },
    {
        "slug": "security",
        "name": "Security",
        "name_zh": "安全",
        "description": "Phishing, scams, token approvals and keeping your recovery phrase offline.",
        "description_zh": "钓鱼、诈骗、代币授权，以及如何离线保管助记词。",
        "order": 50,
    },
    {
        "slug": "complaints",
        "name": "Complaints & suggestions",
        "name_zh": "投诉与建议",
        "description": (
            "Tell the team what went wrong or what to improve. Staff read every thread here."
        ),
        "description_zh": "告诉团队哪里出了问题、哪里可以改进。这里的每个帖子工作人员都会看。",
        "order": 60,
        "is_complaints": True,
    },
]
