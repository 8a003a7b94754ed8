import io
import tracemalloc
import zipfile
from datetime import date, datetime

import openpyxl
import pytest
import xlsxwriter
from openpyxl.utils.escape import unescape
from rcf_tools import spreadsheet, text

SpreadsheetError = spreadsheet.SpreadsheetError

ALIASES = {
    "name": ["姓名", "客户姓名", "Name"],
    "mobile": ["手机", "手机号", "Mobile", "Phone"],
    "id_number": ["证件号码", "身份证号"],
    "birthday": ["生日", "出生日期"],
}


def full_width(s):
    """Full-width form of printable ASCII (ruff RUF001 flags literal ones)."""
    return "".join(chr(ord(c) + 0xFEE0) if "!" <= c <= "~" else c for c in s)


def read(data, filename="customers.csv"):
    header, rows = spreadsheet.read_rows(data, filename)
    return header, list(rows)


def xlsx_bytes(rows, merge=(), number_formats=None):
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    for row_number, values in enumerate(rows, start=1):
        for col, value in enumerate(values, start=1):
            if value is not None:
                cell = sheet.cell(row=row_number, column=col, value=value)
                if number_formats and col in number_formats:
                    cell.number_format = number_formats[col]
    for cell_range in merge:
        sheet.merge_cells(cell_range)
    output = io.BytesIO()
    workbook.save(output)
    return output.getvalue()


def reopen(data):
    return openpyxl.load_workbook(io.BytesIO(data))


def error_code(data, filename="customers.csv"):
    with pytest.raises(SpreadsheetError) as info:
        read(data, filename)
    return info.value


# ---------------------------------------------------------------------------
# Errors
# ---------------------------------------------------------------------------


def test_error_code_and_params():
    error = SpreadsheetError("file_format", detected="xls")
    assert isinstance(error, ValueError)
    assert error.code == "file_format"
    assert error.params == {"detected": "xls"}
    assert str(error) == "file_format (detected='xls')"
    assert repr(error) == "SpreadsheetError(file_format (detected='xls'))"
    assert str(SpreadsheetError("file_empty")) == "file_empty"


def test_error_code_unknown():
    with pytest.raises(ValueError, match="unknown error code"):
        SpreadsheetError("nope")


def test_error_redacts_value_param():
    assert "13800" not in str(SpreadsheetError("file_empty", value="13800138000"))


# ---------------------------------------------------------------------------
# CSV encodings and delimiters
# ---------------------------------------------------------------------------

CSV_TEXT = "姓名,手机\r\n张三,13800138000\r\n李四,13900139000\r\n"
CSV_ROWS = [(2, ["张三", "13800138000"]), (3, ["李四", "13900139000"])]


@pytest.mark.parametrize(
    "data",
    [
        CSV_TEXT.encode("utf-8"),
        b"\xef\xbb\xbf" + CSV_TEXT.encode("utf-8"),
        CSV_TEXT.encode("gbk"),
        CSV_TEXT.encode("gb2312"),
        CSV_TEXT.encode("gb18030"),
        CSV_TEXT.encode("utf-16"),
    ],
    ids=["utf8", "utf8-bom", "gbk", "gb2312", "gb18030", "utf16-bom"],
)
def test_csv_encodings(data):
    assert read(data) == (["姓名", "手机"], CSV_ROWS)


def test_csv_gb18030_rare_characters():
    content = "姓名,手机\n吉𠮷,13800138000\n王㛃,13900139000\n"
    with pytest.raises(UnicodeEncodeError):
        content.encode("gbk")
    header, rows = read(content.encode("gb18030"))
    assert header == ["姓名", "手机"]
    assert rows == [(2, ["吉𠮷", "13800138000"]), (3, ["王㛃", "13900139000"])]


def test_csv_rare_characters_in_utf8():
    _header, rows = read("姓名\n吉𠮷\n王㛃\n".encode())
    assert rows == [(2, ["吉𠮷"]), (3, ["王㛃"])]


