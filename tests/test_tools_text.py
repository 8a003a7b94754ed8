import pytest
from rcf_tools import errors, text


def full_width(s):
    """Full-width form of printable ASCII (ruff RUF001 flags literal ones)."""
    return "".join(chr(ord(c) + 0xFEE0) if "!" <= c <= "~" else c for c in s)


def test_full_width_helper():
    assert full_width("A1 !~") == "\uff21\uff11 \uff01\uff5e"


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (full_width("ABC123"), "ABC123"),
        (full_width("(021)-5555"), "(021)-5555"),
        (full_width("test@example.com"), "test@example.com"),
        (full_width("!~"), "!~"),
        ("a\u3000b", "a b"),
        ("中文\uff0c", "中文,"),
        ("\uff5f", "\uff5f"),
        ("plain ascii", "plain ascii"),
        ("", ""),
    ],
)
def test_to_half_width(raw, expected):
    assert text.to_half_width(raw) == expected


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (None, ""),
        (False, ""),
        ("", ""),
        (0, "0"),
        (123, "123"),
        (True, "True"),
        ("  a \t\n  b  ", "a b"),
        ("\u200ba\u200cb\u200dc\ufeff", "abc"),
        (full_width("A") + "\u3000\u3000" + full_width("B"), "A B"),
        ("\u200b \u200b", ""),
        ("张 三", "张 三"),
    ],
)
def test_clean_text(raw, expected):
    assert text.clean_text(raw) == expected


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (13800138000, "13800138000"),
        (13800138000.0, "13800138000"),
        (999999999999999.0, "999999999999999"),
        ("13800138000", "13800138000"),
        (" 13800138000 ", "13800138000"),
        (full_width("13800138000"), "13800138000"),
        ("13800138000.0", "13800138000"),
        ("13800138000.00", "13800138000"),
        ("13800138000.", "13800138000"),
        ("1.3800138000E+10", "13800138000"),
        ("1.3800138000e+10", "13800138000"),
        ("1.3800138000E10", "13800138000"),
        ("1.380013800000E+10", "13800138000"),
        ("0012", "0012"),
    ],
)
def test_excel_digits_recovers(raw, expected):
    assert text.excel_digits(raw) == expected


@pytest.mark.parametrize(
    "raw",
    [
        "1.38001E+10",
        "1.38001380E+10",
        "1E+10",
        "1.10105E+17",
        "1.10105194912310E+17",
        1.1010519491231002e17,
        1e15,
    ],
)
def test_excel_digits_truncated(raw):
    with pytest.raises(errors.InvalidValue) as info:
        text.excel_digits(raw)
    assert info.value.code == "number_truncated"
    assert "value" in info.value.params


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (None, ""),
        (False, ""),
        ("abc", "abc"),
        ("12.5", "12.5"),
        (12.5, "12.5"),
        ("1.234E+2", "1.234E+2"),
        ("1.2E-5", "1.2E-5"),
        ("-5", "-5"),
        ("138 0013 8000", "138 0013 8000"),
        ("E12345678", "E12345678"),
    ],
)
def test_excel_digits_leaves_other_values(raw, expected):
    assert text.excel_digits(raw) == expected


def test_invalid_value_attributes_and_str_hide_personal_data():
    exc = errors.InvalidValue("phone_invalid", value="13800138000")
    assert isinstance(exc, ValueError)
    assert exc.code == "phone_invalid"
    assert exc.params == {"value": "13800138000"}
    assert "13800138000" not in str(exc)
    assert "13800138000" not in repr(exc)
    assert "13800138000" not in str(exc.args)
    assert str(exc) == "phone_invalid (value=<redacted>)"
    exc = errors.InvalidValue("id_checksum", id_type="uscc")
    assert str(exc) == "id_checksum (id_type='uscc')"
    assert str(errors.InvalidValue("number_truncated")) == "number_truncated"


def test_invalid_value_rejects_unlisted_code():
    with pytest.raises(ValueError, match="unknown error code"):
        errors.InvalidValue("no_such_code")


def test_error_codes_complete():
    assert set(errors.ERROR_CODES) == {
        "number_truncated",
        "phone_invalid",
        "email_invalid",
        "id_invalid",
        "id_checksum",
        "id_type_unknown",
    }
