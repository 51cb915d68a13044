import pytest
from django.core.exceptions import ValidationError

from association.credit_code import check_character, credit_code_problem, make_credit_code, validate_credit_code

pytestmark = pytest.mark.usefixtures("english")


@pytest.mark.parametrize(
    ("code", "problem"),
    [
        ("91350100M000100Y43", None),  # the example printed in GB 32100-2015 commentary
        (make_credit_code("9", "1", "650100", "MA7ABCDE1"), None),
        ("91350100M000100Y44", "check character is 4, expected 3"),
        ("91350100M000100Y4", "must be 18 characters, got 17"),
        ("91350100M000100Y433", "must be 18 characters, got 19"),
        ("91350100M000I00Y43", "contains characters not allowed in a credit code: I"),
        ("9135O100M000100Y43", "contains characters not allowed in a credit code: O"),
        ("91ABCDEFM000100Y43", "characters 3 to 8 must be the administrative division code (digits)"),
        ("", "must be 18 characters, got 0"),
    ],
)
def test_credit_code_problem(code, problem):
    assert credit_code_problem(code) == problem


def test_check_character_zero_and_letters():
    # the check value 31 maps to 0; letters come from the 31-character alphabet
    seen = {check_character(f"9165010{n:010d}") for n in range(200)}
    assert "0" in seen and any(c.isalpha() for c in seen)
    assert not seen & set("IOSVZ")


def test_validate_normalises_spaces_and_case():
    validate_credit_code(" 91350100m000100y43 ")
    with pytest.raises(ValidationError) as err:
        validate_credit_code("91350100M000100Y44")
    assert "check character" in str(err.value)
