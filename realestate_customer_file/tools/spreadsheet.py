"""Read customer spreadsheets (XLSX, CSV) and write templates and error reports.

Nothing here logs, and no error message or param carries a cell's content:
spreadsheets hold personal data. Exceptions raised while parsing a file are
re-raised as :class:`SpreadsheetError` with ``from None`` so that the library's
message (which may quote a cell) does not end up in a logged traceback.

Formula injection: XLSX files are opened with ``data_only=True``, so a formula
cell yields its cached value, never the formula. CSV text is returned as it is
(``"=1+1"`` stays that string); it is data, nothing evaluates it here. When
values go back into a spreadsheet the XLSX writers below store every string
with ``write_string`` in a text-formatted cell, which never creates a formula,
so the text comes back unchanged; :func:`safe_cell` is for writers without
such a call, such as a CSV export.
"""

import csv
import io
import math
import re
import unicodedata
import zipfile
from collections import Counter
from collections.abc import Iterable, Iterator
from datetime import date, datetime, time, timedelta

import openpyxl
import xlsxwriter
from xlsxwriter.utility import xl_col_to_name

from .errors import InvalidValue
from .text import clean_text, to_half_width

SPREADSHEET_ERROR_CODES = (
    "file_empty",
    "file_format",
    "file_encoding",
    "file_no_header",
    "file_unreadable",
)


class SpreadsheetError(ValueError):
    """A file that cannot be read as a spreadsheet of customers.

    Params by code (none of them holds cell content):

    - ``file_empty``: none; no byte, or no row with a value.
    - ``file_format``: ``detected``, one of ``xls`` (old binary Excel),
      ``encrypted`` (password-protected workbook), ``xlsb``, ``ods``, ``zip``
      (another zip-based document), ``html``, ``xml``, ``binary``.
    - ``file_encoding``: none; neither UTF-8 nor GB18030 (nor UTF-16 with BOM),
      or GB18030 only in form: text in Big5, Shift-JIS or the like.
    - ``file_no_header``: ``row``, the first non-empty row, which holds no text
      label (only numbers or dates).
    - ``file_unreadable``: ``reason``, the class name of the parser's error, and
      ``row`` (the last row read) when it failed while streaming the rows.
    """

    def __init__(self, code, **params):
        if code not in SPREADSHEET_ERROR_CODES:
            raise ValueError(f"unknown error code {code!r}")
        super().__init__(code)
        self.code = code
        self.params = params

    # Same rendering as InvalidValue, personal params redacted.
    __str__ = InvalidValue.__str__

    def __repr__(self):
        return f"SpreadsheetError({self})"


# ---------------------------------------------------------------------------
# Reading
# ---------------------------------------------------------------------------

_ZIP_MAGIC = b"PK"
_OLE_MAGIC = b"\xd0\xcf\x11\xe0"
_ENCRYPTED_STREAM = "EncryptedPackage".encode("utf-16-le")
_UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")
_SNIFF_CHARS = 64 * 1024
_ODD_CHARS_ALLOWED = 3
_DELIMITERS = ",;\t"
_BLANK_BYTES = re.compile(rb"[\s\x00]*")
_SEP_LINE = re.compile(r"sep=(.)(?:\r\n|\n|\r|\Z)", re.IGNORECASE)


