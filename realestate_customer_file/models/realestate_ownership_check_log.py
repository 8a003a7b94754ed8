from odoo import fields, models


class RealestateOwnershipCheckLog(models.Model):
    """One ownership check (判客): who asked about which key, and when.

    The key is kept only as a keyed hash, so the log shows repeated probing of
    the same number without holding the number itself.
    """

    _name = "realestate.ownership.check.log"
    _description = "Ownership Check Log"
    _order = "id desc"

    user_id = fields.Many2one(
        comodel_name="res.users",
        string="Asked By",
        required=True,
        index=True,
        default=lambda self: self.env.user,
    )
    key_type = fields.Selection(
        selection=[("mobile", "Mobile"), ("id_number", "ID Number")],
        required=True,
    )
    key_hash = fields.Char(string="Key Fingerprint", required=True, index=True)
    found = fields.Boolean(string="Customer Found")
