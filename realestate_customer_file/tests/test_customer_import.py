import base64
import io
from datetime import date

import openpyxl

from odoo.tests import tagged

from .common import CustomerFileCase, resident_id

HEADER = ("姓名", "手机", "邮箱", "省份", "城市", "证件类型", "证件号码", "客户标签")
ID_A = resident_id("33010619850612341")
ID_B = resident_id("33010619900101242")


def csv_bytes(rows, header=HEADER, encoding="utf-8", delimiter=","):
    lines = [delimiter.join(header), *(delimiter.join(row) for row in rows)]
    return ("\n".join(lines) + "\n").encode(encoding)


def xlsx_bytes(rows, header=HEADER, merge_header=None):
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(list(header))
    for row in rows:
        sheet.append(row)
    if merge_header:
        sheet.merge_cells(merge_header)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


@tagged("post_install", "-at_install")
class TestCustomerImport(CustomerFileCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Import = cls.env["realestate.customer.import"]
        cls.Tag = cls.env["realestate.customer.tag"]
        cls.tag_metro = cls.Tag.create({"name": "近地铁"})

    def run_import(self, data, filename="customers.csv", user=None, **options):
        wizard = self.Import.with_user(user or self.manager)
        return wizard.import_file(base64.b64encode(data), filename, **options)

    def assert_counts_add_up(self, result, rows):
        total = sum(result[k] for k in ("created", "updated", "skipped", "failed"))
        self.assertEqual(total, rows, f"every row must be accounted for: {result}")

    def test_utf8_csv_creates_customers(self):
        data = csv_bytes(
            [
                [
                    "王伟",
                    "138 0013 8000",
                    "Wang@Example.com",
                    "浙江",
                    "杭州市",
                    "",
                    ID_A,
                    "近地铁",
                ],
                [
                    "李娜",
                    "+86 139-0013-8001",
                    "",
                    "浙江省",
                    "杭州市",
                    "身份证",
                    ID_B,
                    "",
                ],
            ]
        )
        result = self.run_import(data)
        self.assertEqual((result["created"], result["failed"]), (2, 0), result)
        wang = self.Partner.search([("mobile", "=", "+8613800138000")])
        self.assertEqual(wang.email, "wang@example.com")
        self.assertEqual(wang.state_id, self.env.ref("base.state_cn_ZJ"))
        self.assertEqual(wang.estate_tag_ids, self.tag_metro)
        self.assertEqual(wang.estate_id_type, "cn_resident")
        self.assertIn("customers.csv", wang.message_ids[:1].body)

    def test_encodings(self):
        for encoding, bom in (
            ("utf-8", b""),
            ("utf-8", b"\xef\xbb\xbf"),
            ("gbk", b""),
            ("gb18030", b""),
        ):
            with self.subTest(encoding=encoding, bom=bool(bom)):
                name = "𠮷㛃" if encoding == "gb18030" else "张敏"
                mobile = f"1370000{len(encoding):02d}{len(bom):02d}"
                data = bom + csv_bytes(
                    [[name, mobile, "", "", "", "", "", ""]], encoding=encoding
                )
                result = self.run_import(data)
                self.assertEqual(result["created"], 1, result)
                partner = self.Partner.search([("mobile", "=", "+86" + mobile)])
                self.assertEqual(partner.name, name)

    def test_unreadable_encoding_is_reported(self):
        undecodable = "姓名,手机\n".encode() + b"\xff\xfe\xfd\x80,\x81\xff\n"
        # Big5 decodes as GB18030 without error, into gibberish.
        big5 = csv_bytes(
            [
                ["陳大文", "13800138050", "", "", "", "", "", ""],
                ["林美玲", "13800138051", "", "", "", "", "", ""],
                ["黃志強", "13800138052", "", "", "", "", "", ""],
            ],
            header=("姓名", "手機", "電郵", "省份", "城市", "詳細地址", "證件", "備註"),
            encoding="big5",
        )
        for label, data in (("undecodable", undecodable), ("big5", big5)):
            with self.subTest(label):
                result = self.run_import(data)
                self.assertEqual(result["state"], "failed")
                self.assertIn("encoding", result["message"])
                self.assertEqual(result["created"], 0)

    def test_excel_habits(self):
        header = [*HEADER, "出生日期"]
        blank = [None] * len(header)
        rows = [
            ["王伟", 13800138000.0, None, None, None, None, ID_A, None, None],
            ["李娜", "1.38001E+10", None, None, None, None, None, None, None],
            ["张敏", "13800138002", None, None, None, None, "1.10105E+17", None, None],
            ["  刘　洋  ", "１３８ ００１３ ８００３", *[None] * 6, 32874],
            blank,
            ["周杰", "13800138004", None, None, None, "护照", "e1234 5678", None, None],
            blank,
        ]
        data = xlsx_bytes(rows, header=header, merge_header="G1:H1")
        result = self.run_import(data, "customers.xlsx")
        self.assert_counts_add_up(result, 5)
        self.assertEqual(result["created"], 3, result)
        errors = {error["row"]: error["message"] for error in result["errors"]}
        self.assertEqual(set(errors), {3, 4}, errors)
        self.assertIn("Mobile", errors[3])
        self.assertIn("Excel", errors[3])
        self.assertIn("ID Number", errors[4])
        liu = self.Partner.search([("mobile", "=", "+8613800138003")])
        self.assertEqual(liu.name, "刘 洋")
        self.assertEqual(liu.estate_birthdate, date(1990, 1, 1))
        zhou = self.Partner.search([("mobile", "=", "+8613800138004")])
        self.assertEqual(zhou.estate_id_number, "E12345678")

    def test_formula_like_cells_stay_text_in_the_error_report(self):
        rows = [['=HYPERLINK("http://x")', "12", "", "", "", "", "", ""]]
        result = self.run_import(csv_bytes(rows))
        self.assertEqual(result["failed"], 1)
        job = self.env["realestate.customer.import.job"].browse(result["job_id"])
        self.assertTrue(job.error_file, "a failed row must give an error report")
        report = openpyxl.load_workbook(io.BytesIO(base64.b64decode(job.error_file)))
        cell = report.active.cell(row=2, column=1)
        self.assertEqual(cell.data_type, "s", "the cell must be text, not a formula")
        self.assertIn("HYPERLINK", cell.value)
        self.assertIn("Mobile", report.active.cell(row=2, column=len(HEADER) + 2).value)

    def test_same_customer_twice_and_collisions(self):
        owned = self.create_customer(
            name="已有客户", mobile="13900000000", user_id=self.other_salesperson.id
        )
        rows = [
            ["新客户", "13900000001", "", "", "", "", "", ""],
            ["新客户again", "139 0000 0001", "", "", "", "", "", ""],
            ["撞单", "13900000000", "", "", "", "", "", ""],
        ]
        result = self.run_import(csv_bytes(rows), user=self.salesperson)
        self.assert_counts_add_up(result, 3)
        self.assertEqual(result["created"], 1)
        self.assertEqual(result["skipped"], 2, result)

        result = self.run_import(
            csv_bytes(rows[2:]), user=self.salesperson, on_duplicate="update_all"
        )
        self.assertEqual(result["failed"], 1, result)
        message = result["errors"][0]["message"]
        self.assertIn(owned.estate_code, message)
        self.assertIn("Wang Wei", message)
        self.assertEqual(owned.name, "已有客户", "another owner's file is untouched")

    def test_update_modes(self):
        mine = self.create_customer(
            name="王伟",
            mobile="13900000010",
            email="old@example.com",
            user_id=self.salesperson.id,
        )
        rows = [["王伟", "13900000010", "new@example.com", "", "杭州市", "", "", ""]]
        result = self.run_import(
            csv_bytes(rows), user=self.salesperson, on_duplicate="update_empty"
        )
        self.assertEqual(result["updated"], 1)
        self.assertEqual((mine.email, mine.city), ("old@example.com", "杭州市"))
        result = self.run_import(
            csv_bytes(rows), user=self.salesperson, on_duplicate="update_all"
        )
        self.assertEqual(mine.email, "new@example.com")

    def test_unknown_tags_are_reported_or_created(self):
        rows = [["王伟", "13900000020", "", "", "", "", "", "学区房，近地铁"]]
        result = self.run_import(csv_bytes(rows))
        self.assertEqual(result["failed"], 1)
        self.assertIn("学区房", result["errors"][0]["message"])
        result = self.run_import(csv_bytes(rows), create_missing=True)
        self.assertEqual(result["created"], 1)
        partner = self.Partner.search([("mobile", "=", "+8613900000020")])
        self.assertEqual(
            sorted(partner.estate_tag_ids.mapped("name")), ["学区房", "近地铁"]
        )

    def test_dry_run_writes_nothing(self):
        rows = [
            ["王伟", "13900000030", "", "", "", "", "", "全新标签"],
            ["坏号码", "123", "", "", "", "", "", ""],
        ]
        partners_before = self.Partner.search_count([])
        tags_before = self.Tag.search_count([])
        result = self.run_import(csv_bytes(rows), dry_run=True, create_missing=True)
        self.assertEqual((result["created"], result["failed"]), (1, 1), result)
        self.assertEqual(self.Partner.search_count([]), partners_before)
        self.assertEqual(self.Tag.search_count([]), tags_before)
        self.assertFalse(self.env["realestate.customer.import.job"].search([]))

    def test_background_job_resumes_where_it_stopped(self):
        rows = [
            [f"客户{i}", f"1370001{i:04d}", "", "", "", "", "", ""] for i in range(7)
        ]
        rows[3][1] = "bad"
        job = (
            self.env["realestate.customer.import.job"]
            .with_user(self.manager)
            .create({"name": "big.csv", "file": base64.b64encode(csv_bytes(rows))})
            .with_context(customer_import_batch_size=3)
        )
        job._run(time_limit=0)
        self.assertEqual((job.state, job.last_row, job.row_count), ("running", 4, 3))
        job._run(time_limit=0)
        self.assertEqual(job.last_row, 7)
        job._run()
        self.assertEqual(job.state, "done")
        self.assertEqual(job.row_count, 7)
        self.assertEqual((job.created_count, job.failed_count), (6, 1))
        created = self.Partner.search([("mobile", "like", "+861370001")])
        self.assertEqual(len(created), 6, "a resumed import must not create twice")

    def test_cron_processes_waiting_imports(self):
        rows = [["王伟", "13900000040", "", "", "", "", "", ""]]
        job = (
            self.env["realestate.customer.import.job"]
            .with_user(self.manager)
            .create({"name": "queued.csv", "file": base64.b64encode(csv_bytes(rows))})
        )
        self.env["realestate.customer.import.job"]._cron_process_import_jobs()
        self.assertEqual(job.state, "done")
        self.assertEqual(job.created_count, 1)

    def test_standard_import_screen_offers_the_template(self):
        templates = self.Partner.with_context(
            default_is_estate_customer=True
        ).get_import_templates()
        self.assertEqual(
            templates[0]["template"], "/realestate_customer_file/import_template"
        )
        content = self.Import._template_bytes()
        workbook = openpyxl.load_workbook(io.BytesIO(content))
        header = [cell.value for cell in workbook.worksheets[0][1]]
        self.assertTrue(header[0].startswith("姓名"))
        self.assertIn("mobile", header[1])
        self.assertEqual(len(workbook.worksheets), 2)
        self.assertTrue(workbook.worksheets[0].data_validations.dataValidation)