def test_csv_undecodable():
    data = b"name,mobile\n" + b"\x80\x80\xff" * 20
    for encoding in ("utf-8", "gb18030"):
        with pytest.raises(UnicodeDecodeError):
            data.decode(encoding)
    error = error_code(data)
    assert error.code == "file_encoding"
    assert error.params == {}


MISREAD_SAMPLES = {
    "big5": "姓名,手機,城市,詳細地址\n陳大文,0912345678,台北市,信義區松高路11號\n"
    "林美玲,0922333444,台中市,西屯區台灣大道二段\n",
    "shift_jis": "氏名,電話,都市\n山田太郎,09012345678,東京都\n"
    "佐藤花子,08011112222,大阪府\n",
    "cp1252": "nom,ville,rue\nFrançois Pépin,Genève,rue de lÉglise\n"
    "René Müller,Zürich,Bahnhofstraße\nAndré,Sète,Forêt\n",
}


@pytest.mark.parametrize("encoding", sorted(MISREAD_SAMPLES))
def test_csv_in_another_encoding_is_refused(encoding):
    data = MISREAD_SAMPLES[encoding].encode(encoding)
    with pytest.raises(UnicodeDecodeError):
        data.decode("utf-8")
    error = error_code(data)
    assert error.code == "file_encoding"


def test_gbk_with_rare_characters_and_symbols_is_not_refused():
    content = (
        "姓名,手机,详细地址,备注\n"
        "张喆,13800138000,杭州市西湖区文三路１号,面积约90㎡—120㎡\n"
        "王堃,13900139000,北京市朝阳区,阿依古丽·买买提推荐\n"
        "李昇,13700137000,上海市浦东新区,预算３００万\n"
    )
    header, rows = read(content.encode("gb18030"))
    assert header == ["姓名", "手机", "详细地址", "备注"]
    assert [values[0] for _n, values in rows] == ["张喆", "王堃", "李昇"]


@pytest.mark.parametrize(
    ("content", "filename"),
    [
        ("姓名;手机\n张三;13800138000\n李四;13900139000\n", "a.csv"),
        ("姓名\t手机\n张三\t13800138000\n李四\t13900139000\n", "a.csv"),
        ("姓名\t手机\n张三\t13800138000\n李四\t13900139000\n", "a.txt"),
        ("姓名,手机\n张三,13800138000\n李四,13900139000\n", "a.xlsx"),
    ],
    ids=["semicolon", "tab", "tab-txt", "csv-named-xlsx"],
)
def test_csv_delimiters(content, filename):
    header, rows = read(content.encode(), filename)
    assert header == ["姓名", "手机"]
    assert rows == [(2, ["张三", "13800138000"]), (3, ["李四", "13900139000"])]


def test_csv_delimiter_inside_quotes_and_values():
    content = '姓名;地址;手机\n张三;"上海市, 浦东新区";13800138000\n'
    assert read(content.encode()) == (
        ["姓名", "地址", "手机"],
        [(2, ["张三", "上海市, 浦东新区", "13800138000"])],
    )


def test_csv_single_column():
    assert read(b"mobile\n13800138000\n") == (["mobile"], [(2, ["13800138000"])])


def test_csv_single_column_tsv_default():
    header, _rows = read(b"mobile\n13800138000\n", "a.tsv")
    assert header == ["mobile"]


def test_csv_excel_sep_line():
    content = "sep=;\n姓名;手机\n张三;13800138000\n"
    assert read(content.encode()) == (["姓名", "手机"], [(2, ["张三", "13800138000"])])


def test_csv_quoted_newline_counts_as_one_row():
    content = '姓名,备注\n张三,"第一行\n第二行"\n李四,x\n'
    _header, rows = read(content.encode())
    assert rows == [(2, ["张三", "第一行\n第二行"]), (3, ["李四", "x"])]


def test_csv_apostrophe_is_not_a_quote():
    content = "name,mobile\nO'Brien,13800138000\nD'Arcy,13900139000\n"
    _header, rows = read(content.encode())
    assert rows[0][1] == ["O'Brien", "13800138000"]


def test_csv_formula_text_is_kept_as_is():
    _header, rows = read(b"name,remark\nx,=1+1\n")
    assert rows == [(2, ["x", "=1+1"])]


