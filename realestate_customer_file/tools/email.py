import re

from .errors import InvalidValue
from .text import clean_text

_LOCAL_ATOM = r"[a-z0-9!#$%&'*+/=?^_`{|}~-]+"
_DOMAIN_LABEL = r"[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?"
_EMAIL = re.compile(
    rf"(?P<local>{_LOCAL_ATOM}(?:\.{_LOCAL_ATOM})*)"
    rf"@(?P<domain>(?:{_DOMAIN_LABEL}\.)+[a-z]{{2,63}})"
)


def normalize_email(raw) -> str:
    value = clean_text(raw).lower()
    if not value:
        return ""
    match = _EMAIL.fullmatch(value)
    if not match or len(match["local"]) > 64 or len(value) > 254:
        raise InvalidValue("email_invalid", value=value)
    return value
