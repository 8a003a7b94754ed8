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
    "SPREADSHEET_ERROR_CODES",
    "InvalidValue",
    "SpreadsheetError",
    "clean_text",
    "excel_digits",
    "excel_serial_to_date",
    "is_mobile",
    "mask_id_number",
    "mask_phone",
    "match_columns",
    "normalize_email",
    "normalize_header",
    "normalize_id_number",
    "normalize_phone",
    "phone_search_digits",
    "read_rows",
    "resident_id_birth_gender",
    "resident_id_region",
    "safe_cell",
    "to_half_width",
    "write_error_workbook",
    "write_template",
]
from .spreadsheet import (
    SPREADSHEET_ERROR_CODES,
    SpreadsheetError,
    excel_serial_to_date,
    match_columns,
    normalize_header,
    read_rows,
    safe_cell,
    write_error_workbook,
    write_template,
)