def read_rows(
    data: bytes, filename: str = ""
) -> tuple[list[str], Iterator[tuple[int, list]]]:
    """Return the header labels and an iterator over the data rows.

    The format is chosen by content: a zip is read as XLSX (first worksheet),
    an old binary Excel file is refused, anything else is read as CSV. The
    ``filename`` only breaks a tie: a ``.tsv``/``.tab`` file whose delimiter
    cannot be sniffed is read as tab-separated.

    The header is the first non-empty row, its cells cleaned with
    :func:`clean_text`; empty cells (such as the tail of a merged cell) are kept
    as ``""``, trailing empty ones are dropped. Each data row comes as
    ``(row_number, values)`` where ``row_number`` is the row as Excel shows it
    (CSV: the record number, a ``sep=`` line not counted) and ``values`` has the
    header's length. XLSX values keep their types (``int``, ``float``,
    ``datetime``, ``bool``, ``str``, ``None`` for an empty cell); CSV values are
    ``str`` (``""`` for an empty cell). Empty rows are skipped.

    XLSX rows are streamed (openpyxl read-only mode): rows are not kept, memory
    grows by about 100 bytes per row (openpyxl keeps each parsed row's emptied
    XML element). Raises :class:`SpreadsheetError`, also from the
    iterator for a file that turns out to be corrupt further down.
    """
    if _BLANK_BYTES.fullmatch(data):
        raise SpreadsheetError("file_empty")
    if data.startswith(_ZIP_MAGIC):
        rows, pad = _xlsx_rows(data), None
    elif data.startswith(_OLE_MAGIC):
        detected = "encrypted" if _ENCRYPTED_STREAM in data else "xls"
        raise SpreadsheetError("file_format", detected=detected)
    else:
        rows, pad = _csv_rows(data, filename or ""), ""

    first = next((row for row in rows if not _is_blank_row(row[1])), None)
    if first is None:
        raise SpreadsheetError("file_empty")
    number, values = first
    header = [clean_text(value) for value in values]
    while header and not header[-1]:
        header.pop()
    if not any(any(char.isalpha() for char in label) for label in header):
        rows.close()
        raise SpreadsheetError("file_no_header", row=number)
    return header, _data_rows(rows, len(header), pad)


def _data_rows(rows, width, pad):
    for number, values in rows:
        values = list(values[:width])
        if len(values) < width:
            values.extend([pad] * (width - len(values)))
        if not _is_blank_row(values):
            yield number, values


def _is_blank(value):
    return value is None or (isinstance(value, str) and not clean_text(value))


def _is_blank_row(values):
    return all(_is_blank(value) for value in values)


def _xlsx_rows(data):
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
            mimetype = archive.read("mimetype")[:80] if "mimetype" in names else b""
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError) as exc:
        raise SpreadsheetError("file_unreadable", reason=type(exc).__name__) from None
    if "xl/workbook.bin" in names:
        raise SpreadsheetError("file_format", detected="xlsb")
    if not any(name.startswith("xl/") for name in names):
        detected = "ods" if b"opendocument.spreadsheet" in mimetype else "zip"
        raise SpreadsheetError("file_format", detected=detected)
    try:
        workbook = openpyxl.load_workbook(
            io.BytesIO(data), read_only=True, data_only=True
        )
    except Exception as exc:
        # Any parser error of a damaged workbook; its message may quote content.
        raise SpreadsheetError("file_unreadable", reason=type(exc).__name__) from None
    return _guarded_xlsx_rows(workbook)


def _guarded_xlsx_rows(workbook):
    number = 0
    try:
        if not workbook.worksheets:
            return
        sheet = workbook.worksheets[0]
        # Some writers store a wrong <dimension>; read-only mode would trust it
        # and cut rows or columns. Without it rows come as they are stored.
        sheet.reset_dimensions()
        # Missing rows come as empty tuples, so the count is the row number.
        rows = sheet.iter_rows(values_only=True)
        while True:
            try:
                values = next(rows)
            except StopIteration:
                return
            except Exception as exc:
                raise SpreadsheetError(
                    "file_unreadable", reason=type(exc).__name__, row=number
                ) from None
            number += 1
            yield number, tuple(map(_unescape_xlsx, values))
    finally:
        workbook.close()


_XLSX_ESCAPE = re.compile(r"_x([0-9A-Fa-f]{4})_")


def _unescape_xlsx(value):
    """A cell's text as Excel shows it.

    XLSX stores control characters (a carriage return, say) as ``_x000D_``,
    and a literal ``_x`` sequence as ``_x005F_x...``; openpyxl leaves both as
    they are stored.
    """
    if isinstance(value, str) and "_x" in value:
        return _XLSX_ESCAPE.sub(lambda match: chr(int(match[1], 16)), value)
    return value