def test_csv_pad_and_truncate_to_header():
    content = "a,b,c\n1\n1,2,3,4,5\n"
    _header, rows = read(content.encode())
    assert rows == [(2, ["1", "", ""]), (3, ["1", "2", "3"])]


def test_csv_header_cleaned_and_trailing_empty_dropped():
    content = f" {full_width('Name')} ,手机\u200b,,\nx,y,,\n"
    header, rows = read(content.encode())
    assert header == ["Name", "手机"]
    assert rows == [(2, ["x", "y"])]


def test_csv_blank_rows_keep_row_numbers():
    content = "\n\n姓名,手机\n张三,1\n\n , \n李四,2\n,\n\n\n"
    header, rows = read(content.encode())
    assert header == ["姓名", "手机"]
    assert rows == [(4, ["张三", "1"]), (7, ["李四", "2"])]


def test_csv_header_only():
    assert read(b"name,mobile\n") == (["name", "mobile"], [])


def test_csv_field_too_large_is_unreadable():
    data = b"name\n" + b"x" * 200_000 + b"\n"
    header, rows = spreadsheet.read_rows(data, "a.csv")
    assert header == ["name"]
    with pytest.raises(SpreadsheetError) as info:
        list(rows)
    assert info.value.code == "file_unreadable"
    assert info.value.params == {"reason": "Error", "row": 1}


# ---------------------------------------------------------------------------
# Format detection and empty files
# ---------------------------------------------------------------------------


def test_xls_signature_rejected():
    data = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 512
    error = error_code(data, "customers.xls")
    assert error.code == "file_format"
    assert error.params == {"detected": "xls"}


def test_xls_signature_rejected_whatever_the_name():
    data = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 512
    assert error_code(data, "customers.csv").params == {"detected": "xls"}


def test_encrypted_workbook_rejected():
    data = (
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
        + b"\x00" * 64
        + "EncryptedPackage".encode("utf-16-le")
    )
    assert error_code(data, "customers.xlsx").params == {"detected": "encrypted"}


