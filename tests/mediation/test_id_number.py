import pytest

from mediation.id_number import check_character, id_number_problem, normalise_id_number
from mediation.masking import mask_id_number, mask_name, mask_phone


@pytest.mark.parametrize(
    ("value", "valid"),
    [
        ("11010519491231002X", True),  # the example in GB 11643-1999
        ("11010519491231002x", True),  # lower-case x is folded
        ("650102199001011239", True),
        (" 6501 0219 9001 0112 39 ", True),  # spaces are ignored
        ("６５０１０２１９９００１０１１２３９", True),  # full-width digits
        ("650102199001011238", False),  # wrong check digit
        ("110105194912310021", False),  # X expected
        ("65010219900101123", False),  # 17 characters
        ("6501021990010112399", False),  # 19 characters
        ("65010219900101123A", False),  # letter other than X
        ("650102199013011236", False),  # month 13
        ("650102199002301234", False),  # 30 February
        ("650102180001011234", False),  # born before 1900
        ("", False),
    ],
)
def test_id_number_table(value, valid):
    assert (id_number_problem(value) is None) is valid
    assert (id_number_problem(value) is None) is valid


@pytest.mark.parametrize(
    ("first17", "check"),
    [("11010519491231002", "X"), ("65010219900101123", "9"), ("44030419850101001", "3")],
)
def test_check_character(first17, check):
    assert check_character(first17) == check


def test_normalise():
    assert normalise_id_number(" 11010519491231002x ") == "11010519491231002X"


@pytest.mark.parametrize(
    ("func", "value", "masked"),
    [
        (mask_name, "张三", "张*"),
        (mask_name, "张", "张*"),
        (mask_name, "欧阳娜娜", "欧***"),
        (mask_name, "", ""),
        (mask_id_number, "650102199001011234", "6501**********1234"),
        (mask_id_number, "", ""),
        (mask_phone, "13812341234", "138****1234"),
        (mask_phone, "0991-1234567", "099*****4567"),
        (mask_phone, "", ""),
    ],
)
def test_masking(func, value, masked):
    assert func(value) == masked
