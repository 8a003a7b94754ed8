from odoo.tests import HttpCase, new_test_user, tagged


@tagged("post_install", "-at_install")
class TestUi(HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        new_test_user(
            cls.env,
            login="rcf_tour_user",
            password="rcf_tour_user",
            groups="realestate_customer_file.group_user",
        )

    def test_open_app_menu(self):
        self.start_tour(
            "/odoo", "realestate_customer_file_open_app", login="rcf_tour_user"
        )
