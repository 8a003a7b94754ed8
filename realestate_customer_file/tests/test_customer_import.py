import base64
import io
from datetime import date, datetime

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

    def test_error_report_keeps_dates_as_dates(self):
        header = [*HEADER, "出生日期"]
        birthday = datetime(1990, 5, 17)
        rows = [["坏号码", "123", None, None, None, None, None, None, birthday]]
        result = self.run_import(xlsx_bytes(rows, header=header), "customers.xlsx")
        self.assertEqual(result["failed"], 1)
        job = self.env["realestate.customer.import.job"].browse(result["job_id"])
        report = openpyxl.load_workbook(io.BytesIO(base64.b64decode(job.error_file)))
        self.assertEqual(report.active.cell(row=2, column=len(header)).value, birthday)

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

    def test_repeat_rows_across_batches_match_the_dry_run(self):
        rows = [
            ["王伟", "13900000050", "", "", "", "", "", ""],
            ["李娜", "13900000051", "", "", "", "", "", ""],
            ["王伟又一次", "139 0000 0050", "", "", "", "", "", ""],
        ]
        importer = self.Import.with_user(self.manager).with_context(
            customer_import_batch_size=2
        )
        data = base64.b64encode(csv_bytes(rows))
        checked = importer.import_file(data, "repeat.csv", dry_run=True)
        done = importer.import_file(data, "repeat.csv")
        for result in (checked, done):
            self.assertEqual(
                (result["created"], result["skipped"]), (2, 1), f"counts: {result}"
            )
            (skipped,) = result["skipped_rows"]
            self.assertEqual(skipped["row"], 4)
            self.assertIn("row 2", skipped["message"])

    def test_row_refused_by_the_database_fails_alone(self):
        # A rule the database holds and no check of the addon knows about.
        self.env.cr.execute(
            "ALTER TABLE res_partner ADD CONSTRAINT rcf_test_no_atlantis "
            "CHECK (city IS NULL OR city != 'Atlantis')"
        )
        header = ("姓名", "手机", "城市")
        rows = [
            ["王伟", "13900000060", "杭州市"],
            ["李娜", "13900000061", "Atlantis"],
            ["张敏", "13900000062", "上海市"],
        ]
        lines = [",".join(header), *(",".join(row) for row in rows)]
        data = ("\n".join(lines) + "\n").encode()
        with self.assertLogs("odoo", level="WARNING") as logs:
            result = self.run_import(data)
        self.assert_counts_add_up(result, 3)
        self.assertEqual((result["created"], result["failed"]), (2, 1), result)
        self.assertEqual(result["errors"][0]["row"], 3)
        self.assertIn("refused", result["errors"][0]["message"])
        output = "\n".join(logs.output)
        self.assertIn("row 3 refused by the database", output)
        self.assertNotIn("13900000061", output, "no phone number in the logs")
        self.assertNotIn("Atlantis", output, "no customer data in the logs")
        self.assertEqual(
            self.Partner.search_count([("mobile", "like", "+86139000000")]), 2
        )

    def test_email_on_another_file_is_pointed_out(self):
        other = self.create_customer(
            name="王伟",
            mobile="13900000070",
            email="family@example.com",
            user_id=self.other_salesperson.id,
        )
        rows = [["王芳", "13900000071", "Family@Example.com", "", "", "", "", ""]]
        checked = self.run_import(csv_bytes(rows), dry_run=True)
        (line,) = checked["lines"]
        self.assertEqual(line["outcome"], "created", "a shared e-mail does not stop")
        self.assertIn(other.estate_code, line["message"])
        self.assertIn("Wang Wei", line["message"])
        self.assertNotIn("13900000070", line["message"])
        result = self.run_import(csv_bytes(rows))
        self.assertEqual(result["created"], 1)

    def test_existing_customers_are_looked_up_per_batch_not_per_row(self):
        def queries_for(count, start, dry_run):
            rows = [
                [f"客户{i}", f"1390001{i:04d}", f"c{i}@example.com", "浙江", "杭州市"]
                for i in range(start, start + count)
            ]
            rows = [[*row, "", "", "近地铁"] for row in rows]
            data = base64.b64encode(csv_bytes(rows))
            importer = self.Import.with_user(self.manager)
            importer.import_file(data, "warm.csv", dry_run=True)  # caches, plans
            before = self.env.cr.sql_log_count
            result = importer.import_file(data, "counted.csv", dry_run=dry_run)
            self.assertEqual(result["created"], count)
            return self.env.cr.sql_log_count - before

        for dry_run, allowed in ((True, 5), (False, 20)):
            with self.subTest(dry_run=dry_run):
                few = queries_for(5, 0 if dry_run else 200, dry_run)
                many = queries_for(50, 100 if dry_run else 300, dry_run)
                self.assertLess(
                    many - few,
                    allowed,
                    f"45 more rows took {many - few} more queries ({few} for 5 "
                    f"rows, {many} for 50): rows must not be handled one by one",
                )

    def test_large_file_goes_to_the_background(self):
        note = "备注" * 300
        rows = [
            [f"客户{i}", f"1390002{i:04d}", "", "", "", "", "", note]
            for i in range(400)
        ]
        header = (*HEADER[:-1], "备注")
        data = csv_bytes(rows, header=header)
        self.assertGreater(len(data), 512 * 1024)
        Cron = self.env["ir.cron.trigger"]
        cron = self.env.ref("realestate_customer_file.ir_cron_process_customer_imports")
        triggers_before = Cron.search_count([("cron_id", "=", cron.id)])
        wizard = self.Import.with_user(self.manager).create(
            {"file": base64.b64encode(data), "filename": "large.csv"}
        )
        wizard.action_import()
        self.assertEqual(wizard.job_id.state, "queued")
        self.assertEqual(wizard.created_count, 0, "nothing is imported in the request")
        self.assertIn("background", wizard.message)
        self.assertEqual(
            Cron.search_count([("cron_id", "=", cron.id)]), triggers_before + 1
        )

    def test_crashed_job_resumes_without_losing_or_doubling_rows(self):
        rows = [
            [f"客户{i}", f"1370002{i:04d}", "", "", "", "", "", ""] for i in range(7)
        ]
        Job = self.env["realestate.customer.import.job"].with_context(
            customer_import_batch_size=3
        )
        job = Job.with_user(self.manager).create(
            {"name": "crash.csv", "file": base64.b64encode(csv_bytes(rows))}
        )
        job._run(time_limit=0)  # the first batch, committed
        self.assertEqual(job.last_row, 4)

        class WorkerKilled(Exception):
            pass

        # The worker dies in the middle of the second batch: what it had not
        # committed is rolled back.
        with self.assertRaises(WorkerKilled), self.env.cr.savepoint():
            job._run(time_limit=0)
            self.assertEqual(job.last_row, 7)
            raise WorkerKilled
        self.env.invalidate_all()
        self.assertEqual((job.state, job.last_row), ("running", 4))

        Job._cron_process_import_jobs()
        self.assertEqual(job.state, "done")
        self.assertEqual(
            (job.row_count, job.created_count, job.failed_count), (7, 7, 0)
        )
        created = self.Partner.search([("mobile", "like", "+861370002")])
        self.assertEqual(len(created), 7, "no row lost, none created twice")

    def test_english_headers_and_every_tag_separator(self):
        for name in ("学区房", "改善", "投资"):  # 近地铁 is made in setUpClass
            self.Tag.create({"name": name})
        header = ("Name", " MOBILE ", "E-mail", "【Tags】", "Level", "Stage", "Source")
        row = ["王伟", "13900000080", "w@example.com", "学区房,近地铁;改善、投资"]
        rows = [[*row, "A - Hot", "Visited", "Walk-in"]]
        result = self.run_import(csv_bytes(rows, header=header, delimiter="\t"))
        self.assertEqual(result["created"], 1, result)
        self.assertFalse(result["message"], "every column must be recognised")
        partner = self.Partner.search([("mobile", "=", "+8613900000080")])
        self.assertEqual(
            sorted(partner.estate_tag_ids.mapped("name")),
            sorted(["学区房", "近地铁", "改善", "投资"]),
        )
        self.assertEqual((partner.estate_level, partner.estate_stage), ("a", "visited"))
        self.assertEqual(partner.email, "w@example.com")
        self.assertTrue(partner.estate_source_id)

    def test_odoos_standard_import_obeys_the_same_checks(self):
        def standard_import(text):
            wizard = self.env["base_import.import"].create(
                {
                    "res_model": "res.partner",
                    "file": text.encode(),
                    "file_name": "standard.csv",
                    "file_type": "text/csv",
                }
            )
            options = {"quoting": '"', "separator": ",", "has_headers": True}
            return wizard.with_context(default_is_estate_customer=True).execute_import(
                ["name", "mobile", "email"], [], options
            )

        result = standard_import(
            "name,mobile,email\n王伟,138 0013 8090,Wang@Example.com\n"
        )
        self.assertFalse(result["messages"], result)
        partner = self.Partner.browse(result["ids"])
        self.assertTrue(partner.is_estate_customer)
        self.assertEqual(
            (partner.mobile, partner.email), ("+8613800138090", "wang@example.com")
        )

        result = standard_import(
            "name,mobile,email\n李娜,123,\n张敏,13800138091,\n王伟又一次,13800138090,\n"
        )
        errors = [message["message"] for message in result["messages"]]
        self.assertTrue(any(m.startswith("Mobile") for m in errors), errors)
        self.assertTrue(any(partner.estate_code in m for m in errors), errors)
        self.assertFalse(
            self.Partner.search([("mobile", "=", "+8613800138091")]),
            "Odoo's import saves nothing of a file with errors",
        )
