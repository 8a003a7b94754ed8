import datetime

import pytest
from rcf_tools import idnumber
from rcf_tools.errors import InvalidValue
from stdnum.cn import ric, uscc


def full_width(s):
    """Full-width form of printable ASCII (ruff RUF001 flags literal ones)."""
    return "".join(chr(ord(c) + 0xFEE0) if "!" <= c <= "~" else c for c in s)


_USCC_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"


def gb11643(first17):
    """Independent GB 11643 check digit, so the code is not tested with itself."""
    total = sum(int(d) * pow(2, 17 - i, 11) for i, d in enumerate(first17))
    check = (12 - total % 11) % 11
    return first17 + ("X" if check == 10 else str(check))


def with_uscc_check(first17):
    total = sum(_USCC_ALPHABET.index(c) * pow(3, i, 31) for i, c in enumerate(first17))
    return first17 + _USCC_ALPHABET[-total % 31]


def wrong_last(number, alphabet="0123456789X"):
    return number[:-1] + next(c for c in alphabet if c != number[-1])


MALE_1990 = gb11643("44030519900307123")
FUTURE = gb11643("11010520990101002")
FEB_31 = gb11643("11010519490231002")
BEFORE_1900 = gb11643("11010518991231002")
BAD_PROVINCE = gb11643("99010519491231002")
FOREIGN_NEW = gb11643("93115619900101001")
USCC_LETTER = with_uscc_check("N2110000MA0XYK123")


def test_helpers_agree_with_stdnum():
    assert gb11643("11010519491231002") == "11010519491231002X"
    assert ric.is_valid(MALE_1990)
    assert ric.is_valid("360426199101010071")
    assert with_uscc_check("91110108551385082") == "91110108551385082Q"
    assert uscc.is_valid("91110108551385082Q")
    assert uscc.calc_check_digit(USCC_LETTER) == USCC_LETTER[-1]


def test_id_types():
    assert idnumber.ID_TYPES == (
        "cn_resident",
        "hk_mo_permit",
        "tw_permit",
        "passport",
        "foreign_permanent",
        "uscc",
        "other",
    )


@pytest.mark.parametrize(
    ("id_type", "raw", "expected"),
    [
        ("cn_resident", "11010519491231002X", "11010519491231002X"),
        ("cn_resident", "11010519491231002x", "11010519491231002X"),
        ("cn_resident", " 110105 19491231 002X ", "11010519491231002X"),
        ("cn_resident", "110105-19491231-002X", "11010519491231002X"),
        ("cn_resident", full_width("11010519491231002X"), "11010519491231002X"),
        ("cn_resident", "360426199101010071", "360426199101010071"),
        ("cn_resident", MALE_1990, MALE_1990),
        ("cn_resident", 360426199101010071, "360426199101010071"),
        ("cn_resident", MALE_1990 + ".0", MALE_1990),
        # First-generation 15-digit card: "19" inserted, check digit computed.
        ("cn_resident", "110105491231002", "11010519491231002X"),
        ("cn_resident", 110105491231002, "11010519491231002X"),
        ("cn_resident", 110105491231002.0, "11010519491231002X"),
        ("cn_resident", "440305900307123", MALE_1990),
        ("hk_mo_permit", "H12345678", "H12345678"),
        ("hk_mo_permit", "h 1234 5678", "H12345678"),
        ("hk_mo_permit", "M1234567890", "M1234567890"),
        ("tw_permit", "12345678", "12345678"),
        ("tw_permit", "1234567890", "1234567890"),
        ("tw_permit", 12345678, "12345678"),
        ("tw_permit", "01234567", "01234567"),
        ("passport", "E12345678", "E12345678"),
        ("passport", "g 1234-5678", "G12345678"),
        ("passport", "AB123", "AB123"),
        ("passport", "A" * 20, "A" * 20),
        ("foreign_permanent", "USA123456789012", "USA123456789012"),
        ("foreign_permanent", "usa-1234-5678-9012", "USA123456789012"),
        ("foreign_permanent", FOREIGN_NEW, FOREIGN_NEW),
        ("foreign_permanent", FOREIGN_NEW.lower(), FOREIGN_NEW),
        ("uscc", "91110108551385082Q", "91110108551385082Q"),
        ("uscc", "91110108551385082q", "91110108551385082Q"),
        ("uscc", "9111 0108 5513 8508 2Q", "91110108551385082Q"),
        ("uscc", USCC_LETTER, USCC_LETTER),
        ("other", "Military 123", "MILITARY123"),
        ("other", "x" * 50, "X" * 50),
        ("other", "1.5E+3", "1.5E+3"),
        ("other", "军官证-456", "军官证456"),
    ],
)
def test_normalize_id_number_good(id_type, raw, expected):
    assert idnumber.normalize_id_number(id_type, raw) == expected


@pytest.mark.parametrize("id_type", [*idnumber.ID_TYPES, "unknown", False])
@pytest.mark.parametrize("raw", [None, False, "", "   ", "\u200b"])
def test_normalize_id_number_empty(id_type, raw):
    assert idnumber.normalize_id_number(id_type, raw) == ""


