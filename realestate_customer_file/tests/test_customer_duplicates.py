import json
import threading

from odoo import SUPERUSER_ID, api, fields, sql_db
from odoo.exceptions import ValidationError
from odoo.tests import Form, HttpCase, new_test_user, tagged

from .common import CustomerFileCase, resident_id

VALID_ID = resident_id("33010619850612341")


@tagged("post_install", "-at_install")
class TestDuplicates(CustomerFileCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.existing = cls.create_customer(
            name="王伟",
            mobile="13800138000",
            email="wang.wei@example.com",
            estate_id_type="cn_resident",
            estate_id_number=VALID_ID,
            user_id=cls.salesperson.id,
        )

    def test_same_mobile_in_any_format_is_refused_with_owner(self):
        for typed in ("13800138000", "+86 138-0013-8000", "0086 138 0013 8000"):
            with self.subTest(typed=typed):
                with self.assertRaises(ValidationError) as caught:
                    self.create_customer(name="Wang Wei again", mobile=typed)
                message = str(caught.exception)
                self.assertIn(self.existing.estate_code, message)
                self.assertIn("Li Na", message)
                self.assertIn(fields.Date.to_string(fields.Date.today()), message)
                self.assertNotIn("wang.wei@example.com", message)

    def test_same_id_number_is_refused_and_masked_in_message(self):
        with self.assertRaises(ValidationError) as caught:
            self.create_customer(
                name="Someone", estate_id_type="cn_resident", estate_id_number=VALID_ID
            )
        message = str(caught.exception)
        self.assertIn(self.existing.estate_code, message)
        self.assertNotIn(VALID_ID, message, "the message must not show the full ID")

    def test_same_number_under_another_id_type_is_allowed(self):
        other = self.create_customer(
            name="Passport holder", estate_id_type="other", estate_id_number=VALID_ID
        )
        self.assertEqual(other.estate_id_number, VALID_ID)

    def test_two_new_files_in_one_batch_cannot_share_a_mobile(self):
        with self.assertRaises(ValidationError):
            self.Partner.create(
                [
                    {"name": "A", "is_estate_customer": True, "mobile": "13900000001"},
                    {
                        "name": "B",
                        "is_estate_customer": True,
                        "mobile": "139 0000 0001",
                    },
                ]
            )

    def test_archived_file_frees_its_mobile_until_restored(self):
        self.existing.active = False
        twin = self.create_customer(name="New file", mobile="13800138000")
        self.assertTrue(twin.estate_code)
        with self.assertRaises(ValidationError):
            self.existing.active = True

    def test_write_cannot_take_another_files_mobile(self):
        other = self.create_customer(name="Zhang Min", mobile="13900001111")
        with self.assertRaises(ValidationError) as caught:
            other.mobile = "138 0013 8000"
        self.assertIn(self.existing.estate_code, str(caught.exception))

    def test_form_warns_while_typing_without_revealing_the_file(self):
        form = Form(
            self.Partner.with_user(self.other_salesperson).with_context(
                default_is_estate_customer=True
            ),
            view="base.view_partner_form",
        )
        form.name = "Wang"
        with self.assertLogs("odoo.tests.form.onchange", level="WARNING") as logs:
            form.mobile = "138 0013 8000"
        warning = "\n".join(logs.output)
        self.assertIn(self.existing.estate_code, warning)
        self.assertIn("Li Na", warning)
        self.assertNotIn("wang.wei@example.com", warning)


@tagged("post_install", "-at_install")
class TestConcurrentDuplicates(CustomerFileCase):
    """Two salespeople save the same customer at the same moment."""

    def _new_env(self, cursor):
        return api.Environment(cursor, SUPERUSER_ID, {"tracking_disable": True})

    def _race(self, values, secret):
        """Save two files with ``values`` from two transactions at once.

        Returns what became of the second save; ``secret`` must stay out of
        the logs.
        """
        db = sql_db.db_connect(self.env.cr.dbname)
        first_cr, second_cr = db.cursor(), db.cursor()
        outcome = {}

        # Environments are made here: making one takes the registry lock,
        # which the test runner holds.
        second_env = self._new_env(second_cr)

        def second_salesperson():
            env = second_env
            try:
                env["res.partner"].create({"name": "B", **values})
                env.cr.commit()
                outcome["result"] = "created"
            except Exception as error:
                outcome["result"] = f"{type(error).__name__}: {error}"
                env.cr.rollback()

        created = self.env["res.partner"]
        try:
            first = self._new_env(first_cr)["res.partner"].create(
                {"name": "A", **values}
            )
            thread = threading.Thread(target=second_salesperson)
            thread.start()
            thread.join(timeout=2)
            self.assertTrue(
                thread.is_alive(),
                f"the second save should wait for the first: {outcome}",
            )
            with self.assertLogs("odoo.sql_db", "ERROR") as logs:
                first_cr.commit()
                created = first
                thread.join(timeout=30)
            self.assertNotIn(secret, "\n".join(logs.output))
            self.assertFalse(thread.is_alive())
        finally:
            if created:
                first_cr.execute("DELETE FROM res_partner WHERE id = %s", [created.id])
                first_cr.commit()
            first_cr.close()
            second_cr.close()
        return outcome.get("result", "")

    def test_database_refuses_the_second_file_with_the_same_mobile(self):
        result = self._race(
            {"is_estate_customer": True, "mobile": "13711112222"}, "13711112222"
        )
        self.assertNotEqual(result, "created")
        self.assertIn("saved at the same moment", result)
        self.assertIn("Mobile", result)

    def test_database_refuses_the_second_file_with_the_same_id_number(self):
        number = resident_id("11010519491231002")
        result = self._race(
            {
                "is_estate_customer": True,
                "estate_id_type": "cn_resident",
                "estate_id_number": number,
            },
            number,
        )
        self.assertNotEqual(result, "created")
        self.assertIn("saved at the same moment", result)
        self.assertIn("ID Number", result)


@tagged("post_install", "-at_install")
class TestDuplicateOverRpc(HttpCase):
    def test_refusal_names_the_owner_and_the_log_no_number(self):
        owner = new_test_user(
            self.env,
            login="rcf_rpc_owner",
            name="Li Na",
            groups="realestate_customer_file.group_user",
        )
        new_test_user(
            self.env,
            login="rcf_rpc_other",
            groups="realestate_customer_file.group_user",
        )
        existing = self.env["res.partner"].create(
            {
                "name": "王伟",
                "is_estate_customer": True,
                "mobile": "13800138000",
                "user_id": owner.id,
            }
        )
        self.authenticate("rcf_rpc_other", "rcf_rpc_other")
        payload = {
            "jsonrpc": "2.0",
            "method": "call",
            "params": {
                "model": "res.partner",
                "method": "create",
                "args": [[{"name": "W", "is_estate_customer": True}]],
                "kwargs": {},
            },
        }
        payload["params"]["args"][0][0]["mobile"] = "138 0013 8000"
        with self.assertLogs("odoo.http", "WARNING") as logs:
            response = self.url_open(
                "/web/dataset/call_kw/res.partner/create",
                data=json.dumps(payload),
                headers={"Content-Type": "application/json"},
            )
        message = response.json()["error"]["data"]["message"]
        self.assertIn(existing.estate_code, message, "the user learns which file")
        self.assertIn("Li Na", message, "and who owns it")
        log = "\n".join(logs.output)
        self.assertIn("field mobile", log)
        self.assertNotIn("13800138000", log, "no phone number in the server log")
