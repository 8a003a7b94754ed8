import phonenumbers
import pytest
from rcf_tools import phone
from rcf_tools.errors import InvalidValue


def full_width(s):
    """Full-width form of printable ASCII (ruff RUF001 flags literal ones)."""
    return "".join(chr(ord(c) + 0xFEE0) if "!" <= c <= "~" else c for c in s)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("13800138000", "+8613800138000"),
        ("138 0013 8000", "+8613800138000"),
        ("138-0013-8000", "+8613800138000"),
        ("138.0013.8000", "+8613800138000"),
        ("+86 138 0013 8000", "+8613800138000"),
        ("+86-13800138000", "+8613800138000"),
        ("+8613800138000", "+8613800138000"),
        ("008613800138000", "+8613800138000"),
        ("0086 138 0013 8000", "+8613800138000"),
        ("8613800138000", "+8613800138000"),
        ("86 138 0013 8000", "+8613800138000"),
        ("(+86) 13800138000", "+8613800138000"),
        (full_width("+86 13800138000"), "+8613800138000"),
        ("\u200b13800138000\ufeff", "+8613800138000"),
        (13800138000, "+8613800138000"),
        (13800138000.0, "+8613800138000"),
        ("13800138000.0", "+8613800138000"),
        ("1.3800138000E+10", "+8613800138000"),
        ("19912345678", "+8619912345678"),
        ("16612345678", "+8616612345678"),
        ("010-62345678", "+861062345678"),
        ("(010) 6234 5678", "+861062345678"),
        ("(021) 5555 1234", "+862155551234"),
        ("0755-88889999", "+8675588889999"),
        ("+86 755 8888 9999", "+8675588889999"),
        ("+852 9123 4567", "+85291234567"),
        ("0085291234567", "+85291234567"),
        ("+1 (201) 555-0123", "+12015550123"),
    ],
)
def test_normalize_phone_default_cn(raw, expected):
    assert phone.normalize_phone(raw) == expected


@pytest.mark.parametrize(
    ("raw", "region", "expected"),
    [
        ("9123 4567", "HK", "+85291234567"),
        ("9123 4567", "hk", "+85291234567"),
        ("008613800138000", "HK", "+8613800138000"),
        ("8613800138000", "HK", "+8613800138000"),
        ("+86 13800138000", "HK", "+8613800138000"),
        ("6612 3456", "MO", "+85366123456"),
        ("(201) 555-0123", "US", "+12015550123"),
        ("13800138000", "CN", "+8613800138000"),
    ],
)
def test_normalize_phone_region(raw, region, expected):
    assert phone.normalize_phone(raw, default_region=region) == expected


@pytest.mark.parametrize("raw", [None, False, "", "   ", "\u200b"])
def test_normalize_phone_empty(raw):
    assert phone.normalize_phone(raw) == ""


@pytest.mark.parametrize(
    ("raw", "value"),
    [
        ("12345678901", "12345678901"),  # mobiles start with 13-19
        ("10012345678", "10012345678"),
        ("1380013800", "1380013800"),  # 10 digits
        ("138001380001", "138001380001"),  # 12 digits
        ("+86 138 0013 800", "+86 138 0013 800"),
        ("86 1380013800", "86 1380013800"),
        ("abc", "abc"),
        ("138OO138000", "138OO138000"),
        ("+", "+"),
        ("123", "123"),
        ("138+0013+8000", "138+0013+8000"),
        ("电话13800138000", "电话13800138000"),
        # Extensions are rejected on purpose: E.164 has no room for them.
        ("0755-88889999 ext 12", "0755-88889999 ext 12"),
        ("0755-88889999 x12", "0755-88889999 x12"),
        ("0755-88889999转12", "0755-88889999转12"),
        ("0755-88889999#12", "0755-88889999#12"),
        ("0755-88889999;ext=12", "0755-88889999;ext=12"),
        ("13800138000 / 13900139000", "13800138000 / 13900139000"),
    ],
)
def test_normalize_phone_invalid(raw, value):
    with pytest.raises(InvalidValue) as info:
        phone.normalize_phone(raw)
    assert info.value.code == "phone_invalid"
    assert info.value.params == {"value": value}


def test_normalize_phone_local_number_needs_its_region():
    assert phone.normalize_phone("91234567", default_region="HK") == "+85291234567"
    with pytest.raises(InvalidValue) as info:
        phone.normalize_phone("91234567", default_region="CN")
    assert info.value.code == "phone_invalid"


def test_normalize_phone_unknown_region_without_country_code():
    with pytest.raises(InvalidValue) as info:
        phone.normalize_phone("13800138000", default_region="ZZ")
    assert info.value.code == "phone_invalid"
    assert phone.normalize_phone("+8613800138000", default_region="ZZ") == (
        "+8613800138000"
    )


@pytest.mark.parametrize("raw", ["1.38001E+10", "1.38001380E+10", 1.38e15])
def test_normalize_phone_excel_truncated(raw):
    with pytest.raises(InvalidValue) as info:
        phone.normalize_phone(raw)
    assert info.value.code == "number_truncated"


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("+8613800138000", True),
        ("+8619912345678", True),
        ("+85291234567", True),
        ("+12015550123", True),  # NANP: FIXED_LINE_OR_MOBILE
        ("+861062345678", False),
        ("+862155551234", False),
        ("+85221234567", False),
        ("", False),
        (None, False),
        (False, False),
        ("13800138000", False),  # not E.164
        ("garbage", False),
    ],
)
def test_is_mobile(value, expected):
    assert phone.is_mobile(value) is expected


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("13800138000", "13800138000"),
        ("138 0013 8000", "13800138000"),
        ("138-0013-8000", "13800138000"),
        ("+86 138 0013 8000", "13800138000"),
        ("+8613800138000", "13800138000"),
        ("008613800138000", "13800138000"),
        ("8613800138000", "13800138000"),
        (full_width("1380"), "1380"),
        ("8000", "8000"),
        (" 80-00 ", "8000"),
        ("(0755) 8888", "07558888"),
        ("+852 9123 4567", "85291234567"),
        ("86123", "86123"),
        ("861062345678", "861062345678"),  # landline: prefix kept
        ("0086 1062345678", "00861062345678"),
        ("86138001380001", "86138001380001"),  # not 11 digits after prefix
    ],
)
def test_phone_search_digits(query, expected):
    assert phone.phone_search_digits(query) == expected


@pytest.mark.parametrize(
    "query",
    [
        None,
        False,
        "",
        "   ",
        "123",
        "1-2-3",
        "+86",
        "abc",
        "138abc",
        "张三",
        "Tel 13800",
    ],
)
def test_phone_search_digits_none(query):
    assert phone.phone_search_digits(query) is None


@pytest.mark.parametrize(
    "prefix", [f"1{a}{b}" for a in "3456789" for b in "0123456789"]
)
def test_mainland_mobiles_come_out_as_full_parsing_gives_them(prefix):
    for tail in ("00000000", "12345678", "99999999"):
        national = prefix + tail
        parsed = phonenumbers.parse(national, "CN")
        for typed in (national, f"+86 {national}", f"0086{national}"):
            if phonenumbers.is_valid_number(parsed):
                expected = phonenumbers.format_number(
                    parsed, phonenumbers.PhoneNumberFormat.E164
                )
                assert phone.normalize_phone(typed, "CN") == expected, typed
            else:
                with pytest.raises(InvalidValue):
                    phone.normalize_phone(typed, "CN")
