import hashlib
import hmac

from odoo import fields, models

from ..tools import InvalidValue, clean_text, normalize_id_number, normalize_phone


class RealestateOwnershipCheck(models.TransientModel):
    """判客: does a customer exist, who owns them, and until when."""

    _name = "realestate.ownership.check"
    _description = "Ownership Check"

    key_type = fields.Selection(
        selection=[("mobile", "Mobile"), ("id_number", "ID Number")],
        string="Check By",
        default="mobile",
        required=True,
    )
    id_type = fields.Selection(
        selection=lambda self: (
            self.env["res.partner"]
            ._fields["estate_id_type"]
            ._description_selection(self.env)
        ),
        string="ID Type",
        default="cn_resident",
    )
    key = fields.Char(string="Number", required=True)
    result = fields.Text(readonly=True)

    def _fingerprint(self, normalized):
        secret = self.env["ir.config_parameter"].sudo().get_param("database.secret")
        message = f"{self.key_type}:{normalized}".encode()
        return hmac.new(secret.encode(), message, hashlib.sha256).hexdigest()

    def action_check(self):
        self.ensure_one()
        Partner = self.env["res.partner"]
        try:
            if self.key_type == "mobile":
                normalized = normalize_phone(self.key, Partner._estate_phone_region())
                owners = Partner._estate_find_owners(mobiles=[normalized])
            else:
                normalized = normalize_id_number(self.id_type, self.key)
                owners = Partner._estate_find_owners(
                    id_numbers=[(self.id_type, normalized)]
                )
        except InvalidValue:
            # Logged too: a run of invalid numbers is probing as well.
            self._log(clean_text(self.key), found=False)
            self.result = self.env._(
                "This is not a valid number; check it and try again."
            )
            return self._reopen()
        owner = next(iter(owners.values()), Partner)
        self._log(normalized, found=bool(owner))
        self.result = self._describe(owner.sudo())
        return self._reopen()

    def _log(self, key, found):
        self.env["realestate.ownership.check.log"].sudo().create(
            {
                "user_id": self.env.uid,
                "key_type": self.key_type,
                "key_hash": self._fingerprint(key),
                "found": found,
            }
        )

    def _describe(self, customer):
        if not customer:
            return self.env._(
                "No customer file has this number: you may register the customer."
            )
        if not customer.user_id:
            lines = [
                self.env._(
                    "Customer %(code)s is in the unassigned pool: you may claim it.",
                    code=customer.estate_code,
                )
            ]
        elif customer.estate_protected_until:
            # Of a file someone owns, the owner and the protection only.
            lines = [
                self.env._(
                    "This customer is owned by %(owner)s, protected until %(date)s.",
                    owner=customer.user_id.name,
                    date=fields.Date.to_string(customer.estate_protected_until),
                )
            ]
        else:
            lines = [
                self.env._(
                    "This customer is owned by %(owner)s.",
                    owner=customer.user_id.name,
                )
            ]
        if customer.estate_agency_id:
            lines.append(
                self.env._(
                    "Reported by the agency %(agency)s on %(date)s.",
                    agency=customer.estate_agency_id.name,
                    date=fields.Date.to_string(customer.estate_agency_report_date)
                    or "-",
                )
            )
        return "\n".join(lines)

    def _reopen(self):
        return {
            "type": "ir.actions.act_window",
            "res_model": self._name,
            "res_id": self.id,
            "view_mode": "form",
            "target": "new",
            "name": self.env._("Ownership Check"),
        }
