import re

import phonenumbers

from .text import clean_text

_CN_MOBILE = re.compile(r"1[3-9]\d{9}", re.ASCII)


def _keep_ends(value, head, tail):
    return value[:head] + "*" * (len(value) - head - tail) + value[len(value) - tail :]


def mask_id_number(value) -> str:
    """Hide the middle of an ID number, keeping at most a quarter of it.

    An 18-character resident ID keeps 4 characters at each end
    ("1101**********1234"); a 9-character passport keeps 2 ("E1*****78").
    """
    text = clean_text(value)
    keep = min(4, len(text) // 4)
    return _keep_ends(text, keep, keep)


def mask_phone(value) -> str:
    """Mask a phone number, ideally stored as E.164.

    "+8613800138000" -> "+86 138****8000"; other numbers keep the country code
    and the last 4 digits. Values that cannot be parsed keep their last 4
    characters only.
    """
    text = clean_text(value)
    if not text:
        return ""
    try:
        number = phonenumbers.parse(text, None)
    except phonenumbers.NumberParseException:
        number = None
    if number is None:
        return _keep_ends(text, 0, 4) if len(text) > 4 else "*" * len(text)
    national = phonenumbers.national_significant_number(number)
    prefix = f"+{number.country_code} "
    if number.country_code == 86 and _CN_MOBILE.fullmatch(national):
        return prefix + _keep_ends(national, 3, 4)
    if len(national) > 4:
        return prefix + _keep_ends(national, 0, 4)
    return prefix + "*" * len(national)
