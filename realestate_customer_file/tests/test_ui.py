import io

import openpyxl

from odoo import fields
from odoo.tests import HttpCase, new_test_user, tagged


@tagged("post_install", "-at_install")
class TestUi(HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.user = new_test_user(
            cls.env,
            login="rcf_tour_user",
            password="rcf_tour_user",
            name="Tour Salesperson",
            groups="realestate_customer_file.group_user",
        )

    def test_open_app_menu(self):
        self.start_tour(
            "/odoo", "realestate_customer_file_open_app", login="rcf_tour_user"
        )

    def test_create_customer_and_find_it_with_a_filter(self):
        self.start_tour(
            "/odoo",
            "realestate_customer_file_create_and_find",
            login="rcf_tour_user",
        )
        customer = self.env["res.partner"].search([("name", "=", "周晓明")])
        self.assertEqual(len(customer), 1, "the tour should create one customer")
        self.assertTrue(customer.is_estate_customer)
        self.assertEqual(customer.mobile, "+8613912345678")
        self.assertEqual(customer.estate_stage, "visited")
        self.assertEqual(customer.estate_level, "a")
        self.assertEqual(customer.user_id, self.user, "the creator owns the file")

    def test_import_wizard_checks_imports_and_reports(self):
        self.start_tour(
            "/odoo", "realestate_customer_file_import", login="rcf_tour_user"
        )
        customer = self.env["res.partner"].search([("name", "=", "吴晓丽")])
        self.assertEqual(customer.mobile, "+8613912340001")
        job = self.env["realestate.customer.import.job"].search(
            [("user_id", "=", self.user.id)]
        )
        self.assertEqual((job.created_count, job.failed_count), (1, 1))

        # The workbook behind the download button, fetched as that user.
        self.authenticate("rcf_tour_user", "rcf_tour_user")
        response = self.url_open(job.action_download_errors()["url"])
        self.assertEqual(response.status_code, 200)
        sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
        rows = [[cell.value for cell in row] for row in sheet.iter_rows()]
        self.assertEqual(rows[0][:3], ["姓名", "手机", "客户标签"])
        self.assertEqual(len(rows), 2, "only the failed row is in the report")
        self.assertEqual(rows[1][:2], ["坏号码", "123"], "the row as it was given")
        self.assertEqual(rows[1][3], 3, "the row number in the file")
        self.assertIn("Mobile", rows[1][4], "the reason names the column")

    def test_verify_a_file_and_record_a_transaction(self):
        customer = self.env["res.partner"].create(
            {
                "name": "郑过期",
                "is_estate_customer": True,
                "mobile": "13912340077",
                "user_id": self.user.id,
            }
        )
        customer.write({"estate_verified_date": "2020-01-01"})
        self.env["res.partner"]._cron_flag_outdated_customers()
        self.assertTrue(customer.estate_outdated)
        self.start_tour(
            "/odoo", "realestate_customer_file_verify_and_record", login="rcf_tour_user"
        )
        self.assertFalse(customer.estate_outdated)
        self.assertEqual(customer.estate_verified_date, fields.Date.today())
        transaction = self.env["realestate.customer.transaction"].search(
            [("partner_id", "=", customer.id)]
        )
        self.assertEqual(transaction.state, "confirmed")
        self.assertEqual(transaction.amount, 50000)
        self.assertEqual(customer.estate_stage, "subscribed")

    def test_claim_from_the_pool_and_transfer(self):
        manager = new_test_user(
            self.env,
            login="rcf_tour_manager",
            password="rcf_tour_manager",
            name="Tour Manager",
            groups="realestate_customer_file.group_manager",
        )
        colleague = new_test_user(
            self.env,
            login="rcf_tour_wang",
            name="Wang Wei",
            groups="realestate_customer_file.group_user",
        )
        Partner = self.env["res.partner"]
        pool = Partner.create(
            {"name": "池中客户", "is_estate_customer": True, "mobile": "13912340088"}
        )
        handed = Partner.create(
            {
                "name": "移交客户",
                "is_estate_customer": True,
                "mobile": "13912340099",
                "user_id": manager.id,
            }
        )
        self.start_tour(
            "/odoo",
            "realestate_customer_file_claim_and_transfer",
            login="rcf_tour_manager",
        )
        self.assertEqual(pool.user_id, manager)
        self.assertEqual(handed.user_id, colleague)
        self.assertIn("更换置业顾问", handed.message_ids[0].body)
