from datetime import date

from odoo.exceptions import UserError, ValidationError
from odoo.tests import Form, tagged

from .common import CustomerFileCase, resident_id

VALID_ID = resident_id("11010519900307122")


@tagged("post_install", "-at_install")
class TestCustomerChecks(CustomerFileCase):
    def test_contact_details_are_normalised(self):
        customer = self.create_customer(
            name="  王伟 ",
            mobile="138 0013 8000",
            phone="(0571) 8765-4321",
            email="  Wang.Wei@Example.COM ",
        )
        self.assertEqual(customer.mobile, "+8613800138000")
        self.assertEqual(customer.phone, "+8657187654321")
        self.assertEqual(customer.email, "wang.wei@example.com")
        self.assertRegex(customer.estate_code, r"^RC\d{6}$")

    def test_full_width_and_excel_numbers_are_understood(self):
        customer = self.create_customer(mobile="１３８００１３８００１")
        self.assertEqual(customer.mobile, "+8613800138001")
        customer.mobile = "13800138002.0"
        self.assertEqual(customer.mobile, "+8613800138002")

    def test_phone_country_follows_settings_and_address(self):
        self.env.company.estate_phone_country_id = self.env.ref("base.hk")
        customer = self.create_customer(mobile="9123 4567")
        self.assertEqual(customer.mobile, "+85291234567")
        mainland = self.create_customer(
            mobile="139 0000 1111", country_id=self.env.ref("base.cn").id
        )
        self.assertEqual(mainland.mobile, "+8613900001111")

    def test_resident_id_fills_birth_date_and_gender(self):
        customer = self.create_customer(
            estate_id_type="cn_resident", estate_id_number=VALID_ID.lower()
        )
        self.assertEqual(customer.estate_id_number, VALID_ID)
        self.assertEqual(customer.estate_birthdate, date(1990, 3, 7))
        self.assertEqual(customer.estate_gender, "female")

    def test_fifteen_digit_resident_id_is_upgraded(self):
        customer = self.create_customer(
            estate_id_type="cn_resident", estate_id_number="110105491231002"
        )
        self.assertEqual(customer.estate_id_number, "11010519491231002X")
        self.assertEqual(customer.estate_gender, "female")

    def test_bad_input_is_rejected_naming_the_field(self):
        bad_id = VALID_ID[:-1] + ("0" if VALID_ID[-1] != "0" else "1")
        table = [
            ({"mobile": "12345"}, "Mobile"),
            ({"mobile": "138 0013 800"}, "Mobile"),
            ({"mobile": "1.38001E+10"}, "Mobile"),
            ({"mobile": "138-0013-8000 ext 12"}, "Mobile"),
            ({"phone": "not a number"}, "Phone"),
            ({"email": "wang@"}, "Email"),
            ({"email": "wang wei@example.com"}, "Email"),
            (
                {"estate_id_type": "cn_resident", "estate_id_number": bad_id},
                "ID Number",
            ),
            (
                {"estate_id_type": "cn_resident", "estate_id_number": "11010519900307"},
                "ID Number",
            ),
            (
                {"estate_id_type": "cn_resident", "estate_id_number": "1.10105E+17"},
                "ID Number",
            ),
            (
                {"estate_id_type": "hk_mo_permit", "estate_id_number": "X1234567"},
                "ID Number",
            ),
            (
                {"estate_id_type": "uscc", "estate_id_number": "91110108551385082A"},
                "ID Number",
            ),
            ({"estate_id_number": "E12345678"}, "ID Number"),
            (
                {"estate_budget_min": 5_000_000, "estate_budget_max": 3_000_000},
                "Budget",
            ),
            ({"estate_budget_max": -1}, "Budget"),
            ({"estate_area_min": 140, "estate_area_max": 90}, "Area"),
            ({"name": "   "}, "Name"),
        ]
        for values, field_label in table:
            with self.subTest(values=values):
                with self.assertRaises(ValidationError) as caught:
                    self.create_customer(**values)
                self.assertTrue(
                    str(caught.exception).startswith(field_label),
                    f"the message for {values} should name {field_label!r}: "
                    f"{caught.exception}",
                )

    def test_good_documents_of_each_type_are_accepted(self):
        table = [
            ("cn_resident", VALID_ID, VALID_ID),
            ("hk_mo_permit", "h12345678", "H12345678"),
            ("tw_permit", "12345678", "12345678"),
            ("passport", "e 1234 5678", "E12345678"),
            ("uscc", "91110108551385082Q", "91110108551385082Q"),
            ("other", "Military 123", "MILITARY123"),
        ]
        for id_type, typed, stored in table:
            with self.subTest(id_type=id_type):
                customer = self.create_customer(
                    estate_id_type=id_type, estate_id_number=typed
                )
                self.assertEqual(customer.estate_id_number, stored)

    def test_write_checks_like_create(self):
        customer = self.create_customer(mobile="13800138000")
        with self.assertRaises(ValidationError):
            customer.write({"mobile": "0000"})
        with self.assertRaises(ValidationError):
            customer.write({"estate_id_type": "cn_resident", "estate_id_number": "1"})
        self.assertEqual(customer.mobile, "+8613800138000")

    def test_other_contacts_are_not_touched(self):
        contact = self.Partner.create({"name": "Supplier", "mobile": "12345"})
        self.assertEqual(contact.mobile, "12345")
        self.assertFalse(contact.estate_code)

    def test_completeness_lists_what_is_missing(self):
        customer = self.create_customer(name="张敏", mobile="13800138010")
        self.assertEqual(customer.estate_completeness, 25)
        self.assertIn("Email", customer.estate_missing_info)
        self.assertIn("ID Number", customer.estate_missing_info)
        customer.write(
            {
                "email": "zhang.min@example.com",
                "estate_id_type": "cn_resident",
                "estate_id_number": VALID_ID,
            }
        )
        self.assertEqual(customer.estate_completeness, 45)
        self.assertNotIn("ID Number", customer.estate_missing_info)

    def test_category_tree_has_no_cycles(self):
        Category = self.env["realestate.customer.category"]
        individual = Category.create({"name": "Individual"})
        investor = Category.create({"name": "Investor", "parent_id": individual.id})
        self.assertEqual(investor.complete_name, "Individual / Investor")
        with self.assertRaises(UserError):
            individual.parent_id = investor

    def test_tag_names_are_unique_whatever_the_case(self):
        Tag = self.env["realestate.customer.tag"]
        Tag.create({"name": "Sea View Lovers"})
        with self.assertRaises(ValidationError):
            Tag.create({"name": "sea view LOVERS"})

    def test_form_fills_birth_date_while_typing(self):
        form = Form(
            self.Partner.with_context(default_is_estate_customer=True),
            view="base.view_partner_form",
        )
        form.name = "刘洋"
        form.estate_id_type = "cn_resident"
        form.estate_id_number = VALID_ID
        self.assertEqual(form.estate_birthdate, date(1990, 3, 7))
        customer = form.save()
        self.assertEqual(customer.estate_id_number, VALID_ID)
        self.assertTrue(customer.is_estate_customer)