def _csv_rows(data, filename):
    if data.startswith(_UTF16_BOMS):
        try:
            text = data.decode("utf-16")
        except UnicodeDecodeError:
            raise SpreadsheetError("file_encoding") from None
    elif b"\x00" in data:
        raise SpreadsheetError("file_format", detected="binary")
    else:
        text = _decode(data)
    text = text.removeprefix("\ufeff")
    head = text.lstrip()[:64].lower()
    if head.startswith(("<!doctype html", "<html", "<table")):
        raise SpreadsheetError("file_format", detected="html")
    if head.startswith("<?xml"):
        raise SpreadsheetError("file_format", detected="xml")

    sep_line = _SEP_LINE.match(text)
    if sep_line:
        # Excel's "sep=;" hint line: it sets the delimiter and is not a row.
        delimiter = sep_line.group(1)
        text = text[sep_line.end() :]
    else:
        default = "\t" if filename.lower().endswith((".tsv", ".tab")) else ","
        delimiter = _sniff_delimiter(text, default)
    return _guarded_csv_rows(text, delimiter)


def _decode(data):
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if encoding == "gb18030" and _looks_misread(text[:_SNIFF_CHARS]):
            break
        return text
    raise SpreadsheetError("file_encoding")


def _looks_misread(sample):
    """Whether text read as GB18030 was more likely written in another encoding.

    GB18030 gives some character for nearly any bytes, so a Big5 or Shift-JIS
    file decodes without error, as gibberish: private-use characters and
    ideographs from outside GB2312, where Chinese written in GBK draws nearly
    all of its characters from GB2312. A few rare name characters are normal;
    a third of the text is not.
    """
    counts = Counter(char for char in sample if char > "\x7f")
    odd = sum(count for char, count in counts.items() if _is_odd_in_gbk(char))
    return odd > _ODD_CHARS_ALLOWED and odd * 3 > sum(counts.values())


def _is_odd_in_gbk(char):
    code = ord(char)
    if 0xE000 <= code <= 0xF8FF:  # private use: GBK's user-defined areas
        return True
    if not (0x3400 <= code <= 0x9FFF or code >= 0x20000):  # not an ideograph
        return False
    try:
        char.encode("gb2312")
    except UnicodeEncodeError:
        return True
    return False


def _sniff_delimiter(text, default):
    sample = text[:_SNIFF_CHARS]
    if len(text) > _SNIFF_CHARS:
        cut = max(sample.rfind("\n"), sample.rfind("\r"))
        if cut > 0:
            sample = sample[:cut]
    first_line = next((line for line in sample.splitlines() if line.strip()), "")
    try:
        delimiter = csv.Sniffer().sniff(sample, delimiters=_DELIMITERS).delimiter
    except csv.Error:
        delimiter = None
    # The sniffer can pick a character that is only frequent in the data; the
    # header line must contain the delimiter, else count in the header.
    if delimiter and delimiter in first_line:
        return delimiter
    best = max(_DELIMITERS, key=first_line.count)
    return best if first_line.count(best) else default


def _guarded_csv_rows(text, delimiter):
    # Only the delimiter is sniffed; quoting stays Excel's ("), so a name with
    # an apostrophe is not taken for a quoted field.
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    number = 0
    while True:
        try:
            values = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            raise SpreadsheetError(
                "file_unreadable", reason=type(exc).__name__, row=number
            ) from None
        number += 1
        yield number, values


# ---------------------------------------------------------------------------
# Header matching
# ---------------------------------------------------------------------------

_HEADER_NOISE = re.compile(r"[\s*:：（）()\[\]【】〔〕「」『』《》<>\-_/.]+")
_HEADER_PARTS = re.compile(r"[\s()]+")


def normalize_header(label) -> str:
    """Comparable form of a header label or alias.

    Half-width, lower-case, without whitespace, brackets of any kind and
    ``* : - _ / .``: ``"手机 (Mobile)*"`` gives ``"手机mobile"``, ``"【手机】"``
    gives ``"手机"``, ``" MOBILE "`` gives ``"mobile"``.
    """
    text = to_half_width(clean_text(label)).lower()
    return _HEADER_NOISE.sub("", text)


