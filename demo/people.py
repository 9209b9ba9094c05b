"""Demo accounts. They all share one documented password, printed by ``load_demo``."""

DEMO_PASSWORD = "wenda-demo-2026"

MODERATOR = "mod_lin"
STAFF = "wenda_team"
ADMIN = "admin"

# (username, display name, e-mail). Members ask and answer; order matters only for who votes.
MEMBERS = [
    ("chenxiao", "陈晓", "chenxiao@example.com"),
    ("wanglei88", "王磊", "wanglei88@example.com"),
    ("lijing", "李静", "lijing@example.com"),
    ("zhangwei_sz", "张伟", "zhangwei@example.com"),
    ("liuyang", "刘洋", "liuyang@example.com"),
    ("alice_w", "Alice Walker", "alice.walker@example.com"),
    ("ben_carter", "Ben Carter", "ben.carter@example.net"),
    ("priya_n", "Priya Nair", "priya.nair@example.org"),
    ("marco_r", "Marco Rossi", "marco.rossi@example.com"),
    ("sam_okafor", "Samuel Okafor", "sam.okafor@example.net"),
    ("emma_l", "Emma Lindqvist", "emma.lindqvist@example.org"),
]

# Who reads the site (and their mail) in Chinese; everyone else in English.
CHINESE_READERS = {"chenxiao", "wanglei88", "lijing", "zhangwei_sz", "liuyang", MODERATOR, STAFF}

MODERATOR_ACCOUNT = (MODERATOR, "林晨", "mod.lin@example.com")
STAFF_ACCOUNT = (STAFF, "Wenda 官方团队", "team@example.com")
ADMIN_ACCOUNT = (ADMIN, "Site admin", "admin@example.com")
# A scammer whose replies show the flag queue and hiding at work; not a voter, not advertised.
SCAMMER_ACCOUNT = ("fast_recovery_pro", "Fast Recovery Pro", "fast.recovery@example.net")
