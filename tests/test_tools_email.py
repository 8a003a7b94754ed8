import pytest
from rcf_tools import email
from rcf_tools.errors import InvalidValue


def full_width(s):
    """Full-width form of printable ASCII (ruff RUF001 flags literal ones)."""
    return "".join(chr(ord(c) + 0xFEE0) if "!" <= c <= "~" else c for c in s)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("Foo.Bar@Example.COM", "foo.bar@example.com"),
        ("  a@b.cn ", "a@b.cn"),
        ("\u200bzhang@163.com", "zhang@163.com"),
        (full_width("test@example.com"), "test@example.com"),
        ("user+tag@mail.example.com.cn", "user+tag@mail.example.com.cn"),
        ("first_last-1@sub-domain.example.org", "first_last-1@sub-domain.example.org"),
        ("o'neil@example.ie", "o'neil@example.ie"),
        ("a@b.co", "a@b.co"),
        ("x@xn--fiqs8s.cn", "x@xn--fiqs8s.cn"),
    ],
)
def test_normalize_email_good(raw, expected):
    assert email.normalize_email(raw) == expected


@pytest.mark.parametrize("raw", [None, False, "", "   ", "\u200b"])
def test_normalize_email_empty(raw):
    assert email.normalize_email(raw) == ""


@pytest.mark.parametrize(
    "raw",
    [
        "plainaddress",
        "a@b",
        "a@b.c",
        "a@b.123",
        "a@@b.com",
        "a@b@c.com",
        "a b@c.com",
        "a@b .com",
        ".a@b.com",
        "a.@b.com",
        "a..b@c.com",
        "a@-b.com",
        "a@b-.com",
        "a@b..com",
        "a@.com",
        "@b.com",
        "a@",
        "a@b.com.",
        "张三@example.com",
        "a@例子.中国",
        "a" * 65 + "@b.com",
        "a@" + "b" * 64 + ".com",
        "a@" + ("b" * 60 + ".") * 5 + "com",
    ],
)
def test_normalize_email_bad(raw):
    with pytest.raises(InvalidValue) as info:
        email.normalize_email(raw)
    assert info.value.code == "email_invalid"
    assert info.value.params == {"value": raw.strip().lower()}