def match_columns(
    header: list[str], aliases: dict[str, list[str]]
) -> tuple[dict[int, str], list[str]]:
    """Map header columns to field keys.

    ``aliases`` maps each field key to its accepted labels; the key itself is
    accepted too (the template shows it under the label). All are compared
    through :func:`normalize_header`, against the whole cell first, then
    against each part of it split at whitespace, line breaks and brackets, so
    ``"手机\\nmobile"``, ``"手机 mobile"`` and ``"手机(mobile)"`` all match
    ``"手机"`` or ``"mobile"``. When two fields share an alias the first field
    wins.

    Returns ``({column_index: field_key}, unknown_labels)``; unknown labels are
    the non-empty header cells that match no field, and those matching a field
    that an earlier column already took (duplicates). Empty cells are ignored.
    """
    lookup = {}
    for key, labels in aliases.items():
        for label in labels:
            lookup.setdefault(normalize_header(label), key)
    for key in aliases:
        lookup.setdefault(normalize_header(key), key)
    lookup.pop("", None)

    columns = {}
    unknown = []
    used = set()
    for index, label in enumerate(header):
        cleaned = to_half_width(clean_text(label))
        if not cleaned:
            continue
        candidates = [normalize_header(cleaned)]
        candidates += (normalize_header(part) for part in _HEADER_PARTS.split(cleaned))
        key = next((lookup[c] for c in candidates if c in lookup), None)
        if key is None or key in used:
            unknown.append(label)
            continue
        used.add(key)
        columns[index] = key
    return columns, unknown


# ---------------------------------------------------------------------------
# Dates
# ---------------------------------------------------------------------------

# Excel counts 1900-01-01 as day 1 and believes 1900 was a leap year: day 60 is
# the non-existent 1900-02-29, so from day 61 on the base is one day earlier.
_EXCEL_BASE = date(1899, 12, 30)
_EXCEL_BASE_BEFORE_LEAP_BUG = date(1899, 12, 31)
_EXCEL_FAKE_LEAP_DAY = 60
_EXCEL_MAX_SERIAL = (date(9999, 12, 31) - _EXCEL_BASE).days

_TIME_SUFFIX = r"(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?"
_DATE_SEPARATED = re.compile(r"(\d{4})([-/.])(\d{1,2})\2(\d{1,2})" + _TIME_SUFFIX)
_DATE_CHINESE = re.compile(
    r"(\d{4}) ?年 ?(\d{1,2}) ?月 ?(\d{1,2}) ?[日号]?" + _TIME_SUFFIX
)
_DATE_COMPACT = re.compile(r"(\d{4})(\d{2})(\d{2})")
_SERIAL_TEXT = re.compile(r"\d{1,7}(?:\.\d+)?")


def excel_serial_to_date(value) -> date | None:
    """Date of a spreadsheet cell, or ``None`` for an empty one.

    Accepts ``datetime``/``date`` objects, Excel serial numbers (1900 date
    system: ``45000`` is 2023-03-15) also as text, and the texts
    ``2023-03-15``, ``2023/3/15``, ``2023.3.15``, ``2023年3月15日`` and
    ``20230315``, optionally followed by a time, which is dropped. Full-width
    digits are accepted. Raises ``ValueError`` (without the value in the
    message) for anything else, including 1900-02-29, Excel's phantom day 60.
    """
    if value is None or value is False or value == "":
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, bool):
        raise ValueError("not a date")
    if isinstance(value, int | float):
        return _serial_to_date(value)
    if not isinstance(value, str):
        raise ValueError("not a date")
    text = clean_text(value)
    if not text:
        return None
    match = _DATE_SEPARATED.fullmatch(text)
    if match:
        return _date(match.group(1), match.group(3), match.group(4))
    match = _DATE_CHINESE.fullmatch(text) or _DATE_COMPACT.fullmatch(text)
    if match:
        return _date(*match.groups())
    if _SERIAL_TEXT.fullmatch(text):
        return _serial_to_date(float(text))
    raise ValueError("not a date")


def _date(year, month, day):
    try:
        return date(int(year), int(month), int(day))
    except ValueError:
        raise ValueError("not a valid date") from None


