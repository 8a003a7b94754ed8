import pytest
from rcf_tools import masking


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("110101199003071234", "1101**********1234"),
        ("11010519491231002X", "1101**********002X"),
        ("91110108551385082Q", "9111**********082Q"),
        ("E12345678", "E1*****78"),
        ("H1234567890", "H1*******90"),
        ("12345678", "12****78"),
        ("AB123", "A***3"),
        ("abc", "***"),
        ("ab", "**"),
        ("a", "*"),
        ("", ""),
        (None, ""),
        (False, ""),
    ],
)
def test_mask_id_number(value, expected):
    result = masking.mask_id_number(value)
    assert result == expected
    assert len(result) == len(expected)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("+8613800138000", "+86 138****8000"),
        ("+8619912345678", "+86 199****5678"),
        ("+861062345678", "+86 ******5678"),
        ("+8675588889999", "+86 *******9999"),
        ("+85291234567", "+852 ****4567"),
        ("+12015550123", "+1 ******0123"),
        ("+442079460958", "+44 ******0958"),
        ("13800138000", "*******8000"),
        ("123", "***"),
        ("", ""),
        (None, ""),
    ],
)
def test_mask_phone(value, expected):
    assert masking.mask_phone(value) == expected
