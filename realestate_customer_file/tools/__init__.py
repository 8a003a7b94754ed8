from .email import normalize_email
from .errors import ERROR_CODES, InvalidValue
from .idnumber import (
    ID_TYPES,
    normalize_id_number,
    resident_id_birth_gender,
    resident_id_region,
)
from .masking import mask_id_number, mask_phone
from .phone import is_mobile, normalize_phone, phone_search_digits
from .text import clean_text, excel_digits, to_half_width

__all__ = [
    "ERROR_CODES",
    "ID_TYPES",
    "InvalidValue",
    "clean_text",
    "excel_digits",
    "is_mobile",
    "mask_id_number",
    "mask_phone",
    "normalize_email",
    "normalize_id_number",
    "normalize_phone",
    "phone_search_digits",
    "resident_id_birth_gender",
    "resident_id_region",
    "to_half_width",
]
