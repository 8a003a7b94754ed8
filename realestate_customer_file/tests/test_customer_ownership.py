from datetime import timedelta

from freezegun import freeze_time

from odoo import fields
from odoo.exceptions import AccessError, UserError
from odoo.tests import Form, tagged

from .common import CustomerFileCase


@tagged("post_install", "-at_install")
class TestOwnership(CustomerFileCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env.company.estate_protection_days = 30
        cls.today = fields.Date.context_today(cls.env["res.partner"])
        cls.agency = cls.env["res.partner"].create(
            {
                "name": "安居客渠道",
                "is_company": True,
                "category_id": [
                    fields.Command.link(
                        cls.env.ref(
                            "realestate_customer_file.partner_category_agency"
                        ).id
                    )
                ],
            }
        )
        cls.owned = cls.create_customer(
            name="Owned",
            mobile="13500001001",
            email="owned@example.com",
            user_id=cls.salesperson.id,
            estate_agency_id=cls.agency.id,
            estate_agency_report_date="2026-11-01",
        )
        cls.neglected = cls.create_customer(
            name="Neglected", mobile="13500001002", user_id=cls.salesperson.id
        )
        cls.contacted = cls.create_customer(
            name="Contacted", mobile="13500001003", user_id=cls.salesperson.id
        )
        cls.pool = cls.create_customer(name="Pool", mobile="13500001004")
        long_ago = cls.today - timedelta(days=45)
        (cls.neglected | cls.contacted).write({"estate_owner_date": long_ago})
        cls.contacted.with_user(cls.salesperson).message_post(
            body="Called: still looking for a 3-room flat.",
            message_type="comment",
            subtype_xmlid="mail.mt_note",
        )

    def check(self, user, key, key_type="mobile"):
        wizard = (
            self.env["realestate.ownership.check"]
            .with_user(user)
            .create({"key_type": key_type, "key": key})
        )
        wizard.action_check()
        return wizard.result

    def test_ownership_check_reveals_owner_and_date_only(self):
        result = self.check(self.other_salesperson, "135 0000 1001")
        self.assertNotIn(self.owned.estate_code, result, "nothing else of the file")
        self.assertIn("Li Na", result)
        protected = fields.Date.to_string(self.today + timedelta(days=30))
        self.assertIn(protected, result)
        self.assertIn("安居客渠道", result, "the agency report counts")
        self.assertNotIn("owned@example.com", result)
        self.assertNotIn("Owned", result.replace("owned by", ""))
        self.assertIn("unassigned pool", self.check(self.employee, "13500001004"))
        self.assertIn("No customer file", self.check(self.employee, "13999999999"))

    def test_every_check_is_logged_without_the_number(self):
        self.check(self.other_salesperson, "13500001001")
        self.check(self.other_salesperson, "+86 135-0000-1001")
        logs = self.env["realestate.ownership.check.log"].search(
            [("user_id", "=", self.other_salesperson.id)]
        )
        self.assertEqual(len(logs), 2)
        self.assertEqual(len(set(logs.mapped("key_hash"))), 1, "same number, same key")
        self.assertNotIn("13500001001", logs[0].key_hash)
        self.assertTrue(all(logs.mapped("found")))
        result = self.check(self.other_salesperson, "135 0000")
        self.assertIn("not a valid number", result)
        invalid = self.env["realestate.ownership.check.log"].search(
            [("user_id", "=", self.other_salesperson.id), ("id", "not in", logs.ids)]
        )
        self.assertEqual(len(invalid), 1, "an invalid number is a check too")
        self.assertFalse(invalid.found)

    def test_protection_cron_releases_exactly_the_expired(self):
        Partner = self.env["res.partner"]
        Partner._cron_release_unprotected_customers()
        self.assertFalse(self.neglected.user_id, "no contact for 45 days: released")
        self.assertEqual(self.contacted.user_id, self.salesperson, "a note protects")
        self.assertEqual(self.owned.user_id, self.salesperson, "new owner: protected")
        note = self.neglected.message_ids.filtered(
            lambda m: self.salesperson.partner_id in m.partner_ids
        )
        self.assertTrue(note, "the former owner is told")
        events = self.env["realestate.ownership.event"].search(
            [("partner_id", "=", self.neglected.id)]
        )
        self.assertEqual(events.mapped("kind"), ["release"])
        Partner._cron_release_unprotected_customers()
        self.assertEqual(
            self.env["realestate.ownership.event"].search_count(
                [("kind", "=", "release")]
            ),
            1,
            "a second run releases nobody else",
        )

    def test_only_the_owners_own_contact_protects(self):
        self.neglected.with_user(self.manager).message_post(
            body="Manager's reminder.",
            message_type="comment",
            subtype_xmlid="mail.mt_note",
        )
        self.env["res.partner"]._cron_release_unprotected_customers()
        self.assertFalse(
            self.neglected.user_id, "another user's note does not protect the owner"
        )

    def test_owner_without_a_date_is_protected_from_the_file_creation(self):
        recent = self.create_customer(
            name="Recent", mobile="13500001005", user_id=self.salesperson.id
        )
        recent.estate_owner_date = False
        self.env["res.partner"]._cron_release_unprotected_customers()
        self.assertEqual(
            recent.user_id, self.salesperson, "created today: still protected"
        )
        self.assertEqual(recent.estate_protected_until, self.today + timedelta(days=30))

    def test_zero_days_turns_protection_off(self):
        self.env.company.estate_protection_days = 0
        self.env["res.partner"]._cron_release_unprotected_customers()
        self.assertEqual(self.neglected.user_id, self.salesperson)

    def test_claim_from_the_pool_with_a_daily_limit(self):
        self.pool.with_user(self.other_salesperson).action_estate_claim()
        self.assertEqual(self.pool.user_id, self.other_salesperson)
        self.assertEqual(self.pool.estate_owner_date, self.today)
        with self.assertRaises(UserError):
            self.owned.with_user(self.other_salesperson).action_estate_claim()
        self.other_salesperson.estate_daily_claim_limit = 2
        more = self.env["res.partner"]
        for index in range(2):
            more |= self.create_customer(
                name=f"Pool {index}", mobile=f"1350000200{index}"
            )
        more[0].with_user(self.other_salesperson).action_estate_claim()
        with self.assertRaises(UserError) as caught:
            more[1].with_user(self.other_salesperson).action_estate_claim()
        self.assertIn("2", str(caught.exception))
        self.assertFalse(more[1].user_id)

    def test_transfer_wizard(self):
        wizard = Form(
            self.env["realestate.customer.transfer"]
            .with_user(self.manager)
            .with_context(active_model="res.partner", active_ids=self.owned.ids)
        )
        wizard.to_user_id = self.other_salesperson
        wizard.reason = "Li Na moves to the Shanghai office"
        wizard.save().action_transfer()
        self.assertEqual(self.owned.user_id, self.other_salesperson)
        self.assertIn("Shanghai office", self.owned.message_ids[0].body)

        leaving = self.env["realestate.customer.transfer"].with_user(self.manager)
        leaving.create(
            {
                "from_user_id": self.salesperson.id,
                "to_user_id": self.service_user.id,
                "reason": "Leaving the company",
            }
        ).action_transfer()
        self.assertEqual((self.neglected | self.contacted).user_id, self.service_user)

    def test_user_owning_customers_cannot_be_archived(self):
        with self.assertRaises(UserError) as caught:
            self.salesperson.active = False
        self.assertIn("Transfer", str(caught.exception))
        self.env["realestate.customer.transfer"].create(
            {
                "from_user_id": self.salesperson.id,
                "to_user_id": self.other_salesperson.id,
                "reason": "Leaving",
            }
        ).action_transfer()
        self.salesperson.active = False
        self.assertFalse(self.salesperson.active)

    def test_a_done_activity_or_a_confirmed_transaction_protects(self):
        self.neglected.with_user(self.salesperson).activity_schedule(
            "mail.mail_activity_data_call", user_id=self.salesperson.id
        ).action_feedback(feedback="Called back, visiting Saturday.")
        other = self.create_customer(
            name="Bought", mobile="13500001006", user_id=self.salesperson.id
        )
        other.estate_owner_date = self.today - timedelta(days=45)
        self.env["realestate.customer.transaction"].create(
            {
                "partner_id": other.id,
                "type": "deposit",
                "amount": 20000,
                "date": self.today - timedelta(days=3),
            }
        ).action_confirm()
        self.env["res.partner"]._cron_release_unprotected_customers()
        self.assertEqual(self.neglected.user_id, self.salesperson, "a done call")
        self.assertEqual(other.user_id, self.salesperson, "a confirmed deposit")
        self.assertEqual(other.estate_protected_until, self.today + timedelta(days=27))

    def test_only_customer_files_can_be_claimed(self):
        contact = self.env["res.partner"].create({"name": "Plain contact"})
        with self.assertRaises(UserError):
            contact.with_user(self.other_salesperson).action_estate_claim()
        self.assertFalse(contact.user_id)

    def test_claim_limit_counts_the_users_own_day(self):
        user = self.other_salesperson
        user.write({"tz": "Asia/Shanghai", "estate_daily_claim_limit": 1})
        first = self.create_customer(name="Pool A", mobile="13500002101")
        second = self.create_customer(name="Pool B", mobile="13500002102")
        first.with_user(user).action_estate_claim()
        # Claimed at 04:00 in Beijing, still the day before in UTC.
        event = self.env["realestate.ownership.event"].search(
            [("partner_id", "=", first.id)]
        )
        self.env.cr.execute(
            "UPDATE realestate_ownership_event SET create_date = %s WHERE id = %s",
            ["2026-03-01 20:00:00", event.id],
        )
        event.invalidate_recordset()
        with freeze_time("2026-03-02 01:00:00"), self.assertRaises(UserError):
            second.with_user(user).action_estate_claim()  # 09:00, the same day
        with freeze_time("2026-03-02 17:00:00"):
            second.with_user(user).action_estate_claim()  # 01:00, the next day
        self.assertEqual(second.user_id, user)

    def test_transfer_only_to_a_customer_files_user(self):
        wizard = self.env["realestate.customer.transfer"].with_user(self.manager)
        with self.assertRaises(UserError):
            wizard.create(
                {
                    "partner_ids": [fields.Command.set(self.owned.ids)],
                    "to_user_id": self.employee.id,
                    "reason": "Wrong person",
                }
            ).action_transfer()
        self.assertEqual(self.owned.user_id, self.salesperson)
        with self.assertRaises(AccessError):
            self.env["realestate.customer.transfer"].with_user(
                self.other_salesperson
            ).create(
                {
                    "partner_ids": [fields.Command.set(self.owned.ids)],
                    "to_user_id": self.other_salesperson.id,
                    "reason": "Mine now",
                }
            )

    def test_every_change_of_owner_is_logged(self):
        self.owned.with_user(self.manager).write({"user_id": self.service_user.id})
        self.pool.with_user(self.other_salesperson).action_estate_claim()
        Event = self.env["realestate.ownership.event"]
        change = Event.search([("partner_id", "=", self.owned.id)])
        self.assertEqual(
            (change.kind, change.from_user_id, change.to_user_id, change.user_id),
            ("transfer", self.salesperson, self.service_user, self.manager),
        )
        self.assertIn("Chen Jie", change.reason)
        claim = Event.search([("partner_id", "=", self.pool.id)])
        self.assertEqual(len(claim), 1, "a claim is logged once, as a claim")
        self.assertEqual(claim.kind, "claim")
        self.assertEqual(
            Event.with_user(self.other_salesperson).search([]),
            claim,
            "a salesperson sees the changes they took part in",
        )
        self.assertEqual(Event.with_user(self.manager).search([]), change | claim)