@pytest.mark.parametrize(
    ("content", "detected"),
    [
        (b"<html><body><table><tr><td>x</td></tr></table></body></html>", "html"),
        (b'<?xml version="1.0"?><Workbook/>', "xml"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary"),
    ],
)
def test_other_formats_rejected(content, detected):
    error = error_code(content, "customers.xls")
    assert (error.code, error.params) == ("file_format", {"detected": detected})


def test_other_zip_rejected():
    output = io.BytesIO()
    with zipfile.ZipFile(output, "w") as archive:
        archive.writestr("word/document.xml", "<w:document/>")
    assert error_code(output.getvalue(), "a.xlsx").params == {"detected": "zip"}


def test_ods_rejected():
    output = io.BytesIO()
    with zipfile.ZipFile(output, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        archive.writestr("content.xml", "<office:document-content/>")
    assert error_code(output.getvalue(), "a.ods").params == {"detected": "ods"}


def test_corrupt_zip_unreadable():
    data = xlsx_bytes([["name"], ["x"]])
    error = error_code(data[: len(data) // 2], "a.xlsx")
    assert error.code == "file_unreadable"
    assert error.params == {"reason": "BadZipFile"}


def test_broken_workbook_unreadable():
    output = io.BytesIO()
    with zipfile.ZipFile(output, "w") as archive:
        archive.writestr("xl/workbook.xml", "not xml at all")
    assert error_code(output.getvalue(), "a.xlsx").code == "file_unreadable"


@pytest.mark.parametrize(
    "data",
    [b"", b"   \r\n\n", b"\xef\xbb\xbf", b"\xef\xbb\xbf\r\n", b",,,\n,,\n \t\n"],
    ids=["empty", "whitespace", "bom", "bom-newline", "only-delimiters"],
)
def test_empty_csv(data):
    error = error_code(data)
    assert (error.code, error.params) == ("file_empty", {})


def test_empty_xlsx():
    assert error_code(xlsx_bytes([]), "a.xlsx").code == "file_empty"
    data = xlsx_bytes([[None, " "], [], [""]])
    assert error_code(data, "a.xlsx").code == "file_empty"


def test_no_header_csv():
    error = error_code(b"\n13800138000,2023-03-15\n13900139000,2023-03-16\n")
    assert (error.code, error.params) == ("file_no_header", {"row": 2})


def test_no_header_xlsx():
    data = xlsx_bytes([[13800138000, datetime(2023, 3, 15)]])
    error = error_code(data, "a.xlsx")
    assert (error.code, error.params) == ("file_no_header", {"row": 1})


# ---------------------------------------------------------------------------
# XLSX
# ---------------------------------------------------------------------------


def test_xlsx_native_types():
    data = xlsx_bytes(
        [
            ["姓名", "手机", "金额", "生日", "备注"],
            ["张三", 13800138000, 12.5, datetime(1990, 5, 17), "备注文字"],
        ]
    )
    header, rows = read(data, "a.xlsx")
    assert header == ["姓名", "手机", "金额", "生日", "备注"]
    assert rows == [(2, ["张三", 13800138000, 12.5, datetime(1990, 5, 17), "备注文字"])]


def test_xlsx_phone_numbers_as_numbers():
    data = xlsx_bytes([["mobile"], [13800138000], [13900139000.0], [1.38001e10]])
    _header, rows = read(data, "a.xlsx")
    values = [row[1][0] for row in rows]
    assert all(isinstance(value, int | float) for value in values)
    assert [text.excel_digits(value) for value in values] == [
        "13800138000",
        "13900139000",
        "13800100000",
    ]


def test_xlsx_formula_gives_cached_value():
    output = io.BytesIO()
    with xlsxwriter.Workbook(output, {"in_memory": True}) as workbook:
        sheet = workbook.add_worksheet()
        sheet.write_string(0, 0, "total")
        sheet.write_formula(1, 0, "=1+1", None, 2)
    _header, rows = read(output.getvalue(), "a.xlsx")
    assert rows == [(2, [2])]


def test_xlsx_merged_header_cells():
    data = xlsx_bytes(
        [
            ["姓名", "联系方式", None, "备注"],
            ["张三", "13800138000", "a@example.com", "x"],
        ],
        merge=["B1:C1"],
    )
    header, rows = read(data, "a.xlsx")
    assert header == ["姓名", "联系方式", "", "备注"]
    assert rows == [(2, ["张三", "13800138000", "a@example.com", "x"])]


def test_xlsx_trailing_and_middle_blank_rows():
    data = xlsx_bytes(
        [
            [],
            ["姓名", "手机"],
            ["张三", "1"],
            [],
            [None, "  "],
            ["李四", "2"],
            [None, None],
            ["", ""],
            [],
        ]
    )
    header, rows = read(data, "a.xlsx")
    assert header == ["姓名", "手机"]
    assert rows == [(3, ["张三", "1"]), (6, ["李四", "2"])]


def test_xlsx_styled_empty_trailing_rows():
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["name", "mobile"])
    sheet.append(["x", "1"])
    for row in range(3, 50):
        sheet.cell(row=row, column=1).number_format = "@"
    output = io.BytesIO()
    workbook.save(output)
    _header, rows = read(output.getvalue(), "a.xlsx")
    assert rows == [(2, ["x", "1"])]


def test_xlsx_pad_and_truncate_to_header():
    data = xlsx_bytes([["a", "b", "c"], [1], [1, 2, 3, 4, 5], [None, None, None, 9]])
    _header, rows = read(data, "a.xlsx")
    assert rows == [(2, [1, None, None]), (3, [1, 2, 3])]


def test_xlsx_first_sheet_is_read():
    workbook = openpyxl.Workbook()
    workbook.active.append(["first"])
    workbook.active.append(["1"])
    workbook.create_sheet("Other").append(["second"])
    output = io.BytesIO()
    workbook.save(output)
    assert read(output.getvalue(), "a.xlsx") == (["first"], [(2, ["1"])])


def test_xlsx_wrong_dimension_is_ignored():
    data = xlsx_bytes([["name", "mobile"], ["x", "1"], ["y", "2"]])
    source = io.BytesIO(data)
    output = io.BytesIO()
    with (
        zipfile.ZipFile(source) as original,
        zipfile.ZipFile(output, "w") as patched,
    ):
        for item in original.infolist():
            content = original.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                content = content.replace(
                    b'<dimension ref="A1:B3"', b'<dimension ref="A1"'
                )
                assert b'<dimension ref="A1"' in content
            patched.writestr(item, content)
    header, rows = read(output.getvalue(), "a.xlsx")
    assert header == ["name", "mobile"]
    assert rows == [(2, ["x", "1"]), (3, ["y", "2"])]


def test_xlsx_detected_by_content_not_name():
    data = xlsx_bytes([["name"], ["x"]])
    assert read(data, "customers.csv") == (["name"], [(2, ["x"])])


# 100,000 rows stream the same way, but tracemalloc makes reading them too
# slow for the test suite (~45 s); 30,000 rows keep the test near 10 s.
BIG_ROWS = 30_000


@pytest.fixture(scope="module")
def big_xlsx(tmp_path_factory):
    path = tmp_path_factory.mktemp("big") / "big.xlsx"
    with xlsxwriter.Workbook(str(path), {"constant_memory": True}) as workbook:
        sheet = workbook.add_worksheet()
        sheet.write_row(0, 0, ["姓名", "手机", "证件号码", "生日", "金额", "备注"])
        for row in range(1, BIG_ROWS + 1):
            sheet.write_string(row, 0, f"客户{row}")
            sheet.write_number(row, 1, 13800000000 + row)
            sheet.write_string(row, 2, f"1101051949{row:08d}")
            sheet.write_number(row, 3, 30000 + row % 10000)
            sheet.write_number(row, 4, row * 1.5)
            sheet.write_string(row, 5, f"备注 {row}")
    return path.read_bytes()


def test_xlsx_streaming_memory(big_xlsx):
    tracemalloc.start()
    try:
        baseline, _peak = tracemalloc.get_traced_memory()
        header, rows = spreadsheet.read_rows(big_xlsx, "big.xlsx")
        count, last = 0, None
        for row in rows:
            count += 1
            last = row
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert header == ["姓名", "手机", "证件号码", "生日", "金额", "备注"]
    assert count == BIG_ROWS
    number = BIG_ROWS
    assert last == (
        number + 1,
        [
            f"客户{number}",
            13800000000 + number,
            f"1101051949{number:08d}",
            30000 + number % 10000,
            number * 1.5,
            f"备注 {number}",
        ],
    )
    # Streaming peaks near 3 MB here; list(rows) of the same file near 19 MB,
    # so this bound (well under the 50 MB budget) catches a materialised read.
    assert peak - baseline < 10 * 1024 * 1024


# ---------------------------------------------------------------------------
# Header matching
# ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("label", "expected"),
    [
        ("手机 (mobile)", "手机mobile"),
        ("手机*", "手机"),
        ("*手机：", "手机"),
        ("Mobile", "mobile"),
        (" MOBILE ", "mobile"),
        (full_width("MOBILE"), "mobile"),
        ("手机（Mobile）", "手机mobile"),
        ("手机\nmobile", "手机mobile"),
        ("ID_Number", "idnumber"),
        ("id-number", "idnumber"),
        ("E-mail / 邮箱.", "email邮箱"),
        ("出生\u3000日期", "出生日期"),
        (None, ""),
        (123, "123"),
    ],
)
def test_normalize_header(label, expected):
    assert spreadsheet.normalize_header(label) == expected


def test_match_columns_chinese_english_mixed():
    header = [
        "姓名",
        "Mobile",
        "证件号码\nid_number",
        "出生日期 (birthday)",
        "Unknown thing",
    ]
    columns, unknown = spreadsheet.match_columns(header, ALIASES)
    assert columns == {0: "name", 1: "mobile", 2: "id_number", 3: "birthday"}
    assert unknown == ["Unknown thing"]


@pytest.mark.parametrize(
    "label",
    [
        "手机",
        "手机*",
        "手机号：",
        "手机\nmobile",
        "手机 mobile",
        "【手机】",
        "[Mobile]",
        "《手机号》",
        "手机(mobile)",
        "手机（mobile）",
        "mobile",
        " MOBILE ",
        full_width("Mobile"),
        "phone",
        "* 手机 (Mobile)",
    ],
)
def test_match_columns_mobile_variants(label):
    columns, unknown = spreadsheet.match_columns([label], ALIASES)
    assert (columns, unknown) == ({0: "mobile"}, [])


def test_match_columns_key_itself_matches():
    columns, _unknown = spreadsheet.match_columns(["ID Number", "birthday"], ALIASES)
    assert columns == {0: "id_number", 1: "birthday"}


def test_match_columns_duplicates_and_empty_cells():
    header = ["手机", "", "姓名", "Mobile", "Phone", "name"]
    columns, unknown = spreadsheet.match_columns(header, ALIASES)
    assert columns == {0: "mobile", 2: "name"}
    assert unknown == ["Mobile", "Phone", "name"]


def test_match_columns_first_field_wins_shared_alias():
    aliases = {"mobile": ["电话"], "phone": ["电话", "座机"]}
    columns, unknown = spreadsheet.match_columns(["电话", "座机"], aliases)
    assert columns == {0: "mobile", 1: "phone"}
    assert unknown == []


def test_match_columns_unmatched_parts():
    columns, unknown = spreadsheet.match_columns(["家庭 住址"], ALIASES)
    assert (columns, unknown) == ({}, ["家庭 住址"])


# ---------------------------------------------------------------------------
# Dates
# ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (45000, date(2023, 3, 15)),
        (45000.75, date(2023, 3, 15)),
        ("45000", date(2023, 3, 15)),
        (1, date(1900, 1, 1)),
        (59, date(1900, 2, 28)),
        (61, date(1900, 3, 1)),
        (2958465, date(9999, 12, 31)),
        (datetime(2023, 3, 15, 10, 30), date(2023, 3, 15)),
        (date(2023, 3, 15), date(2023, 3, 15)),
        ("2023-03-15", date(2023, 3, 15)),
        ("2023/3/15", date(2023, 3, 15)),
        ("2023.3.15", date(2023, 3, 15)),
        ("2023年3月15日", date(2023, 3, 15)),
        ("2023 年 3 月 15 日", date(2023, 3, 15)),
        ("2023年03月15", date(2023, 3, 15)),
        ("20230315", date(2023, 3, 15)),
        ("2023-03-15 00:00:00", date(2023, 3, 15)),
        ("2023-03-15T08:30", date(2023, 3, 15)),
        (f" {full_width('2023-03-15')} ", date(2023, 3, 15)),
        (None, None),
        ("", None),
        ("  ", None),
    ],
)
def test_excel_serial_to_date(value, expected):
    assert spreadsheet.excel_serial_to_date(value) == expected


