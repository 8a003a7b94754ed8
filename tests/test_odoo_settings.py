"""End-to-end checks through pytest-odoo, on the database of the test run."""

from odoo.tests.common import TransactionCase, new_test_user


class TestSettingsThroughPytest(TransactionCase):
    # Odoo derives these from the module path of tests inside an addon.
    test_module = "realestate_customer_file"
    test_tags = {"standard", "post_install"}

    def test_company_phone_country_follows_settings(self):
        admin = new_test_user(
            self.env,
            login="rcf_pytest_admin",
            groups="base.group_system,realestate_customer_file.group_manager",
        )
        settings = self.env["res.config.settings"].with_user(admin).create({})
        self.assertEqual(settings.estate_phone_country_id.code, "CN")
        settings.estate_phone_country_id = self.env.ref("base.mo")
        settings.execute()
        self.assertEqual(self.env.company.estate_phone_country_id.code, "MO")

    def test_settings_app_hidden_from_plain_users(self):
        user = new_test_user(
            self.env,
            login="rcf_pytest_user",
            groups="realestate_customer_file.group_user",
        )
        menu = self.env.ref("realestate_customer_file.menu_settings")
        visible = self.env["ir.ui.menu"].with_user(user)._visible_menu_ids()
        self.assertNotIn(menu.id, visible, "a salesperson must not see Settings")
