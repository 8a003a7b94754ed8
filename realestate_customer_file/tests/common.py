from odoo.tests import TransactionCase, new_test_user


def resident_id(first17):
    """A mainland resident ID number with its GB 11643 check character."""
    weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
    total = sum(
        int(digit) * weight for digit, weight in zip(first17, weights, strict=True)
    )
    return first17 + "10X98765432"[total % 11]


class CustomerFileCase(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=True))
        cls.Partner = cls.env["res.partner"]
        cls.salesperson = new_test_user(
            cls.env,
            login="rcf_sales_li",
            name="Li Na",
            groups="realestate_customer_file.group_user",
        )
        cls.other_salesperson = new_test_user(
            cls.env,
            login="rcf_sales_wang",
            name="Wang Wei",
            groups="realestate_customer_file.group_user",
        )
        cls.service_user = new_test_user(
            cls.env,
            login="rcf_service_zhao",
            name="Zhao Min",
            groups="realestate_customer_file.group_user",
        )
        cls.manager = new_test_user(
            cls.env,
            login="rcf_manager_chen",
            name="Chen Jie",
            groups="realestate_customer_file.group_manager",
        )
        cls.employee = new_test_user(
            cls.env, login="rcf_employee_sun", name="Sun Lei", groups="base.group_user"
        )

    @classmethod
    def create_customer(cls, **values):
        values.setdefault("name", "Customer")
        values.setdefault("is_estate_customer", True)
        return cls.env["res.partner"].create(values)