@pytest.mark.parametrize(
    "value",
    [
        "garbage",
        "2023-13-01",
        "2023-02-30",
        "2023-03/15",
        "15/03/2023",
        "13800138000",
        0,
        -5,
        60,
        2958466,
        float("nan"),
        float("inf"),
        True,
        object(),
    ],
)
def test_excel_serial_to_date_garbage(value):
    with pytest.raises(ValueError) as info:
        spreadsheet.excel_serial_to_date(value)
    assert not isinstance(info.value, SpreadsheetError)
    if isinstance(value, str):
        assert value not in str(info.value)


def test_dates_from_xlsx_cells():
    data = xlsx_bytes(
        [["生日", "serial", "text"], [datetime(1990, 5, 17), 45000, "2023/3/15"]],
        number_formats={1: "yyyy-mm-dd"},
    )
    _header, rows = read(data, "a.xlsx")
    values = rows[0][1]
    assert isinstance(values[0], datetime)
    assert isinstance(values[1], int)
    assert [spreadsheet.excel_serial_to_date(v) for v in values] == [
        date(1990, 5, 17),
        date(2023, 3, 15),
        date(2023, 3, 15),
    ]


# ---------------------------------------------------------------------------
# Formula injection
# ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("=1+1", "'=1+1"),
        ("+86 138", "'+86 138"),
        ("-2", "'-2"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\t=1", "'\t=1"),
        ("\r=1", "'\r=1"),
        ("张三", "张三"),
        ("a=1", "a=1"),
        ("", ""),
        (None, None),
        (-2, -2),
        (13800138000, 13800138000),
    ],
)
def test_safe_cell(value, expected):
    assert spreadsheet.safe_cell(value) == expected