def _serial_to_date(serial):
    if not math.isfinite(serial) or not 1 <= serial < _EXCEL_MAX_SERIAL + 1:
        raise ValueError("date serial number out of range")
    days = int(serial)  # the fraction is the time of day
    if days == _EXCEL_FAKE_LEAP_DAY:
        raise ValueError("1900-02-29 does not exist")
    if days < _EXCEL_FAKE_LEAP_DAY:
        return _EXCEL_BASE_BEFORE_LEAP_BUG + timedelta(days=days)
    return _EXCEL_BASE + timedelta(days=days)


# ---------------------------------------------------------------------------
# Writing
# ---------------------------------------------------------------------------

_FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
_TEXT = "@"
_TEMPLATE_ROWS = 100_000
_MIN_WIDTH = 12
_MAX_WIDTH = 50


def safe_cell(value):
    """``value`` made safe from formula injection for a spreadsheet export.

    A string starting with ``= + - @``, a tab or a carriage return gets a
    leading ``'`` so that Excel shows it as text and never evaluates it; any
    other value is returned unchanged. Meant for CSV exports and writers
    without a string-only call; the XLSX writers here use ``write_string``
    instead, which stores the text unchanged and never as a formula.
    """
    if isinstance(value, str) and value.startswith(_FORMULA_PREFIXES):
        return "'" + value
    return value


def _display_width(value):
    lines = str(value).splitlines() or [""]
    return max(
        sum(2 if unicodedata.east_asian_width(char) in "WF" else 1 for char in line)
        for line in lines
    )


def _column_width(*values):
    width = max((_display_width(v) for v in values if v is not None), default=0)
    return min(max(width + 2, _MIN_WIDTH), _MAX_WIDTH)


class _CellWriter:
    """Writes values by type; strings never become formulas or links."""

    def __init__(self, workbook):
        self.text = workbook.add_format({"num_format": _TEXT})
        self.date = workbook.add_format({"num_format": "yyyy-mm-dd"})
        self.datetime = workbook.add_format({"num_format": "yyyy-mm-dd hh:mm:ss"})
        self.time = workbook.add_format({"num_format": "hh:mm:ss"})
        self.duration = workbook.add_format({"num_format": "[h]:mm:ss"})

    def put(self, sheet, row, col, value):
        if value is None:
            return
        if isinstance(value, str):
            sheet.write_string(row, col, value, self.text)
        elif isinstance(value, bool):
            sheet.write_boolean(row, col, value)
        elif isinstance(value, int | float) and math.isfinite(value):
            sheet.write_number(row, col, value)
        elif isinstance(value, datetime):
            value = value.replace(tzinfo=None)
            has_time = value.time() != time()
            cell_format = self.datetime if has_time else self.date
            sheet.write_datetime(row, col, value, cell_format)
        elif isinstance(value, date):
            sheet.write_datetime(row, col, value, self.date)
        elif isinstance(value, time):
            sheet.write_datetime(row, col, value.replace(tzinfo=None), self.time)
        elif isinstance(value, timedelta):
            sheet.write_datetime(row, col, value, self.duration)
        else:
            sheet.write_string(row, col, str(value), self.text)


def _sheet_ref(sheet_name, col, first_row, last_row):
    letter = xl_col_to_name(col)
    quoted = sheet_name.replace("'", "''")
    return f"='{quoted}'!${letter}${first_row}:${letter}${last_row}"


