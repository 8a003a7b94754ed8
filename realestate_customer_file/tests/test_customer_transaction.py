from datetime import timedelta

from odoo import fields
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import Form, tagged
from odoo.tools import format_date

from .common import CustomerFileCase

TYPES = ["deposit", "subscription", "contract", "payment", "refund", "other"]


@tagged("post_install", "-at_install")
class TestCustomerTransaction(CustomerFileCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Transaction = cls.env["realestate.customer.transaction"]
        cls.today = fields.Date.context_today(cls.Transaction)
        cls.currency = cls.env.company.currency_id
        cls.other_currency = (
            cls.env.ref("base.EUR")
            if cls.currency != cls.env.ref("base.EUR")
            else cls.env.ref("base.USD")
        )
        cls.other_currency.active = True
        cls.project = cls.env["realestate.project"].create({"name": "Riverside"})
        cls.customer = cls.create_customer(
            name="Zhou Xun", mobile="13600000001", user_id=cls.salesperson.id
        )

    @classmethod
    def transaction(cls, customer=None, **values):
        values.setdefault("partner_id", (customer or cls.customer).id)
        values.setdefault("type", "payment")
        values.setdefault("amount", 1000)
        return cls.env["realestate.customer.transaction"].create(values)

    def assertRaisesNaming(self, label, function, *args, **kwargs):
        with self.assertRaises(ValidationError) as caught:
            function(*args, **kwargs)
        self.assertTrue(
            str(caught.exception).startswith(label),
            f"the message should name {label!r}: {caught.exception}",
        )

    # ------------------------------------------------------------------
    # Defaults
    # ------------------------------------------------------------------

    def test_defaults(self):
        transaction = self.transaction(project_id=self.project.id)
        self.assertEqual(transaction.state, "draft")
        self.assertEqual(transaction.date, self.today)
        self.assertEqual(transaction.currency_id, self.currency)
        self.assertEqual(transaction.company_id, self.env.company)
        self.assertEqual(transaction.user_id, self.salesperson)
        self.assertEqual(
            transaction.display_name, f"Payment {format_date(self.env, self.today)}"
        )

    def test_salesperson_defaults_to_the_customers_or_the_current_user(self):
        unassigned = self.create_customer(name="Pool", mobile="13600000002")
        served = self.create_customer(
            name="Served",
            mobile="13600000003",
            user_id=self.other_salesperson.id,
            estate_service_user_id=self.salesperson.id,
        )
        Transaction = self.Transaction.with_user(self.salesperson)
        cases = [
            (self.customer, self.salesperson),
            (unassigned, self.salesperson),
            (served, self.other_salesperson),
        ]
        for customer, expected in cases:
            with self.subTest(customer=customer.name):
                transaction = Transaction.create(
                    {"partner_id": customer.id, "type": "deposit", "amount": 10}
                )
                self.assertEqual(transaction.user_id, expected)
        chosen = Transaction.create(
            {
                "partner_id": self.customer.id,
                "type": "deposit",
                "amount": 10,
                "user_id": self.service_user.id,
            }
        )
        self.assertEqual(chosen.user_id, self.service_user)

    def test_form_fills_the_salesperson_from_the_customer(self):
        served = self.create_customer(
            name="Served",
            mobile="13600000004",
            user_id=self.other_salesperson.id,
            estate_service_user_id=self.salesperson.id,
        )
        form = Form(self.Transaction.with_user(self.salesperson))
        form.partner_id = served
        form.type = "subscription"
        form.amount = 50_000
        self.assertEqual(form.user_id, self.other_salesperson)
        transaction = form.save()
        transaction.action_confirm()
        self.assertEqual(transaction.state, "confirmed")
        self.assertEqual(served.estate_stage, "subscribed")

    # ------------------------------------------------------------------
    # Checks
    # ------------------------------------------------------------------

    def test_bad_values_are_rejected_naming_the_field(self):
        future = self.today + timedelta(days=2)
        contact = self.Partner.create({"name": "Supplier"})
        table = [
            *(({"type": type_, "amount": 0}, "Amount") for type_ in TYPES),
            *(({"type": type_, "amount": -100}, "Amount") for type_ in TYPES),
            ({"amount": 0.001}, "Amount"),
            ({"state": "confirmed", "date": future}, "Date"),
            ({"partner_id": contact.id}, "Customer"),
        ]
        for values, label in table:
            with self.subTest(values=values):
                self.assertRaisesNaming(label, self.transaction, **values)

    def test_good_values_are_accepted(self):
        future = self.today + timedelta(days=30)
        table = [
            *({"type": type_, "amount": 0.01} for type_ in TYPES),
            {"state": "draft", "date": future},
            {"state": "confirmed", "date": self.today},
            {"state": "confirmed", "date": self.today - timedelta(days=400)},
        ]
        for values in table:
            with self.subTest(values=values):
                transaction = self.transaction(**values)
                self.assertTrue(transaction.exists())

    def test_future_date_only_while_draft(self):
        transaction = self.transaction(date=self.today + timedelta(days=2))
        self.assertRaisesNaming("Date", transaction.action_confirm)
        self.assertEqual(transaction.state, "draft")
        transaction.date = self.today
        transaction.action_confirm()
        self.assertRaisesNaming(
            "Date", transaction.write, {"date": self.today + timedelta(days=2)}
        )
        self.assertRaisesNaming("Amount", transaction.write, {"amount": 0})

    def test_refund_cannot_exceed_what_was_paid(self):
        paid = [
            ("deposit", 10_000, "confirmed", self.currency),
            ("payment", 5_000, "confirmed", self.currency),
            # Not paid: a draft, a cancelled one, another type, another currency.
            ("payment", 100_000, "draft", self.currency),
            ("contract", 50_000, "cancelled", self.currency),
            ("other", 7_000, "confirmed", self.currency),
            ("payment", 900, "confirmed", self.other_currency),
        ]
        for type_, amount, state, currency in paid:
            transaction = self.transaction(
                type=type_, amount=amount, currency_id=currency.id
            )
            if state == "confirmed":
                transaction.action_confirm()
            elif state == "cancelled":
                transaction.action_cancel()
        first = self.transaction(type="refund", amount=9_000)
        first.action_confirm()
        too_much = self.transaction(type="refund", amount=6_000.01)
        self.assertRaisesNaming("Amount", too_much.action_confirm)
        self.assertEqual(too_much.state, "draft", "a draft refund is not checked")
        exact = self.transaction(type="refund", amount=6_000)
        exact.action_confirm()
        self.assertEqual(exact.state, "confirmed")
        self.assertRaisesNaming("Amount", exact.write, {"amount": 6_001})
        self.assertRaisesNaming(
            "Amount", self.transaction, type="refund", amount=1, state="confirmed"
        )
        # Each currency has its own ceiling.
        foreign = self.transaction(
            type="refund", amount=901, currency_id=self.other_currency.id
        )
        self.assertRaisesNaming("Amount", foreign.action_confirm)
        foreign.amount = 900
        foreign.action_confirm()
        # A confirmed refund moved onto a customer who paid nothing.
        newcomer = self.create_customer(name="Newcomer", mobile="13600000005")
        self.assertRaisesNaming("Amount", first.write, {"partner_id": newcomer.id})
        # Cancelling a refund frees its amount again.
        first.action_cancel()
        too_much.action_confirm()
        self.assertEqual(too_much.state, "confirmed")

    def test_refunded_payment_cannot_be_cancelled_or_lowered(self):
        deposit = self.transaction(type="deposit", amount=50_000)
        deposit.action_confirm()
        refund = self.transaction(type="refund", amount=30_000)
        refund.action_confirm()
        self.assertRaisesNaming("Amount", deposit.action_cancel)
        self.assertEqual(deposit.state, "confirmed")
        self.assertRaisesNaming("Amount", deposit.write, {"amount": 29_999})
        self.assertRaisesNaming("Amount", deposit.write, {"type": "other"})
        deposit.amount = 30_000
        refund.action_cancel()
        deposit.action_cancel()
        self.assertEqual(deposit.state, "cancelled")

    def test_confirmed_transactions_are_not_deleted(self):
        transaction = self.transaction()
        transaction.action_confirm()
        with self.assertRaises(UserError):
            transaction.unlink()
        transaction.action_cancel()
        transaction.action_draft()
        self.assertEqual(transaction.state, "draft")
        transaction.unlink()
        self.assertFalse(transaction.exists())

    # ------------------------------------------------------------------
    # Stage rule
    # ------------------------------------------------------------------

    def test_confirming_moves_the_customer_forward_only(self):
        table = [
            ("prospect", "deposit", "reserved"),
            ("visited", "deposit", "reserved"),
            ("prospect", "subscription", "subscribed"),
            ("reserved", "subscription", "subscribed"),
            ("reserved", "contract", "signed"),
            ("lost", "deposit", "reserved"),
            ("lost", "contract", "signed"),
            ("subscribed", "deposit", "subscribed"),
            ("signed", "deposit", "signed"),
            ("signed", "subscription", "signed"),
            ("visited", "payment", "visited"),
            ("prospect", "other", "prospect"),
            ("lost", "payment", "lost"),
        ]
        for number, (stage, type_, expected) in enumerate(table):
            with self.subTest(stage=stage, type=type_):
                customer = self.create_customer(
                    name=f"Stage {number}",
                    mobile=f"1370000{number:04d}",
                    estate_stage=stage,
                )
                transaction = self.transaction(customer, type=type_)
                self.assertEqual(customer.estate_stage, stage, "draft moves nothing")
                transaction.action_confirm()
                self.assertEqual(customer.estate_stage, expected)

    def test_stage_never_moves_back(self):
        customer = self.create_customer(name="Back", mobile="13600000006")
        deposit = self.transaction(customer, type="deposit")
        contract = self.transaction(customer, type="contract")
        (contract | deposit).action_confirm()
        self.assertEqual(customer.estate_stage, "signed")
        contract.action_cancel()
        self.assertEqual(customer.estate_stage, "signed")
        self.transaction(customer, type="subscription", state="confirmed")
        self.assertEqual(customer.estate_stage, "signed")

    # ------------------------------------------------------------------
    # Smart button
    # ------------------------------------------------------------------

    def test_smart_button_stats(self):
        customer = self.create_customer(
            name="Stats", mobile="13600000007", user_id=self.salesperson.id
        )
        rows = [
            ("payment", 1_000, "confirmed", self.currency),
            ("deposit", 500, "confirmed", self.currency),
            ("other", 300, "confirmed", self.currency),
            ("refund", 200, "confirmed", self.currency),
            ("payment", 999, "draft", self.currency),
            ("contract", 50, "cancelled", self.currency),
            ("payment", 77, "confirmed", self.other_currency),
        ]
        draft = self.Transaction
        for type_, amount, state, currency in rows:
            transaction = self.transaction(
                customer, type=type_, amount=amount, currency_id=currency.id
            )
            if state == "confirmed":
                transaction.action_confirm()
            elif state == "cancelled":
                transaction.action_cancel()
            else:
                draft |= transaction
        seen = customer.with_user(self.salesperson)
        self.assertEqual(seen.estate_transaction_count, 7)
        self.assertEqual(seen.estate_transaction_total, 1_600)
        self.assertEqual(seen.estate_currency_id, self.currency)
        draft.action_confirm()
        self.assertEqual(customer.estate_transaction_total, 2_599)
        self.assertEqual(self.customer.estate_transaction_count, 0)
        self.assertEqual(self.customer.estate_transaction_total, 0)

        action = seen.action_view_estate_transactions()
        self.assertEqual(action["res_model"], "realestate.customer.transaction")
        self.assertEqual(action["domain"], [("partner_id", "=", customer.id)])
        self.assertEqual(action["context"], {"default_partner_id": customer.id})
        found = self.Transaction.with_user(self.salesperson).search(action["domain"])
        self.assertEqual(len(found), 7)

    def test_smart_button_only_for_customer_files_users(self):
        for user, shown in ((self.salesperson, True), (self.employee, False)):
            with self.subTest(user=user.name):
                views = self.Partner.with_user(user).get_views(
                    [(self.env.ref("base.view_partner_form").id, "form")]
                )
                arch = views["views"]["form"]["arch"]
                button = 'name="action_view_estate_transactions"'
                self.assertEqual(button in arch, shown)
        form = Form(self.customer.with_user(self.salesperson))
        self.assertEqual(form.estate_transaction_count, 0)

    # ------------------------------------------------------------------
    # Access
    # ------------------------------------------------------------------

    def test_access_follows_the_customer(self):
        served = self.create_customer(
            name="Served",
            mobile="13600000008",
            user_id=self.other_salesperson.id,
            estate_service_user_id=self.salesperson.id,
        )
        foreign = self.create_customer(
            name="Foreign", mobile="13600000009", user_id=self.other_salesperson.id
        )
        unassigned = self.create_customer(name="Pool", mobile="13600000010")
        own_tx = self.transaction(self.customer)
        served_tx = self.transaction(served)
        foreign_tx = self.transaction(foreign)
        pool_tx = self.transaction(unassigned)
        everything = own_tx | served_tx | foreign_tx | pool_tx
        domain = [("id", "in", everything.ids)]

        Transaction = self.Transaction.with_user(self.salesperson)
        self.assertEqual(Transaction.search(domain), own_tx | served_tx | pool_tx)
        with self.assertRaises(AccessError):
            foreign_tx.with_user(self.salesperson).read(["amount"])
        with self.assertRaises(AccessError):
            foreign_tx.with_user(self.salesperson).write({"note": "mine"})
        with self.assertRaises(AccessError):
            Transaction.create(
                {"partner_id": foreign.id, "type": "deposit", "amount": 10}
            )
        created = Transaction.create(
            {"partner_id": self.customer.id, "type": "deposit", "amount": 10}
        )
        created.action_confirm()
        self.assertEqual(self.customer.estate_stage, "reserved")
        served_tx.with_user(self.salesperson).write({"note": "Paid by transfer"})
        with self.assertRaises(AccessError):
            own_tx.with_user(self.salesperson).unlink()

        other = self.Transaction.with_user(self.other_salesperson)
        self.assertEqual(other.search(domain), served_tx | foreign_tx | pool_tx)

        manager = self.Transaction.with_user(self.manager)
        self.assertEqual(manager.search(domain), everything)
        own_tx.with_user(self.manager).unlink()
        self.assertFalse(own_tx.exists())

        with self.assertRaises(AccessError):
            self.Transaction.with_user(self.employee).search(domain)

    def test_access_follows_a_change_of_salesperson(self):
        transaction = self.transaction(self.customer)
        Transaction = self.Transaction.with_user(self.salesperson)
        self.assertEqual(Transaction.search([("id", "=", transaction.id)]), transaction)
        self.customer.user_id = self.other_salesperson
        self.assertFalse(Transaction.search([("id", "=", transaction.id)]))