# ---------------------------------------------------------------------------
# Error workbook
# ---------------------------------------------------------------------------

FORMULA_TEXTS = [
    "=1+1",
    "+86 138",
    "-2",
    "@SUM(A1)",
    '=HYPERLINK("http://x")',
    "\t=1+1",
    "\r=1+1",
    "literal _x0041_ text",
]


def test_error_workbook_round_trip():
    header = ["姓名", "手机", "生日", "备注", "金额"]
    rows = [
        (2, ["张三", "13800138000", "1990-05-17", "=1+1", 12.5], ["手机重复"]),
        (
            5,
            ["李四", 13900139000, datetime(1990, 5, 17), "+86 138", None],
            ["手机无效", "证件号码无效"],
        ),
        (7, ["王五", "1", datetime(2023, 3, 15, 8, 30), "x", 3, "extra"], ["x"]),
    ]
    data = spreadsheet.write_error_workbook(header, rows, labels=("行号", "错误"))
    workbook = reopen(data)
    assert len(workbook.worksheets) == 1
    sheet = workbook.worksheets[0]
    assert [c.value for c in sheet[1]] == [*header, "行号", "错误"]
    assert [c.value for c in sheet[2]] == [
        "张三",
        "13800138000",
        "1990-05-17",
        "=1+1",
        12.5,
        2,
        "手机重复",
    ]
    assert sheet["B2"].data_type == "s"
    assert sheet["D2"].data_type == "s"
    assert sheet["D3"].value == "+86 138"
    assert sheet["B3"].value == 13900139000
    assert sheet["C3"].value == datetime(1990, 5, 17)
    assert sheet["C3"].number_format == "yyyy-mm-dd"
    assert sheet["C4"].value == datetime(2023, 3, 15, 8, 30)
    assert sheet["E3"].value is None
    assert sheet["G3"].value == "手机无效\n证件号码无效"
    assert sheet["F4"].value == 7  # the extra value is cut to the header
    assert sheet.freeze_panes == "A2"


