import base64

from odoo.exceptions import AccessError
from odoo.tests import tagged

from odoo.addons.mail.tools.discuss import Store

from .common import CustomerFileCase, resident_id
from .test_customer_import import csv_bytes

FULL_HEADER = (
    "姓名",
    "手机",
    "电话",
    "邮箱",
    "省份",
    "城市",
    "区县",
    "详细地址",
    "证件类型",
    "证件号码",
    "客户分类",
    "客户标签",
    "客户等级",
    "客户阶段",
    "来源",
    "置业顾问",
    "备注",
)


@tagged("post_install", "-at_install")
class TestImportBulkPath(CustomerFileCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Import = cls.env["realestate.customer.import"]
        cls.env["realestate.customer.tag"].create({"name": "学区房"})
        cls.env["realestate.customer.category"].create({"name": "投资客"})

    def run_import(self, rows, user=None, header=FULL_HEADER, **options):
        data = base64.b64encode(csv_bytes(rows, header=header))
        importer = self.Import.with_user(user or self.manager)
        return importer.import_file(data, "客户.csv", **options)

    def full_row(self, name, mobile, salesperson="rcf_sales_li", **cells):
        row = dict(
            zip(
                FULL_HEADER,
                [
                    name,
                    mobile,
                    "0571-8888 6666",
                    f"{name}@Example.com",
                    "浙江",
                    "杭州市",
                    "西湖区",
                    "文三路 100 号",
                    "身份证",
                    resident_id("33010619850612341"),
                    "投资客",
                    "学区房",
                    "A级",
                    "到访",
                    "",
                    salesperson,
                    "想要三房",
                ],
                strict=True,
            )
        )
        row.update(cells)
        return [row[label] for label in FULL_HEADER]

    def test_imported_file_holds_what_the_orm_computes(self):
        result = self.run_import([self.full_row("zhangmin", "13800138000")])
        self.assertEqual((result["created"], result["failed"]), (1, 0), result)
        partner = self.Partner.search([("mobile", "=", "+8613800138000")])
        computed = [
            field
            for field in partner._fields.values()
            if field.store and field.compute and field.column_type
        ]
        partner.invalidate_recordset()
        stored = {field.name: partner[field.name] for field in computed}
        for field in computed:
            self.env.add_to_compute(field, partner)
        partner._recompute_recordset()
        partner.flush_recordset()
        partner.invalidate_recordset()
        for field in computed:
            with self.subTest(field=field.name):
                self.assertEqual(
                    stored[field.name],
                    partner[field.name],
                    f"{field.name} differs from what the ORM computes",
                )
        self.assertEqual(partner.commercial_partner_id, partner)
        self.assertEqual(partner.complete_name, "zhangmin")
        self.assertEqual(partner.user_id, self.salesperson)
        self.assertEqual(partner.estate_owner_date, partner.estate_verified_date)
        self.assertTrue(partner.estate_code)
        self.assertEqual(partner.estate_tag_ids.mapped("name"), ["学区房"])
        self.assertEqual(partner.estate_category_id.name, "投资客")
        self.assertEqual(partner.comment, "<p>想要三房</p>")

    def test_each_imported_file_gets_a_chatter_note(self):
        self.run_import(
            [
                self.full_row("li", "13800138001", **{"证件号码": ""}),
                self.full_row("wu", "13800138002", **{"证件号码": ""}),
            ]
        )
        partners = self.Partner.search(
            [("mobile", "in", ["+8613800138001", "+8613800138002"])], order="id"
        )
        self.assertEqual(len(partners), 2)
        for partner, row in zip(partners, (2, 3), strict=True):
            note = partner.message_ids
            self.assertEqual(len(note), 1, "one note per imported file")
            self.assertEqual(note.subtype_id, self.env.ref("mail.mt_note"))
            self.assertEqual(note.author_id, self.manager.partner_id)
            self.assertIn(f"客户.csv, row {row}", str(note.body))
            # The chatter renders it the way it renders any note.
            store = Store(note.with_user(self.manager)).get_result()
            self.assertEqual(store["mail.message"][0]["thread"]["id"], partner.id)

    def test_salesperson_rows_for_others_fail_alone(self):
        rows = [
            self.full_row("mine", "13800138010", **{"证件号码": "", "客户标签": ""}),
            self.full_row(
                "theirs",
                "13800138011",
                salesperson="rcf_sales_wang",
                **{"证件号码": "", "客户标签": ""},
            ),
            self.full_row(
                "newtag", "13800138012", **{"证件号码": "", "客户标签": "全新标签"}
            ),
        ]
        result = self.run_import(rows, user=self.salesperson, create_missing=True)
        self.assertEqual((result["created"], result["failed"]), (1, 2), result)
        errors = {error["row"]: error for error in result["errors"]}
        self.assertEqual(errors[3]["column"], "Salesperson")
        self.assertIn("only a manager", errors[3]["message"])
        self.assertEqual(errors[4]["column"], "Customer Tags")
        self.assertIn("全新标签", errors[4]["message"])
        self.assertEqual(
            self.Partner.search([("mobile", "=", "+8613800138010")]).user_id,
            self.salesperson,
        )

    def test_errors_name_their_column_and_unknown_columns_are_reported(self):
        header = ("姓名", "手机", "微信号")
        result = self.run_import(
            [["good", "13800138020", "wx1"], ["bad", "123", "wx2"]], header=header
        )
        self.assertEqual((result["created"], result["failed"]), (1, 1), result)
        self.assertEqual(result["errors"][0]["row"], 3)
        self.assertEqual(result["errors"][0]["column"], "Mobile")
        self.assertIn("微信号", result["message"])
        dry = self.run_import([["bad", "123", "wx2"]], header=header, dry_run=True)
        self.assertEqual(dry["errors"][0]["column"], "Mobile")
        self.assertIn("微信号", dry["message"])

    def test_import_errors_are_private_to_their_importer(self):
        result = self.run_import(
            [["bad", "123"]], user=self.salesperson, header=("姓名", "手机")
        )
        errors = self.env["realestate.customer.import.error"].search(
            [("job_id", "=", result["job_id"])]
        )
        self.assertEqual(len(errors), 1)
        Error = self.env["realestate.customer.import.error"]
        self.assertEqual(Error.with_user(self.salesperson).search_count([]), 1)
        self.assertEqual(Error.with_user(self.other_salesperson).search_count([]), 0)
        self.assertEqual(Error.with_user(self.manager).search_count([]), 1)

    def test_skipped_rows_say_who_owns_the_customer_and_nothing_more(self):
        owned = self.create_customer(
            name="已有客户",
            mobile="13800138030",
            email="secret@example.com",
            user_id=self.other_salesperson.id,
        )
        header = ("姓名", "手机")
        rows = [["撞单", "138 0013 8030"], ["新客户", "13800138031"]]
        for dry_run in (True, False):
            with self.subTest(dry_run=dry_run):
                result = self.run_import(
                    rows, user=self.salesperson, header=header, dry_run=dry_run
                )
                self.assertEqual((result["created"], result["skipped"]), (1, 1))
                (skipped,) = result["skipped_rows"]
                self.assertEqual(skipped["row"], 2)
                self.assertIn(owned.estate_code, skipped["message"])
                self.assertIn("Wang Wei", skipped["message"])
                self.assertIn(str(owned.estate_owner_date), skipped["message"])
                self.assertNotIn("secret@example.com", skipped["message"])
                self.assertNotIn("已有客户", skipped["message"])

    def test_bulk_path_obeys_the_record_rules(self):
        Partner = self.env["res.partner"].with_user(self.salesperson)
        values = {"name": "别人的客户", "mobile": "+8613800138090"}
        with self.assertRaises(AccessError):
            Partner._estate_bulk_create(
                [{**values, "user_id": self.other_salesperson.id}]
            )
        created = Partner._estate_bulk_create(
            [{**values, "user_id": self.salesperson.id}]
        )
        self.assertEqual(created.user_id, self.salesperson)
