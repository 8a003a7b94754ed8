from odoo.tests import TransactionCase, new_test_user


class TestInstall(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.salesperson = new_test_user(
            cls.env,
            login="rcf_install_user",
            groups="realestate_customer_file.group_user",
        )
        cls.manager = new_test_user(
            cls.env,
            login="rcf_install_manager",
            groups="realestate_customer_file.group_manager,base.group_system",
        )
        cls.employee = new_test_user(cls.env, login="rcf_install_employee")

    def _visible_menus(self, user):
        return self.env["ir.ui.menu"].with_user(user)._visible_menu_ids()

    def test_manager_implies_user(self):
        self.assertTrue(
            self.manager.has_group("realestate_customer_file.group_user"),
            "a Customer Files manager must also be a Customer Files user",
        )
        self.assertFalse(
            self.salesperson.has_group("realestate_customer_file.group_manager"),
            "a Customer Files user must not be a manager",
        )

    def test_app_menu_visible_to_group_only(self):
        root = self.env.ref("realestate_customer_file.menu_root")
        config = self.env.ref("realestate_customer_file.menu_configuration")
        self.assertIn(root.id, self._visible_menus(self.salesperson))
        self.assertNotIn(
            config.id,
            self._visible_menus(self.salesperson),
            "configuration is for managers only",
        )
        self.assertIn(config.id, self._visible_menus(self.manager))
        self.assertNotIn(
            root.id,
            self._visible_menus(self.employee),
            "an employee outside the Customer Files groups must not see the app",
        )

    def test_settings_default_phone_country(self):
        settings = self.env["res.config.settings"].with_user(self.manager).create({})
        self.assertEqual(settings.estate_phone_country_id, self.env.ref("base.cn"))
        settings.estate_phone_country_id = self.env.ref("base.hk")
        settings.execute()
        self.assertEqual(
            self.env.company.estate_phone_country_id, self.env.ref("base.hk")
        )
