import pytest
from django.core.exceptions import ValidationError

from accounts.validators import (
    contains_reserved_token,
    is_confusable_with,
    name_skeleton,
    validate_public_name,
)
from tests.factories import make_user


@pytest.mark.parametrize(
    "name",
    [
        "官方客服",
        "Admin",
        "ｓｕｐｐｏｒｔ",
        "bitpie_support",
        "bitpie-support",
        "administrator",
        "Official_Help",
        "moderator",
        "staff",
        "管理员",
        "客服小王",
        "官 方",
        "宫方客服",
        "аdmin",  # Cyrillic а
        "ѕuppοrt",  # Cyrillic ѕ, Greek ο
        "4dm1n",
        "ad.min",
        "Supp0rt_Team",
        "rnoderator",
        "ＡＤＭＩＮ",
        "ádmín",
        "s\u200bupport",
    ],
)
def test_names_posing_as_staff_or_support_are_reserved(name):
    assert contains_reserved_token(name)


@pytest.mark.parametrize(
    "name",
    [
        "wang_lei",
        "alice",
        "李明",
        "crypto_fan",
        "Satoshi",
        "emily1990",
        "helpdesk-fan",
        "张三",
    ],
)
def test_ordinary_names_are_not_reserved(name):
    assert not contains_reserved_token(name)


def test_skeleton_folds_case_width_separators_and_look_alike_digits():
    assert name_skeleton("Ｌｉｎ.Ｗ_e-i") == name_skeleton("lin wei") == name_skeleton("L1N-W3I")


def test_a_name_confusable_with_a_protected_name_is_caught_and_a_different_one_is_not():
    assert is_confusable_with("Iinda", ["linda"])
    assert is_confusable_with("l1nda_", ["Linda"])
    assert is_confusable_with("lindа_help", ["linda"])  # Cyrillic а, and contains the name
    assert not is_confusable_with("lindsay", ["linda"])
    # Short staff names are matched only exactly: plenty of names contain "bob".
    assert is_confusable_with("B0b", ["bob"])
    assert not is_confusable_with("bobby", ["bob"])


@pytest.mark.django_db
def test_validate_public_name_refuses_look_alikes_of_an_existing_staff_name():
    make_user(username="xiaolin", display_name="Lin Wei", is_staff=True)
    for name in [
        "Xiao.Lin",
        "xiaoIin",
        "ｘｉａｏｌｉｎ",
        "xiao_1in",
        "LinWei",
        "lin-wei",
        "Iin wei",
    ]:
        with pytest.raises(ValidationError) as caught:
            validate_public_name(name)
        assert caught.value.code == "confusable_name", name
    validate_public_name("xiaoming")


@pytest.mark.django_db
def test_validate_public_name_protects_moderators_too(moderator):
    with pytest.raises(ValidationError):
        validate_public_name("M0derat0r")  # reserved token
    make_user(username="helper_chen", moderator=True)
    with pytest.raises(ValidationError) as caught:
        validate_public_name("helper.chen")
    assert caught.value.code == "confusable_name"


@pytest.mark.django_db
def test_validate_public_name_passes_an_ordinary_name_and_gives_a_clear_reason_otherwise():
    validate_public_name("wang_lei")
    with pytest.raises(ValidationError) as caught:
        validate_public_name("官方客服")
    assert caught.value.code == "reserved_name"
    assert "reserved" in caught.value.messages[0]
