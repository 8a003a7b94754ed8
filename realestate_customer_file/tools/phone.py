import re

import phonenumbers

from .errors import InvalidValue
from .text import EXCEL_NUMBER, clean_text, excel_digits

_SEPARATORS = re.compile(r"[\s\-.()\u2010-\u2015\u2212]")
_DIALABLE = re.compile(r"\+?\d+", re.ASCII)
_CN_MOBILE = re.compile(r"1[3-9]\d{9}", re.ASCII)
_CN_MOBILE_WITH_CC = re.compile(r"861[3-9]\d{9}", re.ASCII)
_ASCII_DIGIT = re.compile(r"[0-9]")
_MOBILE_TYPES = (
    phonenumbers.PhoneNumberType.MOBILE,
    phonenumbers.PhoneNumberType.FIXED_LINE_OR_MOBILE,
)


def _parse_e164(value):
    try:
        return phonenumbers.parse(value, None)
    except phonenumbers.NumberParseException:
        return None


def normalize_phone(raw, default_region="CN") -> str:
    """Return the E.164 form of a phone number typed or imported by a user.

    Only digits, an optional leading "+" and the separators space, dash, dot and
    parentheses are accepted, so extensions ("ext 12", "转 12", "#12") are
    rejected: E.164 cannot store them.
    """
    if isinstance(raw, int | float) and not isinstance(raw, bool):
        value = excel_digits(raw)
    else:
        value = clean_text(raw)
        if EXCEL_NUMBER.fullmatch(value):
            value = excel_digits(value)
    if not value:
        return ""
    compact = _SEPARATORS.sub("", value)
    if not _DIALABLE.fullmatch(compact):
        raise InvalidValue("phone_invalid", value=value)
    # "00" is the international prefix in mainland China and most other places;
    # turning it into "+" makes "0086..." work whatever the default region is.
    if compact.startswith("00"):
        compact = "+" + compact[2:]
    elif _CN_MOBILE_WITH_CC.fullmatch(compact):
        compact = "+" + compact
    mobile = _cn_mobile(compact, default_region)
    if mobile:
        return mobile
    try:
        number = phonenumbers.parse(compact, (default_region or "").upper() or None)
    except phonenumbers.NumberParseException:
        raise InvalidValue("phone_invalid", value=value) from None
    if number.extension or not phonenumbers.is_valid_number(number):
        raise InvalidValue("phone_invalid", value=value)
    if number.country_code == 86 and phonenumbers.number_type(number) in _MOBILE_TYPES:
        national = phonenumbers.national_significant_number(number)
        if not _CN_MOBILE.fullmatch(national):
            raise InvalidValue("phone_invalid", value=value)
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def _cn_mobile(compact, default_region):
    """E.164 form of a mainland mobile number, the common case, or None.

    The number is checked against the same metadata as the general path, but
    without parsing the text, which is most of the cost of an import row.
    Anything else, an unassigned prefix included, goes the general way.
    """
    if compact.startswith("+86"):
        national = compact[3:]
    elif (default_region or "").upper() == "CN":
        national = compact
    else:
        return None
    if not _CN_MOBILE.fullmatch(national):
        return None
    number = phonenumbers.PhoneNumber(country_code=86, national_number=int(national))
    if phonenumbers.number_type(number) not in _MOBILE_TYPES:
        return None
    return "+86" + national


def is_mobile(e164) -> bool:
    number = _parse_e164(e164) if e164 else None
    return number is not None and phonenumbers.number_type(number) in _MOBILE_TYPES


def phone_search_digits(query) -> str | None:
    """Digits of a search box query, to match as a substring of stored E.164."""
    text = clean_text(query)
    if any(char.isalpha() for char in text):
        return None
    digits = "".join(_ASCII_DIGIT.findall(text))
    for prefix in ("0086", "86"):
        rest = digits.removeprefix(prefix)
        if rest != digits and _CN_MOBILE.fullmatch(rest):
            digits = rest
            break
    if len(digits) < 4:
        return None
    return digits
