import datetime
import re

from stdnum.cn import ric, uscc

from .errors import InvalidValue
from .text import EXCEL_NUMBER, clean_text, excel_digits

ID_TYPES = (
    "cn_resident",
    "hk_mo_permit",
    "tw_permit",
    "passport",
    "foreign_permanent",
    "uscc",
    "other",
)

_SEPARATORS = re.compile(r"[\s\-\u2010-\u2015\u2212]")

_RESIDENT_15 = re.compile(r"\d{15}", re.ASCII)
_RESIDENT_18 = re.compile(r"\d{17}[\dX]", re.ASCII)
# Provinces, plus 71/81/82/83 used by the residence permits of Taiwan, Hong Kong
# and Macao residents, which share the resident ID format.
_PROVINCE_CODES = frozenset(
    "11 12 13 14 15 21 22 23 31 32 33 34 35 36 37 41 42 43 44 45 46"
    " 50 51 52 53 54 61 62 63 64 65 71 81 82 83".split()
)
_OLDEST_BIRTH_YEAR = 1900

_FORMATS = {
    "hk_mo_permit": re.compile(r"[HM]\d{8}(?:\d{2})?", re.ASCII),
    "tw_permit": re.compile(r"\d{8}(?:\d{2})?", re.ASCII),
    "passport": re.compile(r"[A-Z0-9]{5,20}"),
    "other": re.compile(r".{1,50}"),
}
_FOREIGN_OLD = re.compile(r"[A-Z]{3}\d{12}", re.ASCII)
_FOREIGN_NEW = re.compile(r"9\d{16}[\dX]", re.ASCII)
# stdnum's uscc.validate() wants 8 leading digits, but the registration
# authority and entity type codes (first two characters) may be letters
# (e.g. "N" for rural collectives), so the format is checked here and only the
# check character is computed by stdnum.
_USCC = re.compile(r"[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10}", re.ASCII)


def _gb11643_check_char(first17):
    # ric.calc_check_digit() ignores the last character it is given.
    return ric.calc_check_digit(first17 + "0")


def _clean(id_type, raw):
    if isinstance(raw, int | float) and not isinstance(raw, bool):
        value = excel_digits(raw)
    else:
        value = clean_text(raw)
        if id_type != "other" and EXCEL_NUMBER.fullmatch(value):
            value = excel_digits(value)
    return _SEPARATORS.sub("", value).upper()


def _birth_date(number):
    """Birth date of an 18-character resident ID; ValueError if none."""
    return datetime.date(int(number[6:10]), int(number[10:12]), int(number[12:14]))


def _check_birth_date(number, id_type):
    try:
        birth = _birth_date(number)
    except ValueError:
        raise InvalidValue("id_invalid", id_type=id_type) from None
    if birth.year < _OLDEST_BIRTH_YEAR or birth > datetime.date.today():
        raise InvalidValue("id_invalid", id_type=id_type)


def _normalize_resident(number):
    id_type = "cn_resident"
    if _RESIDENT_15.fullmatch(number):
        # First-generation cards: two-digit year, all born in the 1900s.
        first17 = number[:6] + "19" + number[6:]
        number = first17 + _gb11643_check_char(first17)
    elif not _RESIDENT_18.fullmatch(number):
        raise InvalidValue("id_invalid", id_type=id_type)
    if number[:2] not in _PROVINCE_CODES:
        raise InvalidValue("id_invalid", id_type=id_type)
    if number[-1] != _gb11643_check_char(number[:17]):
        raise InvalidValue("id_checksum", id_type=id_type)
    _check_birth_date(number, id_type)
    return number


def _normalize_foreign_permanent(number):
    id_type = "foreign_permanent"
    if _FOREIGN_OLD.fullmatch(number):
        return number
    if not _FOREIGN_NEW.fullmatch(number):
        raise InvalidValue("id_invalid", id_type=id_type)
    if number[-1] != _gb11643_check_char(number[:17]):
        raise InvalidValue("id_checksum", id_type=id_type)
    return number


def _normalize_uscc(number):
    if not _USCC.fullmatch(number):
        raise InvalidValue("id_invalid", id_type="uscc")
    if number[-1] != uscc.calc_check_digit(number[:17]):
        raise InvalidValue("id_checksum", id_type="uscc")
    return number


def normalize_id_number(id_type, raw) -> str:
    """Return the canonical form of an ID number, "" when nothing was given.

    An empty value is accepted whatever ``id_type`` is, so that records without
    an ID document need no type.
    """
    if not clean_text(raw):
        return ""
    if id_type not in ID_TYPES:
        raise InvalidValue("id_type_unknown", id_type=id_type)
    number = _clean(id_type, raw)
    if not number:
        raise InvalidValue("id_invalid", id_type=id_type)
    if id_type == "cn_resident":
        return _normalize_resident(number)
    if id_type == "foreign_permanent":
        return _normalize_foreign_permanent(number)
    if id_type == "uscc":
        return _normalize_uscc(number)
    if not _FORMATS[id_type].fullmatch(number):
        raise InvalidValue("id_invalid", id_type=id_type)
    return number


def _resident_number(number):
    normalized = normalize_id_number("cn_resident", number)
    if not normalized:
        raise InvalidValue("id_invalid", id_type="cn_resident")
    return normalized


def resident_id_birth_gender(number) -> tuple[datetime.date, str]:
    """Birth date and "male"/"female" of a resident ID (15 or 18 digits)."""
    normalized = _resident_number(number)
    gender = "male" if int(normalized[16]) % 2 else "female"
    return _birth_date(normalized), gender


def resident_id_region(number) -> str:
    """Administrative division code at birth/registration (first 6 digits)."""
    return _resident_number(number)[:6]