def write_template(
    columns: list[tuple[str, str, str]],
    example: list,
    lists: dict[str, list[str]],
    list_columns: dict[str, str],
    sheet_names: tuple[str, str] = ("Customers", "Lists"),
) -> bytes:
    """Import template as XLSX bytes.

    ``columns`` are ``(key, label, help_text)``: the header cell shows
    ``"label\\nkey"`` and carries ``help_text`` as a comment (none if empty).
    ``example`` fills row 2 (at most one value per column). Every column is
    text-formatted so that Excel keeps phone and ID numbers as typed. The
    second sheet holds one column per entry of ``lists`` (title, then values);
    ``list_columns`` maps a column key to a list title and gives that column a
    drop-down on rows 2 to 100000. Raises ``ValueError`` for an unknown key or
    list title, or an example longer than the columns.
    """
    keys = [key for key, _label, _help in columns]
    if len(example) > len(columns):
        raise ValueError("example row is longer than the columns")
    unknown_keys = set(list_columns) - set(keys)
    if unknown_keys:
        raise ValueError(f"list_columns names unknown columns {sorted(unknown_keys)}")
    unknown_lists = set(list_columns.values()) - set(lists)
    if unknown_lists:
        raise ValueError(f"list_columns names unknown lists {sorted(unknown_lists)}")

    output = io.BytesIO()
    with xlsxwriter.Workbook(output, {"in_memory": True}) as workbook:
        main_name, lists_name = sheet_names
        main = workbook.add_worksheet(main_name)
        list_sheet = workbook.add_worksheet(lists_name)
        header_format = workbook.add_format(
            {
                "bold": True,
                "text_wrap": True,
                "valign": "top",
                "num_format": _TEXT,
                "bg_color": "#D9E1F2",
                "border": 1,
            }
        )
        writer = _CellWriter(workbook)

        list_refs = {}
        for col, (title, values) in enumerate(lists.items()):
            list_sheet.set_column(col, col, _column_width(title, *values), writer.text)
            list_sheet.write_string(0, col, title, header_format)
            for row, value in enumerate(values, start=1):
                writer.put(list_sheet, row, col, str(value))
            if values:
                list_refs[title] = _sheet_ref(lists_name, col, 2, len(values) + 1)
        list_sheet.freeze_panes(1, 0)

        main.set_row(0, 32)
        main.freeze_panes(1, 0)
        for col, (key, label, help_text) in enumerate(columns):
            sample = example[col] if col < len(example) else None
            width = _column_width(label, key, sample)
            main.set_column(col, col, width, writer.text)
            main.write_string(0, col, f"{label}\n{key}", header_format)
            if help_text:
                main.write_comment(0, col, help_text, {"x_scale": 2, "y_scale": 1.5})
            writer.put(main, 1, col, sample)
            source = list_refs.get(list_columns.get(key))
            if source:
                main.data_validation(
                    1,
                    col,
                    _TEMPLATE_ROWS - 1,
                    col,
                    {"validate": "list", "source": source},
                )
    return output.getvalue()


def write_error_workbook(
    header: list[str],
    rows: Iterable[tuple[int, list, list[str]]],
    labels: tuple[str, str] = ("Row", "Errors"),
) -> bytes:
    """Rejected rows as XLSX bytes, for the user to fix and import again.

    One sheet: ``header`` plus a row-number and a reasons column (titled by
    ``labels``). ``rows`` are ``(row_number, values, reasons)``, may be any
    iterable (a generator keeps memory low) and are written with xlsxwriter's
    ``constant_memory`` mode (row data goes through a temporary file). Values
    are written back as read: strings always as text through ``write_string``
    with the text format (``"=1+1"`` comes back as that text, never a formula),
    numbers as numbers, dates and datetimes with a date format.
    Reasons are joined by line breaks.
    """
    width = len(header)
    output = io.BytesIO()
    with xlsxwriter.Workbook(output, {"constant_memory": True}) as workbook:
        sheet = workbook.add_worksheet()
        header_format = workbook.add_format(
            {"bold": True, "text_wrap": True, "valign": "top", "num_format": _TEXT}
        )
        wrap_format = workbook.add_format({"text_wrap": True, "valign": "top"})
        writer = _CellWriter(workbook)
        for col, label in enumerate(header):
            sheet.set_column(col, col, _column_width(label))
        row_label, errors_label = labels
        sheet.set_column(width, width, _column_width(row_label))
        sheet.set_column(width + 1, width + 1, 60, wrap_format)
        sheet.freeze_panes(1, 0)

        for col, label in enumerate([*header, row_label, errors_label]):
            sheet.write_string(0, col, str(label), header_format)
        for out_row, (row_number, values, reasons) in enumerate(rows, start=1):
            for col, value in enumerate(list(values)[:width]):
                writer.put(sheet, out_row, col, value)
            sheet.write_number(out_row, width, row_number)
            sheet.write_string(
                out_row, width + 1, "\n".join(map(str, reasons)), wrap_format
            )
    return output.getvalue()
