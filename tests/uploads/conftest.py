from pathlib import Path

import pytest

from tests.factories import PASSWORD


def stored_files(media_root) -> list[str]:
    root = Path(media_root)
    return sorted(str(path.relative_to(root)) for path in root.rglob("*") if path.is_file())


@pytest.fixture
def member_client(client, user):
    client.login(username=user.username, password=PASSWORD)
    return client
