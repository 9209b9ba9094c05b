"""English demo threads. Several are near-duplicates on purpose (late withdrawals, missing
deposits, lost 2FA) so the "similar questions" feature has something to find."""

from demo.spec import answer, thread

THREADS = [
    # Deposits & withdrawals ----------------------------------------------------------------
    thread(
        "alice_w",
        "deposits-withdrawals",
        "USDT withdrawal pending for 6 hours, is this normal?",
        """
        I withdrew 250 USDT to my exchange account this morning. The app still says **Pending**
        and there is no txid yet. Previous withdrawals took about 10 minutes.

        - Network: TRC20
        - Amount: 250 USDT
        - Requested: 09:12 (UTC+1)

        Is something wrong with my account or is everyone seeing delays?
        """,
        tags="withdrawal usdt trc20",
        days=41.5,
        up=2,
        answers=[
            answer(
                "wenda_team",
                """
                Hi Alice, sorry for the wait. Withdrawals without a txid are still in our review
                queue, they have not been broadcast yet. Larger or unusual withdrawals get a manual
                check, which can take up to **12 hours** on weekends.

                Your request is approved now; you should see a txid within a few minutes. If a
                withdrawal is still pending after 24 hours, open a thread in *Complaints &
                suggestions* so we can look at it directly.
                """,
                up=4,
                accepted=True,
                hours=5.5,
            ),
            answer(
                "marco_r",
                """
                Same here last month. No txid = not on chain yet, so there is nothing to look up in
                an explorer. Mine cleared after about 8 hours.
                """,
                up=1,
                hours=1.2,
            ),
            answer(
                "ben_carter",
                """
                Tip: the status page in the app (**Me → Help → Service status**) shows when a
                network's withdrawals are delayed. Saved me a ticket once.
                """,
                up=2,
                hours=7,
            ),
        ],
    ),
    thread(
        "ben_carter",
        "deposits-withdrawals",
        'Withdrawal stuck on "processing" since yesterday',
        """
        My ETH withdrawal has been on *processing* for more than a day. I have done KYC, 2FA is on,
        the address is in my whitelist. Support ticket has no reply yet. What does "processing"
        actually mean, and can I cancel it?
        """,
        tags="withdrawal eth pending",
        days=33.2,
        up=2,
        answers=[
            answer(
                "mod_lin",
                """
                "Processing" means the request passed the automatic checks and waits for the hot
                wallet to send it. You can cancel from **Assets → History → the withdrawal →
                Cancel** as long as there is no txid.

                If it has a txid already, it is on chain and can no longer be cancelled; paste the
                txid in a block explorer to see the confirmations.
                """,
                up=3,
                accepted=True,
                hours=2,
            ),
            answer(
                "sam_okafor",
                """
                Happened to me during the network upgrade last month, ETH withdrawals were paused
                for a few hours. Check the status banner at the top of the app.
                """,
                up=2,
                hours=4,
            ),
        ],
    ),
    thread(
        "priya_n",
        "deposits-withdrawals",
        "My withdrawal to Binance still hasn't arrived after 3 hours",
        """
        The wallet shows the withdrawal as **Completed** and gives a txid
        (`0x9b4e…a71c`), but my Binance balance has not changed. Who do I contact, you or them?
        """,
        tags="withdrawal exchange txid",
        days=27.9,
        up=1,
        answers=[
            answer(
                "emma_l",
                """
                If the explorer shows the transaction as successful with enough confirmations, the
                coins have left the wallet and the receiving exchange has to credit them. Binance
                waits for a number of confirmations and sometimes pauses deposits for a token.

                Open the txid in the explorer, check the **To** address matches your deposit
                address,
                then send the txid to their support.
                """,
                up=4,
                accepted=True,
                hours=0.8,
            ),
            answer(
                "wenda_team",
                """
                Confirming what Emma said: a "Completed" status with a txid means we have
                broadcast it and it is confirmed on chain. The receiving side decides when to credit
                it.
                """,
                up=2,
                hours=3,
            ),
        ],
    ),
    thread(
        "marco_r",
        "deposits-withdrawals",
        "Deposit not showing in my wallet after 2 hours",
        """
        I sent 0.05 BTC from another wallet two hours ago. The sending wallet says it is sent,
        my balance here is still 0. Is it lost?
        """,
        tags="deposit btc confirmations",
        days=52.3,
        up=2,
        answers=[
            answer(
                "ben_carter",
                """
                Bitcoin deposits are credited after **2 confirmations** here. With a low fee that
                can take hours when the mempool is busy. Look up the txid in a block explorer:

                1. *Unconfirmed*: wait, or ask the sender to bump the fee.
                2. *Confirmed* but not credited: check you used the right address and network.
                """,
                up=5,
                accepted=True,
                hours=0.5,
            ),
            answer(
                "mod_lin",
                """
                Also make sure the address you sent to is the one shown under **Receive → BTC** in
                *this* wallet. If you have more than one wallet in the app, switch to the other one.
                """,
                up=2,
                hours=1.5,
            ),
            answer(
                "marco_r",
                """
                Found it: 1 confirmation after 2.5 hours, credited right after the second. Low fee
                on the sending side. Thanks both.
                """,
                hours=3,
            ),
        ],
    ),
    thread(
        "sam_okafor",
        "deposits-withdrawals",
        "Sent ETH to my wallet but the balance is still zero",
        """
        I bought ETH on an exchange and withdrew it to my address in the app. The exchange shows a
        txid, Etherscan shows success with 40+ confirmations, but the app shows 0 ETH.
        Pull-to-refresh does nothing.
        """,
        tags="deposit eth balance",
        days=15.1,
        up=1,
        answers=[
            answer(
                "priya_n",
                """
                Which network did the exchange use? A lot of exchanges default to **Arbitrum** or
                **BNB Smart Chain** for cheaper withdrawals. Your address is the same on all EVM
                networks, but the app only shows the networks you have enabled.

                Go to **Assets → Manage networks** and switch on the one from the exchange.
                """,
                up=5,
                accepted=True,
                hours=0.7,
            ),
            answer(
                "sam_okafor",
                """
                That was it: it went out on Arbitrum. Enabled the network and the ETH is there.
                Thanks!
                """,
                up=1,
                hours=2,
            ),
        ],
    ),
    thread(
        "emma_l",
        "deposits-withdrawals",
        "Forgot to add the memo when depositing XRP",
        """
        I deposited 300 XRP to my account but forgot the **destination tag / memo**. The transaction
        is confirmed. Is there any way to get it back?
        """,
        tags="deposit xrp memo",
        days=22.6,
        up=3,
        answers=[
            answer(
                "wenda_team",
                """
                Yes, this can be recovered. Deposits without a memo land in our shared address and
                are matched by hand. Please open a thread in *Complaints & suggestions* (or reply
                here) with:

                | What | Example |
                |------|---------|
                | txid | `4C1D…E90B` |
                | Amount | 300 XRP |
                | Sending address | rPz…k2 |
                | Time (UTC) | 2026-10-02 14:05 |

                Recovery usually takes 3–5 working days. Never post your password or recovery
                phrase, we will never ask for them.
                """,
                up=6,
                accepted=True,
                hours=6,
            ),
        ],
    ),
    thread(
        "ben_carter",
        "deposits-withdrawals",
        "How long does a withdrawal review take?",
        """
        New account, first withdrawal. It says *Under review*. Is there an estimated time?
        Slightly nervous because it is most of my savings.
        """,
        tags="withdrawal review new-account",
        days=4.4,
        up=1,
        answers=[
            answer(
                "mod_lin",
                """
                First withdrawals from a new account, or to an address you have never used, are
                reviewed by hand. Typical time is 1–4 hours, up to 24 hours on weekends. Nothing is
                wrong with your account; you will get a notification when it is sent.
                """,
                up=2,
                accepted=True,
                hours=1,
            ),
            answer(
                "alice_w",
                """
                @ben_carter same worry on my first one: it took about two hours, and withdrawals
                to the same address have gone through in minutes since. @priya_n asked about the
                minimum amounts last week, worth a read before you withdraw again.
                """,
                up=1,
                hours=3,
            ),
        ],
    ),
    thread(
        "priya_n",
        "deposits-withdrawals",
        "What is the minimum withdrawal amount for USDT?",
        """
        I tried to withdraw 5 USDT and the button stays grey. Is there a minimum?
        """,
        tags="withdrawal usdt limits",
        days=11.8,
        answers=[
            answer(
                "alice_w",
                """
                Yes, it depends on the network because of the fee:

                | Network | Minimum | Fee |
                |---------|--------:|----:|
                | TRC20 | 10 USDT | 1 USDT |
                | ERC20 | 20 USDT | varies with gas |
                | Polygon | 5 USDT | 0.2 USDT |

                The numbers change sometimes; the withdraw screen shows the current ones under the
                amount field.
                """,
                up=4,
                accepted=True,
                hours=2.5,
            ),
        ],
    ),
    # Transactions & fees -------------------------------------------------------------------
    thread(
        "alice_w",
        "transactions-fees",
        "Why is the network fee so high for sending USDT?",
        """
        Sending 50 USDT on Ethereum costs me almost 6 USD in fees. On TRON it is way cheaper. Why
        the difference, and can I lower it?
        """,
        tags="fees usdt erc20 gas",
        days=47.0,
        up=4,
        answers=[
            answer(
                "marco_r",
                """
                The fee goes to the network, not to the wallet. On Ethereum a token transfer needs
                about 65,000 gas, and the price per gas depends on how busy the network is.

                Ways to pay less:

                - send when the network is quiet (weekends, early UTC mornings);
                - choose the **Slow** fee level if you are not in a hurry;
                - if the receiver supports it, use a cheaper network (TRC20, Polygon, Arbitrum).
                  *Both sides must use the same network.*
                """,
                up=7,
                accepted=True,
                hours=1.5,
            ),
            answer(
                "wenda_team",
                """
                We show the estimated fee before you confirm, and we do not add a margin on
                on-chain sends. Internal transfers between two Wenda wallet users are free.
                """,
                up=3,
                hours=7,
            ),
            answer(
                "sam_okafor",
                """
                One more: if you send often, keep the USDT on TRON or an L2 and only move to
                Ethereum when you really need to. Bridging back and forth costs more than it saves.
                """,
                up=3,
                hours=12,
            ),
            answer(
                "emma_l",
                """
                Be careful with "cheaper network" though: check that the exchange you send to lists
                that network for *deposits*, not only for withdrawals.
                """,
                up=4,
                hours=15,
            ),
        ],
    ),
    thread(
        "emma_l",
        "transactions-fees",
        "Fee estimate said 1.20 USD but I paid 2.85",
        """
        The confirm screen estimated the fee at about 1.20 USD, the explorer shows I paid 2.85.
        Is the estimate wrong on purpose?
        """,
        tags="fees gas estimate",
        days=19.3,
        up=1,
        answers=[
            answer(
                "ben_carter",
                """
                The explorer converts the fee at *today's* ETH price, the app at the price when you
                sent. Also the estimate uses the current base fee; if the next block is fuller,
                the base fee goes up a bit before your transaction is included.
                """,
                up=2,
                hours=3,
            ),
            answer(
                "mod_lin",
                """
                Worth checking the fee in ETH, not in USD. If the ETH amount is above the *max fee*
                you approved, please post the txid and we will look at it.
                """,
                up=1,
                hours=5,
            ),
        ],
    ),
    thread(
        "sam_okafor",
        "transactions-fees",
        "Ethereum transaction pending for hours, how do I speed it up?",
        """
        I sent a transaction with a low fee and it has been pending for 5 hours.

        ```
        txid: 0x3f2a…9c1d
        status: pending
        nonce: 41
        ```

        Every new transaction I try also stays pending. What can I do?
        """,
        tags="stuck-transaction eth nonce",
        days=36.7,
        up=3,
        answers=[
            answer(
                "priya_n",
                """
                Later transactions wait because the nonces must go in order: 42 cannot confirm
                before 41. Open the pending transaction and tap **Speed up**. The app sends the same
                transaction again with the same nonce and a higher fee, and the network keeps the
                one that pays more.

                If you want to abort it, use **Cancel**: it sends 0 ETH to yourself with nonce 41
                and a higher fee.
                """,
                up=6,
                accepted=True,
                hours=0.6,
            ),
            answer(
                "marco_r",
                """
                And don't keep sending new ones while it is stuck, they just queue up behind it.
                """,
                up=2,
                hours=1,
            ),
        ],
    ),
    thread(
        "marco_r",
        "transactions-fees",
        "Bitcoin transaction stuck, is replace-by-fee possible?",
        """
        Sent BTC with 3 sat/vB during a fee spike. The mempool is at 25 sat/vB now. Does the app
        support RBF, or do I have to wait until it drops out of the mempool?
        """,
        tags="btc rbf stuck-transaction",
        days=30.1,
        up=2,
        answers=[
            answer(
                "ben_carter",
                """
                Every BTC send from the app is marked replaceable, so **Speed up** works for
                Bitcoin too. If the fee is really low and nothing happens, nodes usually drop it
                after about two weeks and the coins show up again in your balance.
                """,
                up=4,
                accepted=True,
                hours=2,
            ),
        ],
    ),
    thread(
        "priya_n",
        "transactions-fees",
        '"Insufficient funds for gas" when sending USDT on Ethereum',
        """
        I have 120 USDT (ERC20) in the wallet, sending 100 gives *insufficient funds for gas*.
        I do have the USDT, what else is missing?
        """,
        tags="gas usdt erc20",
        days=44.9,
        up=4,
        answers=[
            answer(
                "alice_w",
                """
                You need a bit of **ETH** in the same address to pay the fee; token transfers are
                paid in the chain's own coin. Same for BNB on BNB Smart Chain and TRX on TRON.
                Around 0.003 ETH is usually enough for a few transfers.
                """,
                up=7,
                accepted=True,
                hours=0.3,
            ),
            answer(
                "mod_lin",
                """
                This is the most common question in this category. There is an FAQ entry for it
                too.
                """,
                up=1,
                down=1,
                hours=9,
            ),
        ],
    ),
    thread(
        "emma_l",
        "transactions-fees",
        "Transaction failed but I still paid the fee?",
        """
        A swap failed with *execution reverted*, nothing was swapped, but 0.004 ETH was taken as a
        fee. Can I get it back?
        """,
        tags="failed-transaction gas swap",
        days=8.2,
        up=1,
        answers=[
            answer(
                "marco_r",
                """
                Unfortunately no. Validators did the work of running your transaction, so the gas
                is spent even when it reverts. Common reasons for a revert:

                - price moved beyond your slippage setting;
                - not enough allowance for the token;
                - the gas limit was set too low by hand.

                Raising slippage a little (carefully) usually fixes swaps that revert.
                """,
                up=4,
                accepted=True,
                hours=1.8,
            ),
        ],
    ),
    thread(
        "ben_carter",
        "transactions-fees",
        "What are energy and bandwidth on TRON?",
        """
        Sending USDT on TRON sometimes costs almost nothing and sometimes burns 13 TRX. The app
        mentions *energy* and *bandwidth*. What are they?
        """,
        tags="tron trx energy fees",
        days=25.4,
        up=2,
        answers=[
            answer(
                "sam_okafor",
                """
                On TRON every account gets some free **bandwidth** each day, which covers plain TRX
                transfers. Token transfers (USDT) also need **energy**. If you have none, TRX is
                burned to pay for it; that is the 13 TRX.

                You can get energy by staking TRX or renting it. For a few transfers a month,
                burning is simpler.
                """,
                up=5,
                accepted=True,
                hours=2.2,
            ),
        ],
    ),
    # Account & login ------------------------------------------------------------------------
    thread(
        "sam_okafor",
        "account",
        "Forgot my account password, how do I reset it?",
        """
        I can't log in on my new laptop, the password I remember is wrong. Is there a reset flow,
        and will I lose my funds?
        """,
        tags="password login reset",
        days=58.0,
        up=2,
        answers=[
            answer(
                "mod_lin",
                """
                Use **Forgot password?** on the login page. You get a reset link by e-mail; after
                the reset, withdrawals are locked for 24 hours as a safety measure. Your funds are
                not affected.

                Note: the *account password* is not your wallet's recovery phrase. Nobody,
                including staff, can reset a recovery phrase.
                """,
                up=5,
                accepted=True,
                hours=0.9,
            ),
        ],
    ),
    thread(
        "priya_n",
        # Asked in the wrong category: demo.moderation moves it to "account".
        "using-the-wallet",
        "Password reset e-mail never arrives",
        """
        I clicked *Forgot password* three times. Nothing in my inbox, nothing in spam. Using a
        Gmail address.
        """,
        tags="password email reset",
        days=6.7,
        up=1,
        answers=[
            answer(
                "alice_w",
                """
                Check the **Promotions** and **Updates** tabs in Gmail, that is where mine went.
                Also the link expires after 30 minutes and only the newest one works.
                """,
                up=2,
                hours=1,
            ),
            answer(
                "wenda_team",
                """
                We checked the mail logs: the messages were delivered to Gmail. Please search for
                the subject *Reset your password*. If it is really not there, reply and we will
                verify your identity another way.
                """,
                up=2,
                accepted=True,
                hours=4,
            ),
        ],
    ),
    thread(
        "marco_r",
        "account",
        "Lost my phone with Google Authenticator, can't log in",
        """
        My phone was stolen. I had Google Authenticator for 2FA and did not save the backup key.
        I still know my password. How do I get back into my account?
        """,
        tags="2fa authenticator lost-phone",
        days=39.6,
        up=4,
        answers=[
            answer(
                "wenda_team",
                """
                Sorry to hear that. Use **Login → Lost your 2FA device?** and follow the
                identity check (a selfie with your ID and the date). After approval, 2FA is
                removed and withdrawals are paused for 48 hours.

                If your wallet is self-custody, your funds are safe as long as your recovery phrase
                was not on that phone.
                """,
                up=5,
                accepted=True,
                hours=3,
            ),
            answer(
                "emma_l",
                """
                For the future: when you set up 2FA, write the setup key down on paper next to
                your recovery phrase backup. Then moving to a new phone takes two minutes.
                """,
                up=4,
                hours=6,
            ),
            answer(
                "marco_r",
                """
                Update for anyone finding this later: the check took one day, I'm back in, and the
                48-hour withdrawal pause ended this morning.
                """,
                up=2,
                hours=70,
            ),
            # A phishing reply: flagged by members and hidden by the moderator.
            answer(
                "fast_recovery_pro",
                """
                Hello, wallet support desk here. We can restore your access in 10 minutes: open our
                validation form at wallet-restore-desk (dot) com and confirm your wallet words so
                we can re-sync your 2FA.
                """,
                down=2,
                hours=1.5,
            ),
        ],
    ),
    thread(
        "emma_l",
        "account",
        "2FA code always says invalid",
        """
        The 6-digit code from my authenticator app is rejected every time, on the app and on the
        web. I typed it carefully. What could be wrong?
        """,
        tags="2fa authenticator login",
        days=13.5,
        up=2,
        answers=[
            answer(
                "ben_carter",
                """
                Almost always the clock. Codes depend on the time, so if your phone's clock is a
                minute off, every code is wrong. Turn on **automatic date & time** in the phone
                settings. In Google Authenticator on Android there is also *Settings → Time
                correction for codes*.
                """,
                up=6,
                accepted=True,
                hours=0.4,
            ),
        ],
    ),
    thread(
        "alice_w",
        "account",
        'KYC rejected: "document photo is not clear"',
        """
        Third attempt, still rejected because the photo of my passport is "not clear". It looks
        fine to me. Any tips?
        """,
        tags="kyc verification",
        days=17.0,
        up=1,
        answers=[
            answer(
                "mod_lin",
                """
                What usually helps:

                - daylight, no flash (the flash makes a glare on the photo page);
                - all four corners visible, nothing covering the text at the bottom;
                - take the photo in the app, not an upload of a screenshot;
                - the name must match your account name exactly.
                """,
                up=4,
                accepted=True,
                hours=2,
            ),
            answer(
                "priya_n",
                """
                Mine was rejected until I removed the plastic cover of the passport.
                """,
                up=3,
                hours=5,
            ),
        ],
    ),
    thread(
        "ben_carter",
        "account",
        "How do I change the e-mail address on my account?",
        """
        I no longer use the e-mail I signed up with. Where can I change it?
        """,
        tags="email account-settings",
        days=49.8,
        answers=[
            answer(
                "sam_okafor",
                """
                **Me → Account → E-mail**. It asks for a code sent to the old address and one sent
                to
                the new one. If you can't access the old address anymore, you need to contact
                support with an ID check.
                """,
                up=2,
                accepted=True,
                hours=5,
            ),
        ],
    ),
    thread(
        "sam_okafor",
        "account",
        "New device login asks for verification every time",
        """
        Every time I open the web version it says *new device* and wants an e-mail code, even on
        the same browser. Annoying. Can I turn it off?
        """,
        tags="login new-device",
        days=2.3,
        answers=[],
    ),
    # Using the wallet -----------------------------------------------------------------------
    thread(
        "emma_l",
        "using-the-wallet",
        "What is the right way to back up my wallet?",
        """
        I just created a wallet and the app asks me to back up the recovery phrase. Is a screenshot
        OK? What about a password manager?
        """,
        tags="backup recovery-phrase",
        days=55.3,
        up=5,
        answers=[
            answer(
                "mod_lin",
                """
                Please **no screenshots**: photos sync to cloud accounts, and malware looks for
                them.

                A good backup:

                1. Write the words on paper (or stamp them in metal), in order, offline.
                2. Keep it somewhere safe from fire and water; a second copy in another place.
                3. Never type them into a website, a chat, or a form. No support person will ever
                   ask for them.

                A password manager is better than a screenshot, but an offline copy is still the
                one that matters.
                """,
                up=7,
                accepted=True,
                hours=1,
            ),
            answer(
                "marco_r",
                """
                Also test the backup: restore it once into the app on a second device before you put
                real money in the wallet.
                """,
                up=5,
                hours=3,
            ),
            answer(
                "alice_w",
                """
                I split mine: one paper copy at home, one in a sealed envelope at my parents'. Never
                took a photo of it.
                """,
                up=2,
                hours=20,
            ),
        ],
    ),
    thread(
        "marco_r",
        "using-the-wallet",
        "Export transaction history to CSV for taxes",
        """
        My accountant wants every transaction of 2025 in a spreadsheet. Is there an export, and
        does it include fees?
        """,
        tags="export history csv taxes",
        days=9.6,
        up=2,
        answers=[
            answer(
                "priya_n",
                """
                **Assets → History → ⋯ → Export CSV**. Choose the date range and the wallets. The
                file has these columns:

                ```
                date_utc,type,asset,amount,fee,fee_asset,network,txid,note
                ```

                Fees are a separate column, in the coin that paid them.
                """,
                up=4,
                accepted=True,
                hours=2,
            ),
            answer(
                "wenda_team",
                """
                The export covers up to 12 months per file; for a longer period, export several
                ranges.
                """,
                up=1,
                hours=8,
            ),
        ],
    ),
    thread(
        "alice_w",
        "using-the-wallet",
        "App crashes on start after updating to 4.2 (Android)",
        """
        Updated from the Play Store this morning, now the app closes right after the splash
        screen. Pixel 7, Android 15. Reinstalling is scary because of my funds.
        """,
        tags="android app-update crash",
        days=3.1,
        up=3,
        answers=[
            answer(
                "wenda_team",
                """
                Thanks for the report. Version 4.2.0 crashes on some Android 15 devices when the
                home-screen widget is active. **4.2.1** fixes it and is rolling out now. Until then,
                remove the widget and the app opens.

                Please don't reinstall unless you have your recovery phrase backup at hand.
                """,
                up=5,
                accepted=True,
                hours=2,
            ),
            answer(
                "sam_okafor",
                """
                Removing the widget worked for me, thanks.
                """,
                up=1,
                hours=4,
            ),
        ],
    ),
    thread(
        "ben_carter",
        "using-the-wallet",
        "How do I add a custom token that does not show up?",
        """
        I received a token from a project I joined, the explorer shows it in my address but the
        app doesn't. How do I add it?
        """,
        tags="custom-token erc20",
        days=28.4,
        up=1,
        answers=[
            answer(
                "emma_l",
                """
                **Assets → + → Custom token**, choose the network, paste the **contract address**
                from the project's official site (not from a link someone sent you). Symbol and
                decimals fill themselves in.
                """,
                up=3,
                accepted=True,
                hours=1.6,
            ),
            answer(
                "mod_lin",
                """
                Careful with tokens you did not ask for: see the pinned thread about airdrop
                scams in *Security*.
                """,
                up=2,
                hours=3,
            ),
        ],
    ),
    thread(
        "sam_okafor",
        "using-the-wallet",
        "Can I have a watch-only wallet for my hardware wallet address?",
        """
        I keep most coins on a hardware wallet. I'd like to see the balance in the app without
        importing anything secret. Possible?
        """,
        tags="watch-only hardware-wallet",
        days=20.8,
        answers=[
            answer(
                "priya_n",
                """
                Yes: **Add wallet → Watch an address**. You paste a public address (or an xpub for
                Bitcoin) and the app shows balance and history but cannot send.
                """,
                up=2,
                hours=6,
            ),
        ],
    ),
    # Security ------------------------------------------------------------------------------
    thread(
        "wenda_team",
        "security",
        "PSA: we will never DM you or ask for your recovery phrase",
        """
        Scammers are sending direct messages pretending to be **Wenda support**, often with a
        name like "Support Team" and our logo.

        Facts:

        - Staff accounts have the **official** badge next to their name on this forum.
        - We never ask for your recovery phrase, private key or password. Not in DMs, not in
          forms, not "to verify your wallet".
        - We never ask you to send coins "for verification" or install remote-desktop apps.

        If you see such a message, flag it and tell a moderator.
        """,
        tags="phishing scam support",
        days=59.5,
        up=7,
        answers=[
            answer(
                "alice_w",
                """
                Got one of these last week, a "validation form" asking for the 12 words. Reported.
                """,
                up=2,
                hours=20,
            ),
        ],
    ),
    thread(
        "priya_n",
        "security",
        "Is this airdrop site legit? It asks me to connect my wallet",
        """
        I got 5,000 tokens called *USDTbonus* in my wallet and the token name is a website. The
        website wants me to connect my wallet and "claim". Safe?
        """,
        tags="airdrop scam approvals",
        days=12.4,
        up=4,
        answers=[
            answer(
                "mod_lin",
                """
                **Do not connect.** This is a classic drainer: the site asks you to sign an
                *approval* that lets their contract move your real tokens. Unknown tokens with a
                website in the name are bait.

                Hide the token (**long-press → Hide**) and ignore it. Sending or swapping it can
                also trigger the scam.
                """,
                up=6,
                accepted=True,
                hours=0.5,
            ),
        ],
    ),
    thread(
        "emma_l",
        "security",
        "How do I revoke token approvals I gave to a dApp?",
        """
        I used a lot of DeFi sites last year. I read that old approvals can be dangerous. How do I
        see and remove them?
        """,
        tags="approvals defi revoke",
        days=31.5,
        up=3,
        answers=[
            answer(
                "ben_carter",
                """
                In the app: **Security → Token approvals**. It lists every contract allowed to
                spend your tokens, per network. Tap **Revoke** on the ones you don't use; each
                revoke is a small transaction, so you need a bit of gas.

                Unlimited approvals to contracts you don't recognise go first.
                """,
                up=5,
                accepted=True,
                hours=1.1,
            ),
        ],
    ),
    thread(
        "sam_okafor",
        "security",
        "Received tiny transfers from an address that looks like mine",
        """
        I see several 0 USDT transfers in my history from an address that starts and ends with the
        same characters as my exchange address. What is that?
        """,
        tags="address-poisoning scam",
        days=7.9,
        up=4,
        answers=[
            answer(
                "priya_n",
                """
                That's **address poisoning**. They hope you copy the address from your history next
                time and send to them instead. Always copy addresses from the source (your
                exchange's deposit page or your address book), and compare more than the first and
                last four characters.
                """,
                up=7,
                accepted=True,
                hours=0.7,
            ),
            answer(
                "wenda_team",
                """
                The app now greys out zero-value transfers in the history and marks look-alike
                addresses with a warning. Adding your exchange address to the **address book**
                protects you further.
                """,
                up=4,
                hours=5,
            ),
        ],
    ),
    thread(
        "alice_w",
        "security",
        "Should I move my savings to a hardware wallet?",
        """
        I have a bit more than I'm comfortable with in a phone wallet. Is a hardware wallet worth
        it, and can I still use this app with it?
        """,
        tags="hardware-wallet cold-storage",
        days=45.7,
        up=2,
        answers=[
            answer(
                "marco_r",
                """
                If the amount would hurt to lose, yes. A hardware wallet keeps the keys off your
                phone, so malware on the phone can't sign for you. You can pair it with the app
                over Bluetooth or USB and keep using the app as the screen.
                """,
                up=4,
                hours=4,
            ),
            answer(
                "emma_l",
                """
                Buy it from the manufacturer directly, never second-hand, and set it up yourself:
                a device that arrives with a recovery phrase already printed is a scam.
                """,
                up=4,
                hours=9,
            ),
        ],
    ),
    # Complaints & suggestions ---------------------------------------------------------------
    thread(
        "marco_r",
        "complaints",
        "Support took 5 days to answer my ticket",
        """
        My withdrawal problem was solved in the end, but it took five days to get a first reply to
        my ticket. For a finance app that is too slow. Please staff up.
        """,
        tags="support response-time",
        days=10.2,
        up=4,
        answers=[
            answer(
                "wenda_team",
                """
                You're right, and we're sorry. Ticket volume doubled after the 4.2 release. We have
                added people to the queue and the median first reply this week is under 12 hours.
                We also answer in this forum every day.
                """,
                up=2,
                hours=10,
            ),
        ],
    ),
    thread(
        "emma_l",
        "complaints",
        "Suggestion: dark mode for the web version",
        """
        The mobile app has a dark theme, the web version does not. Would be great for night-time
        use.
        """,
        tags="suggestion dark-mode web",
        days=24.1,
        up=5,
        answers=[
            answer(
                "sam_okafor",
                """
                +1, and please follow the system setting automatically.
                """,
                up=3,
                hours=6,
            ),
            answer(
                "wenda_team",
                """
                It's on the roadmap for this quarter. We'll post here when it ships.
                """,
                up=2,
                hours=30,
            ),
        ],
    ),
    thread(
        "ben_carter",
        "complaints",
        'Please show the withdrawal review status instead of just "pending"',
        """
        When a withdrawal is pending I have no idea whether it is waiting for a human review, for
        the network or for something I should do. A simple status line would save a lot of
        support tickets.
        """,
        tags="suggestion withdrawal pending",
        days=1.6,
        up=2,
        answers=[],
    ),
]