def test_error_workbook_formulas_stay_text():
    header = ["remark"]
    rows = ((n, [value], ["bad"]) for n, value in enumerate(FORMULA_TEXTS, start=2))
    data = spreadsheet.write_error_workbook(header, rows)
    sheet = reopen(data).worksheets[0]
    assert [c.value for c in sheet[1]] == ["remark", "Row", "Errors"]
    cells = [sheet.cell(row=r, column=1) for r in range(2, 2 + len(FORMULA_TEXTS))]
    # openpyxl gives the stored text, where Excel unescapes "_x000D_".
    assert [unescape(c.value) for c in cells] == FORMULA_TEXTS
    assert all(c.data_type == "s" for c in cells)
    assert all(c.number_format == "@" for c in cells)
    # Read back through read_rows: the same text, never a formula result.
    header_read, rows_read = read(data, "errors.xlsx")
    assert header_read == ["remark", "Row", "Errors"]
    assert [values[0] for _n, values in rows_read] == FORMULA_TEXTS


def test_error_workbook_empty():
    sheet = reopen(spreadsheet.write_error_workbook(["a"], [])).worksheets[0]
    assert [c.value for c in sheet[1]] == ["a", "Row", "Errors"]
    assert sheet.max_row == 1


# ---------------------------------------------------------------------------
# Template
# ---------------------------------------------------------------------------

TEMPLATE_COLUMNS = [
    ("name", "姓名", "客户姓名，必填"),
    ("mobile", "手机", "11 位手机号"),
    ("source", "来源", "从下拉列表选择"),
    ("category", "客户类别", ""),
    ("remark", "备注", "任意文字"),
]
TEMPLATE_LISTS = {"来源": ["到访", "电话", "转介绍"], "类别": ["A", "B"], "空": []}