@pytest.mark.parametrize(
    ("id_type", "raw"),
    [
        ("cn_resident", "11010519491231002"),
        ("cn_resident", "1101051949123100211"),
        ("cn_resident", "11010519491231002Y"),
        ("cn_resident", "X1010519491231002X"),
        ("cn_resident", "1101051949123100X2"),
        ("cn_resident", "110105491231002X"),
        ("cn_resident", "110105491331002"),  # month 13 in a 15-digit card
        ("cn_resident", FEB_31),
        ("cn_resident", FUTURE),
        ("cn_resident", BEFORE_1900),
        ("cn_resident", BAD_PROVINCE),
        ("cn_resident", "---"),
        ("hk_mo_permit", "H1234567"),
        ("hk_mo_permit", "H123456789"),
        ("hk_mo_permit", "A12345678"),
        ("hk_mo_permit", "12345678"),
        ("tw_permit", "1234567"),
        ("tw_permit", "123456789"),
        ("tw_permit", "T12345678"),
        ("passport", "AB12"),
        ("passport", "A" * 21),
        ("passport", "E1234567#"),
        ("passport", "护照123456"),
        ("foreign_permanent", "US1234567890123"),
        ("foreign_permanent", "USA12345678901"),
        ("foreign_permanent", "USA1234567890123"),
        ("foreign_permanent", "8" + FOREIGN_NEW[1:]),
        ("foreign_permanent", FOREIGN_NEW[:-1]),
        ("uscc", "9111010855138508"),
        ("uscc", "91110108551385082QQ"),
        ("uscc", "91110108551385082I"),
        ("uscc", "9111O108551385082Q"),
        ("uscc", "91110108551385082!"),
        ("other", "x" * 51),
    ],
)
def test_normalize_id_number_invalid(id_type, raw):
    with pytest.raises(InvalidValue) as info:
        idnumber.normalize_id_number(id_type, raw)
    assert info.value.code == "id_invalid"
    assert info.value.params == {"id_type": id_type}


@pytest.mark.parametrize(
    ("id_type", "raw"),
    [
        ("cn_resident", "110105194912310021"),
        ("cn_resident", wrong_last(MALE_1990)),
        ("cn_resident", "360426199101010072"),
        ("foreign_permanent", wrong_last(FOREIGN_NEW)),
        ("uscc", "91110108551385082A"),
        ("uscc", wrong_last(USCC_LETTER, _USCC_ALPHABET)),
    ],
)
def test_normalize_id_number_checksum(id_type, raw):
    with pytest.raises(InvalidValue) as info:
        idnumber.normalize_id_number(id_type, raw)
    assert info.value.code == "id_checksum"
    assert info.value.params == {"id_type": id_type}


@pytest.mark.parametrize(
    ("id_type", "raw"),
    [
        ("cn_resident", 1.1010519491231002e17),
        ("cn_resident", "1.10105E+17"),
        ("cn_resident", "1.10105194912310E+17"),
        ("foreign_permanent", "9.31156E+17"),
        ("uscc", 9.1110108551385e17),
        ("passport", 1.2345678901234567e16),
    ],
)
def test_normalize_id_number_excel_truncated(id_type, raw):
    with pytest.raises(InvalidValue) as info:
        idnumber.normalize_id_number(id_type, raw)
    assert info.value.code == "number_truncated"


@pytest.mark.parametrize("id_type", ["driver_license", "CN_RESIDENT", None])
def test_normalize_id_number_unknown_type(id_type):
    with pytest.raises(InvalidValue) as info:
        idnumber.normalize_id_number(id_type, "123456")
    assert info.value.code == "id_type_unknown"
    assert info.value.params == {"id_type": id_type}


@pytest.mark.parametrize(
    ("number", "birth", "gender"),
    [
        ("11010519491231002X", datetime.date(1949, 12, 31), "female"),
        ("360426199101010071", datetime.date(1991, 1, 1), "male"),
        (MALE_1990, datetime.date(1990, 3, 7), "male"),
        ("110105491231002", datetime.date(1949, 12, 31), "female"),
        ("110105 19491231 002x", datetime.date(1949, 12, 31), "female"),
    ],
)
def test_resident_id_birth_gender(number, birth, gender):
    assert idnumber.resident_id_birth_gender(number) == (birth, gender)


@pytest.mark.parametrize(
    ("number", "code"),
    [
        ("", "id_invalid"),
        (None, "id_invalid"),
        ("123", "id_invalid"),
        ("110105194912310021", "id_checksum"),
    ],
)
def test_resident_id_birth_gender_invalid(number, code):
    with pytest.raises(InvalidValue) as info:
        idnumber.resident_id_birth_gender(number)
    assert info.value.code == code


@pytest.mark.parametrize(
    ("number", "expected"),
    [
        ("11010519491231002X", "110105"),
        ("360426199101010071", "360426"),
        (MALE_1990, "440305"),
        ("110105491231002", "110105"),
    ],
)
def test_resident_id_region(number, expected):
    assert idnumber.resident_id_region(number) == expected


def test_resident_id_region_invalid():
    with pytest.raises(InvalidValue) as info:
        idnumber.resident_id_region("abc")
    assert info.value.code == "id_invalid"
