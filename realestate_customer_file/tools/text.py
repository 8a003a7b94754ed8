import re

from .errors import InvalidValue

_FULL_WIDTH = {code: code - 0xFEE0 for code in range(0xFF01, 0xFF5F)}
_FULL_WIDTH[0x3000] = 0x20
_ZERO_WIDTH = dict.fromkeys((0x200B, 0x200C, 0x200D, 0xFEFF))
_WHITESPACE_RUN = re.compile(r"\s+")

_DIGITS = re.compile(r"\d+", re.ASCII)
_DECIMAL_INT = re.compile(r"(\d+)\.0*", re.ASCII)
_SCIENTIFIC = re.compile(r"(\d)(?:\.(\d+))?E\+?(\d+)", re.IGNORECASE | re.ASCII)
# What Excel may have made of a long number; callers run excel_digits() on it.
EXCEL_NUMBER = re.compile(r"\d+\.0*|\d(?:\.\d+)?E\+?\d+", re.IGNORECASE | re.ASCII)

# Excel keeps 15 significant digits; a float at or above this bound cannot be
# trusted to hold every digit of the original number.
_EXCEL_EXACT_LIMIT = 10**15


def to_half_width(s: str) -> str:
    return s.translate(_FULL_WIDTH)


def clean_text(value) -> str:
    if value is None or value is False:
        return ""
    s = str(value)
    if not s.isascii():  # full-width and zero-width characters are not ASCII
        s = to_half_width(s).translate(_ZERO_WIDTH)
    return _WHITESPACE_RUN.sub(" ", s).strip()


def excel_digits(value) -> str:
    """Recover the digit string of a long number that went through Excel.

    Excel stores numbers as doubles and shows long ones in scientific notation
    (``1.38001E+10``); when the shown mantissa lacks digits they are lost for
    good, so ``number_truncated`` is raised instead of guessing.
    """
    if isinstance(value, bool) or value is None:
        return clean_text(value)
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if value.is_integer() and 0 <= value < _EXCEL_EXACT_LIMIT:
            return str(int(value))
        if value.is_integer() and value >= _EXCEL_EXACT_LIMIT:
            raise InvalidValue("number_truncated", value=repr(value))
        return clean_text(value)
    s = clean_text(value)
    if _DIGITS.fullmatch(s):
        return s
    match = _DECIMAL_INT.fullmatch(s)
    if match:
        return match.group(1)
    match = _SCIENTIFIC.fullmatch(s)
    if match:
        lead, fraction, exponent = match.group(1), match.group(2) or "", match.group(3)
        exponent = int(exponent)
        if len(fraction) < exponent:
            raise InvalidValue("number_truncated", value=s)
        if not fraction[exponent:].strip("0"):
            return lead + fraction[:exponent]
    return s
