import base64

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import tagged

from .common import CustomerFileCase, resident_id

VALID_ID = resident_id("31010419750101123")


@tagged("post_install", "-at_install")
class TestAccess(CustomerFileCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.own = cls.create_customer(
            name="Own customer",
            mobile="13500000001",
            user_id=cls.salesperson.id,
            estate_id_type="cn_resident",
            estate_id_number=VALID_ID,
        )
        cls.served = cls.create_customer(
            name="Served customer",
            mobile="13500000002",
            user_id=cls.other_salesperson.id,
            estate_service_user_id=cls.salesperson.id,
        )
        cls.foreign = cls.create_customer(
            name="Someone else's customer",
            mobile="13500000003",
            user_id=cls.other_salesperson.id,
        )
        cls.unassigned = cls.create_customer(
            name="Pool customer",
            mobile="13500000004",
            estate_id_type="passport",
            estate_id_number="E12345678",
        )
        cls.supplier = cls.env["res.partner"].create(
            {"name": "Supplier", "user_id": cls.other_salesperson.id}
        )
        cls.all = cls.own | cls.served | cls.foreign | cls.unassigned

    def _visible(self, user):
        domain = [("id", "in", (self.all | self.supplier).ids)]
        return self.env["res.partner"].with_user(user).search(domain)

    def test_salesperson_sees_own_served_and_unassigned(self):
        visible = self._visible(self.salesperson)
        self.assertEqual(
            visible, self.own | self.served | self.unassigned | self.supplier
        )
        with self.assertRaises(AccessError):
            self.foreign.with_user(self.salesperson).read(["name"])
        with self.assertRaises(AccessError):
            self.foreign.with_user(self.salesperson).write({"name": "Taken"})

    def test_salesperson_edits_what_they_see(self):
        self.own.with_user(self.salesperson).write({"estate_level": "a"})
        self.served.with_user(self.salesperson).write({"estate_level": "b"})
        self.unassigned.with_user(self.salesperson).write({"estate_level": "c"})
        self.assertEqual(
            (self.own | self.served | self.unassigned).mapped("estate_level"),
            ["a", "b", "c"],
        )

    def test_manager_sees_everything(self):
        self.assertEqual(self._visible(self.manager), self.all | self.supplier)

    def test_employee_outside_the_app_sees_no_owned_files(self):
        self.assertEqual(self._visible(self.employee), self.unassigned | self.supplier)

    def test_other_contacts_keep_default_access(self):
        self.supplier.with_user(self.salesperson).write({"comment": "ok"})
        self.assertEqual(self.supplier.comment, "<p>ok</p>")

    def test_id_number_in_full_for_owner_service_and_manager(self):
        self.served.estate_id_type = "passport"
        self.served.estate_id_number = "G87654321"
        cases = [
            (self.own, self.salesperson, VALID_ID),
            (self.own, self.manager, VALID_ID),
            (self.served, self.salesperson, "G87654321"),
            (self.served, self.other_salesperson, "G87654321"),
            (self.unassigned, self.salesperson, "E1*****78"),
            (self.unassigned, self.manager, "E12345678"),
        ]
        for customer, user, expected in cases:
            with self.subTest(customer=customer.name, user=user.name):
                record = customer.with_user(user)
                self.assertEqual(
                    record.read(["estate_id_number"])[0]["estate_id_number"], expected
                )

    def test_masked_for_others_in_read_and_export(self):
        self.own.user_id = self.other_salesperson
        self.own.estate_service_user_id = False
        self.own.user_id = False
        self.salesperson.groups_id += self.env.ref("base.group_allow_export")
        record = self.own.with_user(self.salesperson)
        masked = VALID_ID[:4] + "*" * 10 + VALID_ID[-4:]
        self.assertEqual(
            record.read(["estate_id_number"])[0]["estate_id_number"], masked
        )
        exported = record.export_data(["name", "estate_id_number"])["datas"]
        self.assertEqual(exported, [["Own customer", masked]])
        with self.assertRaises(AccessError):
            record.read(["estate_id_number_stored"])

    def test_search_by_phone_digits_and_id_number(self):
        Partner = self.env["res.partner"].with_user(self.salesperson)
        self.assertEqual(
            Partner.search([("estate_phone_search", "=", "0001")]), self.own
        )
        self.assertEqual(
            Partner.search([("estate_phone_search", "=", "+86 135-0000-0001")]),
            self.own,
        )
        self.assertFalse(
            Partner.search([("estate_phone_search", "=", "0003")]),
            "a customer the user may not see must not be found",
        )
        self.assertEqual(
            Partner.search([("estate_id_number", "=", VALID_ID.lower())]), self.own
        )
        self.assertFalse(
            Partner.search([("estate_id_number", "=", "e1234 5678")]),
            "a number the user sees masked must not be confirmed by a search",
        )
        self.assertEqual(
            self.env["res.partner"]
            .with_user(self.manager)
            .search([("estate_id_number", "=", "e1234 5678")]),
            self.unassigned,
        )

    def test_owner_changes_the_id_number_others_may_not(self):
        own = self.own.with_user(self.salesperson)
        own.write({"estate_id_type": "passport", "estate_id_number": "g1234 5678"})
        self.assertEqual(own.estate_id_number, "G12345678")
        self.manager.groups_id -= self.env.ref("base.group_system")
        self.served.with_user(self.manager).write(
            {"estate_id_type": "passport", "estate_id_number": "E99999999"}
        )
        self.served.invalidate_recordset()
        self.assertEqual(self.served.sudo().estate_id_number_stored, "E99999999")
        with self.assertRaises(AccessError, msg="a masked number cannot be changed"):
            self.unassigned.with_user(self.salesperson).write(
                {"estate_id_number": "E00000001"}
            )
        self.assertEqual(self.unassigned.sudo().estate_id_number_stored, "E12345678")

    def test_new_id_type_must_fit_the_stored_number(self):
        with self.assertRaises(ValidationError) as caught:
            self.unassigned.write({"estate_id_type": "cn_resident"})
        self.assertIn("ID Number", str(caught.exception))
        self.assertEqual(self.unassigned.estate_id_type, "passport")
        self.own.write({"estate_id_type": "other"})
        self.own.write({"estate_id_type": "cn_resident"})
        self.assertEqual(self.own.estate_id_type, "cn_resident")
        self.assertEqual(self.own.sudo().estate_id_number_stored, VALID_ID)

    def test_salesperson_cannot_hand_over_or_take_customers_directly(self):
        for customer, owner in (
            (self.own, self.other_salesperson),
            (self.own, False),
            (self.unassigned, self.salesperson),
        ):
            with self.subTest(customer=customer.name, owner=owner):
                with self.assertRaises(UserError):
                    customer.with_user(self.salesperson).write(
                        {"user_id": owner.id if owner else False}
                    )
        self.assertEqual(self.own.user_id, self.salesperson)
        self.assertFalse(self.unassigned.user_id)
        self.own.with_user(self.manager).user_id = self.other_salesperson
        self.assertEqual(self.own.user_id, self.other_salesperson)

    def test_contact_turned_into_a_customer_file_gets_a_code(self):
        self.assertFalse(self.supplier.estate_code)
        self.supplier.write({"is_estate_customer": True})
        self.assertTrue(self.supplier.estate_code.startswith("RC"))
        self.assertTrue(self.supplier.estate_owner_date)

    def test_customer_code_cannot_be_changed(self):
        code = self.own.estate_code
        for user in (self.salesperson, self.manager):
            with self.subTest(user=user.name), self.assertRaises(UserError):
                self.own.with_user(user).write({"estate_code": "RC999999"})
        self.assertEqual(self.own.estate_code, code)

    def test_import_update_obeys_the_rules_of_a_form_edit(self):
        Import = (
            self.env["realestate.customer.import"]
            .with_user(self.salesperson)
            .with_context(tracking_disable=False)
        )
        # Naming oneself salesperson of a pool customer is a claim, which an
        # import may not make on the side.
        csv = "姓名,手机,置业顾问\nPool customer,13500000004,rcf_sales_li\n"
        result = Import.import_file(
            base64.b64encode(csv.encode()), "claim.csv", on_duplicate="update_all"
        )
        self.assertEqual(result["failed"], 1, result)
        self.assertFalse(self.unassigned.user_id, "the pool customer stays unassigned")

        # A change of the salesperson's own customer is in the chatter.
        csv = "姓名,手机,区县\nOwn customer,13500000001,西湖区\n"
        result = Import.import_file(
            base64.b64encode(csv.encode()), "update.csv", on_duplicate="update_all"
        )
        self.assertEqual(result["updated"], 1, result)
        self.assertEqual(self.own.estate_district, "西湖区")
        self.env.cr.precommit.run()  # the chatter is written on commit
        tracked = self.own.message_ids.tracking_value_ids.filtered(
            lambda value: value.field_id.name == "estate_district"
        )
        self.assertEqual(tracked.new_value_char, "西湖区")
        self.assertEqual(tracked.mail_message_id.author_id, self.salesperson.partner_id)