def make_template(**kwargs):
    params = {
        "columns": TEMPLATE_COLUMNS,
        "example": ["张三", "13800138000", "到访", "A", "=1+1"],
        "lists": TEMPLATE_LISTS,
        "list_columns": {"source": "来源", "category": "类别"},
    }
    params.update(kwargs)
    return spreadsheet.write_template(**params)


def test_template_sheets_header_and_example():
    workbook = reopen(make_template())
    assert workbook.sheetnames == ["Customers", "Lists"]
    sheet = workbook["Customers"]
    assert [c.value for c in sheet[1]] == [
        "姓名\nname",
        "手机\nmobile",
        "来源\nsource",
        "客户类别\ncategory",
        "备注\nremark",
    ]
    assert [c.value for c in sheet[2]] == ["张三", "13800138000", "到访", "A", "=1+1"]
    assert all(c.data_type == "s" for c in sheet[2])
    assert sheet.freeze_panes == "A2"
    assert sheet.column_dimensions["A"].width >= 10


def test_template_comments():
    sheet = reopen(make_template())["Customers"]
    assert sheet["A1"].comment.text == "客户姓名，必填"
    assert sheet["B1"].comment.text == "11 位手机号"
    assert sheet["D1"].comment is None


def test_template_text_format():
    sheet = reopen(make_template())["Customers"]
    assert all(c.number_format == "@" for c in sheet[1])
    assert all(c.number_format == "@" for c in sheet[2])
    for letter in "ABCDE":
        assert sheet.column_dimensions[letter].number_format == "@"
        assert 12 <= sheet.column_dimensions[letter].width <= 51
    assert sheet["A1"].alignment.wrap_text


def test_template_lists_sheet():
    sheet = reopen(make_template())["Lists"]
    assert [c.value for c in sheet[1]] == ["来源", "类别", "空"]
    assert [sheet.cell(row=r, column=1).value for r in range(2, 5)] == [
        "到访",
        "电话",
        "转介绍",
    ]
    assert [sheet.cell(row=r, column=2).value for r in range(2, 4)] == ["A", "B"]
    assert sheet.cell(row=2, column=3).value is None


def test_template_data_validations():
    sheet = reopen(make_template())["Customers"]
    validations = {
        str(dv.sqref): (dv.type, dv.formula1)
        for dv in sheet.data_validations.dataValidation
    }
    assert validations == {
        "C2:C100000": ("list", "'Lists'!$A$2:$A$4"),
        "D2:D100000": ("list", "'Lists'!$B$2:$B$3"),
    }


def test_template_empty_list_gets_no_validation():
    data = make_template(list_columns={"source": "空"})
    sheet = reopen(data)["Customers"]
    assert sheet.data_validations.dataValidation == []


def test_template_custom_sheet_names_quoted():
    data = make_template(sheet_names=("客户", "O'Lists"))
    workbook = reopen(data)
    assert workbook.sheetnames == ["客户", "O'Lists"]
    formulas = [dv.formula1 for dv in workbook["客户"].data_validations.dataValidation]
    assert "'O''Lists'!$A$2:$A$4" in formulas


def test_template_short_example():
    sheet = reopen(make_template(example=["张三"]))["Customers"]
    assert [c.value for c in sheet[2]][:2] == ["张三", None]


@pytest.mark.parametrize(
    "kwargs",
    [
        {"example": ["a"] * 6},
        {"list_columns": {"nope": "来源"}},
        {"list_columns": {"source": "nope"}},
    ],
)
def test_template_bad_arguments(kwargs):
    with pytest.raises(ValueError):
        make_template(**kwargs)


def test_template_round_trip_through_reader():
    header, rows = read(make_template(), "template.xlsx")
    columns, unknown = spreadsheet.match_columns(
        header, {key: [label] for key, label, _help in TEMPLATE_COLUMNS}
    )
    assert columns == {0: "name", 1: "mobile", 2: "source", 3: "category", 4: "remark"}
    assert unknown == []
    assert rows == [(2, ["张三", "13800138000", "到访", "A", "=1+1"])]
