import logging
from collections import defaultdict

from psycopg2 import errors as pg_errors

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tools import SQL

from ..tools import (
    InvalidValue,
    clean_text,
    mask_id_number,
    normalize_email,
    normalize_id_number,
    normalize_phone,
    phone_search_digits,
    resident_id_birth_gender,
)

_logger = logging.getLogger(__name__)

CUSTOMER_SEQUENCE_CODE = "realestate.customer"

MOBILE_INDEX = "res_partner_estate_mobile_uniq"
ID_NUMBER_INDEX = "res_partner_estate_id_number_uniq"

ESTATE_STAGES = [
    ("prospect", "Prospect"),
    ("visited", "Visited"),
    ("reserved", "Reserved"),
    ("subscribed", "Subscribed"),
    ("signed", "Signed"),
    ("lost", "Lost"),
]

ESTATE_LEVELS = [
    ("a", "A - Hot"),
    ("b", "B - Warm"),
    ("c", "C - Cool"),
    ("d", "D - Cold"),
]

ID_TYPES = [
    ("cn_resident", "Mainland Resident ID Card"),
    ("hk_mo_permit", "Hong Kong/Macau Travel Permit"),
    ("tw_permit", "Taiwan Travel Permit"),
    ("passport", "Passport"),
    ("foreign_permanent", "Foreign Permanent Residence Card"),
    ("uscc", "Unified Social Credit Code"),
    ("other", "Other Document"),
]

# What makes a customer file complete, and how much each item weighs. The
# weights add up to 100; the label is taken from the field the user sees.
COMPLETENESS_ITEMS = [
    # (field checked, weight, field whose label names the missing item)
    ("name", 10, "name"),
    ("mobile", 15, "mobile"),
    ("email", 5, "email"),
    ("state_id", 5, "state_id"),
    ("city", 5, "city"),
    ("street", 5, "street"),
    ("estate_id_number_stored", 15, "estate_id_number"),
    ("estate_source_id", 5, "estate_source_id"),
    ("estate_category_id", 5, "estate_category_id"),
    ("estate_tag_ids", 5, "estate_tag_ids"),
    ("estate_budget_max", 10, "estate_budget_max"),
    ("estate_property_type", 5, "estate_property_type"),
    ("estate_project_ids", 5, "estate_project_ids"),
    ("user_id", 5, "user_id"),
]

# Fields normalised and checked on every way in (form, import, RPC).
NORMALIZED_FIELDS = {"mobile", "phone", "email", "estate_id_type", "estate_id_number"}


class EstateValidationError(ValidationError):
    """Bad data in a customer file, with the field it concerns."""

    def __init__(self, message, field_name=None):
        super().__init__(message)
        self.field_name = field_name

    @property
    def redacted_log_message(self):
        """What the server log says of this error: the message may quote a
        phone or ID number, so the log names the field only."""
        return f"{type(self).__name__}: customer file refused, field {self.field_name}"


class ResPartner(models.Model):
    _inherit = "res.partner"

    is_estate_customer = fields.Boolean(
        string="Customer File",
        index=True,
        copy=False,
        help="Managed by the Customer Files app.",
    )
    estate_code = fields.Char(
        string="Customer Code", readonly=True, copy=False, index=True
    )

    # Contact details: the standard fields, tracked and normalised.
    mobile = fields.Char(tracking=True)
    phone = fields.Char(tracking=True)
    email = fields.Char(tracking=True)
    user_id = fields.Many2one(tracking=True)
    estate_district = fields.Char(string="District", tracking=True)
    estate_mobile_rev = fields.Char(
        compute="_compute_estate_phone_rev", store=True, copy=False
    )
    estate_phone_rev = fields.Char(
        compute="_compute_estate_phone_rev", store=True, copy=False
    )
    estate_phone_search = fields.Char(
        string="Phone Number",
        compute="_compute_estate_phone_search",
        search="_search_estate_phone_search",
        help="Finds a customer by any formatting of a phone number, or by its "
        "last four digits or more.",
    )

    # ID document. The number is stored in a field only administrators read;
    # everyone else reads it through estate_id_number, masked unless they are
    # allowed to see it in full.
    estate_id_type = fields.Selection(
        selection=ID_TYPES, string="ID Type", tracking=True
    )
    estate_id_number_stored = fields.Char(
        string="ID Number (stored)",
        copy=False,
        index="btree_not_null",
        groups="base.group_system",
    )
    estate_id_number = fields.Char(
        string="ID Number",
        compute="_compute_estate_id_number",
        inverse="_inverse_estate_id_number",
        search="_search_estate_id_number",
        help="Shown in full to the customer's salesperson, service owner and "
        "managers; masked for everyone else.",
    )
    estate_id_number_masked = fields.Boolean(compute="_compute_estate_id_number")
    estate_birthdate = fields.Date(string="Birth Date")
    estate_gender = fields.Selection(
        selection=[("male", "Male"), ("female", "Female")], string="Gender"
    )

    # Sales facts.
    estate_stage = fields.Selection(
        selection=ESTATE_STAGES,
        string="Stage",
        default="prospect",
        tracking=True,
        index=True,
    )
    estate_level = fields.Selection(
        selection=ESTATE_LEVELS, string="Level", tracking=True, index=True
    )
    estate_source_id = fields.Many2one(
        comodel_name="realestate.customer.source",
        string="Source",
        ondelete="restrict",
        index=True,
    )
    estate_service_user_id = fields.Many2one(
        comodel_name="res.users",
        string="Service Owner",
        tracking=True,
        index=True,
        help="Customer-service staff member who looks after this customer.",
    )
    estate_owner_date = fields.Date(
        string="Owner Since",
        copy=False,
        help="Date the current salesperson took this customer.",
    )
    estate_category_id = fields.Many2one(
        comodel_name="realestate.customer.category",
        string="Customer Category",
        index=True,
        ondelete="restrict",
    )
    estate_tag_ids = fields.Many2many(
        comodel_name="realestate.customer.tag",
        relation="realestate_customer_tag_partner_rel",
        column1="partner_id",
        column2="tag_id",
        string="Customer Tags",
    )

    # Purchase intent.
    estate_currency_id = fields.Many2one(
        comodel_name="res.currency", compute="_compute_estate_currency_id"
    )
    estate_budget_min = fields.Monetary(
        string="Budget From", currency_field="estate_currency_id", tracking=True
    )
    estate_budget_max = fields.Monetary(
        string="Budget To", currency_field="estate_currency_id", tracking=True
    )
    estate_area_min = fields.Float(
        string="Area From (m²)", digits=(10, 2), tracking=True
    )
    estate_area_max = fields.Float(string="Area To (m²)", digits=(10, 2), tracking=True)
    estate_rooms = fields.Selection(
        selection=[
            ("1", "1 room"),
            ("2", "2 rooms"),
            ("3", "3 rooms"),
            ("4", "4 rooms"),
            ("5", "5 rooms or more"),
        ],
        string="Rooms",
        tracking=True,
    )
    estate_property_type = fields.Selection(
        selection=[
            ("apartment", "Apartment"),
            ("villa", "Villa"),
            ("townhouse", "Townhouse"),
            ("shop", "Shop"),
            ("office", "Office"),
            ("parking", "Parking Space"),
            ("other", "Other"),
        ],
        string="Property Type",
        tracking=True,
    )
    estate_purpose = fields.Selection(
        selection=[
            ("own_use", "Own Use"),
            ("upgrade", "Upgrade"),
            ("investment", "Investment"),
            ("education", "School District"),
            ("retirement", "Retirement"),
            ("other", "Other"),
        ],
        string="Purpose",
        tracking=True,
    )
    estate_payment_method = fields.Selection(
        selection=[
            ("full", "Full Payment"),
            ("mortgage", "Commercial Mortgage"),
            ("provident_fund", "Housing Provident Fund Loan"),
            ("combined", "Combined Loan"),
            ("installment", "Installments"),
        ],
        string="Payment Method",
        tracking=True,
    )
    estate_project_ids = fields.Many2many(
        comodel_name="realestate.project",
        relation="realestate_project_partner_rel",
        column1="partner_id",
        column2="project_id",
        string="Interested Projects",
        tracking=True,
    )
    estate_intent_note = fields.Text(string="Intent Notes", tracking=True)

    # Completeness.
    estate_completeness = fields.Integer(
        string="Completeness (%)",
        compute="_compute_estate_completeness",
        store=True,
        aggregator="avg",
    )
    estate_missing_info = fields.Char(
        string="Missing Information", compute="_compute_estate_missing_info"
    )

    def init(self):
        res = super().init()
        cr = self.env.cr
        cr.execute(
            SQL(
                "CREATE UNIQUE INDEX IF NOT EXISTS %s ON res_partner "
                "(mobile, COALESCE(company_id, 0)) WHERE is_estate_customer "
                "AND active AND mobile IS NOT NULL AND mobile != ''",
                SQL.identifier(MOBILE_INDEX),
            )
        )
        cr.execute(
            SQL(
                "CREATE UNIQUE INDEX IF NOT EXISTS %s ON res_partner "
                "(estate_id_number_stored, estate_id_type, COALESCE(company_id, 0)) "
                "WHERE is_estate_customer AND active "
                "AND estate_id_number_stored IS NOT NULL "
                "AND estate_id_number_stored != ''",
                SQL.identifier(ID_NUMBER_INDEX),
            )
        )
        cr.execute(
            "CREATE UNIQUE INDEX IF NOT EXISTS res_partner_estate_code_uniq "
            "ON res_partner (COALESCE(company_id, 0), estate_code) "
            "WHERE estate_code IS NOT NULL"
        )
        # The import looks up a batch's e-mail addresses among the customers.
        cr.execute(
            "CREATE INDEX IF NOT EXISTS res_partner_estate_email_idx "
            "ON res_partner (email) WHERE is_estate_customer AND email IS NOT NULL"
        )
        for column in ("estate_mobile_rev", "estate_phone_rev"):
            cr.execute(
                SQL(
                    "CREATE INDEX IF NOT EXISTS %s ON res_partner "
                    "(%s varchar_pattern_ops) WHERE %s IS NOT NULL",
                    SQL.identifier(f"res_partner_{column}_pattern_idx"),
                    SQL.identifier(column),
                    SQL.identifier(column),
                )
            )
        return res

    # ------------------------------------------------------------------
    # Computed fields
    # ------------------------------------------------------------------

    @api.depends("mobile", "phone")
    def _compute_estate_phone_rev(self):
        for partner in self:
            partner.estate_mobile_rev = _reversed_digits(partner.mobile)
            partner.estate_phone_rev = _reversed_digits(partner.phone)

    def _compute_estate_phone_search(self):
        for partner in self:
            partner.estate_phone_search = partner.mobile or partner.phone

    def _search_estate_phone_search(self, operator, value):
        if operator not in ("=", "ilike", "like", "=like", "=ilike"):
            return [("mobile", operator, value)]
        digits = phone_search_digits(value)
        if not digits:
            return [("id", "=", False)]
        # A national number typed with its trunk prefix ("0571 ...") is
        # stored without it in E.164.
        if len(digits) >= 7:
            digits = digits.lstrip("0") or digits
        pattern = digits[::-1] + "%"
        return [
            "|",
            ("estate_mobile_rev", "=like", pattern),
            ("estate_phone_rev", "=like", pattern),
        ]

    @api.depends_context("uid")
    @api.depends("estate_id_number_stored", "user_id", "estate_service_user_id")
    def _compute_estate_id_number(self):
        is_manager = self.env.user.has_group("realestate_customer_file.group_manager")
        for partner in self:
            number = partner.sudo().estate_id_number_stored or False
            full = is_manager or self.env.uid in (
                partner.user_id.id,
                partner.estate_service_user_id.id,
            )
            partner.estate_id_number_masked = bool(number) and not full
            partner.estate_id_number = (
                number if full or not number else mask_id_number(number)
            )

    def _inverse_estate_id_number(self):
        for partner in self:
            if partner.estate_id_number_masked:
                continue
            partner.write({"estate_id_number": partner.estate_id_number})

    def _search_estate_id_number(self, operator, value):
        if operator not in ("=", "ilike", "like", "=like", "=ilike"):
            raise ValidationError(
                self.env._("ID numbers can only be searched for by their full value.")
            )
        number = clean_text(value).replace(" ", "").replace("-", "").upper()
        if not number:
            return [("id", "=", False)]
        matching = (
            self.sudo()
            .with_context(active_test=False)
            ._search([("estate_id_number_stored", "=", number)])
        )
        domain = [("id", "in", matching)]
        if not (
            self.env.su
            or self.env.user.has_group("realestate_customer_file.group_manager")
        ):
            # Only where the number is shown in full: elsewhere a search would
            # confirm a masked number, which the logged ownership check is for.
            domain += [
                "|",
                ("user_id", "=", self.env.uid),
                ("estate_service_user_id", "=", self.env.uid),
            ]
        return domain

    @api.depends("company_id")
    def _compute_estate_currency_id(self):
        for partner in self:
            company = partner.company_id or self.env.company
            partner.estate_currency_id = company.currency_id

    def _estate_missing_items(self):
        """The COMPLETENESS_ITEMS this file lacks."""
        self.ensure_one()
        stored = self.sudo()
        return [item for item in COMPLETENESS_ITEMS if not stored[item[0]]]

    @api.model
    def _estate_completeness_of(self, vals):
        """Completeness of a file about to be created from ``vals``."""

        def given(value):
            # A many2many arrives as commands: [Command.set(ids)].
            if isinstance(value, list):
                return any(command[-1] for command in value)
            return bool(value)

        return 100 - sum(
            weight
            for fname, weight, _l in COMPLETENESS_ITEMS
            if not given(vals.get(fname))
        )

    @api.depends(*(item[0] for item in COMPLETENESS_ITEMS))
    def _compute_estate_completeness(self):
        for partner in self:
            lost = sum(weight for _f, weight, _l in partner._estate_missing_items())
            partner.estate_completeness = 100 - lost

    @api.depends(*(item[0] for item in COMPLETENESS_ITEMS))
    def _compute_estate_missing_info(self):
        fields_ = self._fields
        for partner in self:
            partner.estate_missing_info = ", ".join(
                fields_[label]._description_string(self.env)
                for _f, _w, label in partner._estate_missing_items()
            )

    # ------------------------------------------------------------------
    # Checks
    # ------------------------------------------------------------------

    @api.constrains("estate_budget_min", "estate_budget_max")
    def _check_estate_budget(self):
        for partner in self:
            low, high = partner.estate_budget_min, partner.estate_budget_max
            if low < 0 or high < 0:
                raise EstateValidationError(
                    self.env._("Budget: a budget cannot be negative."),
                    "estate_budget_min",
                )
            if low and high and low > high:
                raise EstateValidationError(
                    self.env._(
                        "Budget: the lower bound (%(low)s) is above the upper "
                        "bound (%(high)s).",
                        low=low,
                        high=high,
                    ),
                    "estate_budget_min",
                )

    @api.constrains("estate_area_min", "estate_area_max")
    def _check_estate_area(self):
        for partner in self:
            low, high = partner.estate_area_min, partner.estate_area_max
            if low < 0 or high < 0:
                raise EstateValidationError(
                    self.env._("Area: an area cannot be negative."), "estate_area_min"
                )
            if low and high and low > high:
                raise EstateValidationError(
                    self.env._(
                        "Area: the lower bound (%(low)s m²) is above the upper "
                        "bound (%(high)s m²).",
                        low=low,
                        high=high,
                    ),
                    "estate_area_min",
                )

    @api.constrains("is_estate_customer", "name")
    def _check_estate_name(self):
        for partner in self:
            if partner.is_estate_customer and not clean_text(partner.name):
                raise EstateValidationError(
                    self.env._("Name: a customer file needs a name."), "name"
                )

    # ------------------------------------------------------------------
    # Normalisation and duplicates
    # ------------------------------------------------------------------

    def _estate_phone_region(self, country_id=None):
        """Country code whose dialling rules apply to numbers without one."""
        country = self.env["res.country"].browse(country_id) if country_id else None
        if not country and len(self) == 1:
            country = self.country_id
        if not country:
            country = self.env.company.estate_phone_country_id
        return country.code or "CN"

    def _estate_invalid_message(self, fname, error):
        """Translated message for an InvalidValue raised by tools/."""
        label = self._fields[fname]._description_string(self.env)
        value = error.params.get("value", "")
        id_type = error.params.get("id_type")
        id_label = dict(self._fields["estate_id_type"]._description_selection(self.env))
        messages = {
            "number_truncated": self.env._(
                "%(field)s: “%(value)s” lost digits when Excel stored it as a "
                "number; format the column as text and enter it again.",
                field=label,
                value=value,
            ),
            "phone_invalid": self.env._(
                "%(field)s: “%(value)s” is not a valid phone number.",
                field=label,
                value=value,
            ),
            "email_invalid": self.env._(
                "%(field)s: “%(value)s” is not a valid e-mail address.",
                field=label,
                value=value,
            ),
            "id_invalid": self.env._(
                "%(field)s: this is not a valid %(id_type)s number.",
                field=label,
                id_type=id_label.get(id_type, id_type),
            ),
            "id_checksum": self.env._(
                "%(field)s: the check digit does not match; this %(id_type)s "
                "number has a typing error.",
                field=label,
                id_type=id_label.get(id_type, id_type),
            ),
            "id_type_unknown": self.env._(
                "%(field)s: choose the type of the ID document first.",
                field=label,
            ),
        }
        return messages[error.code]

    def _estate_normalize_vals(self, vals, country_id=None, id_type=None, region=None):
        """Normalise the contact and ID values of a customer file in place.

        ``id_type`` is the record's current ID type, for a write that changes
        only the number. ``region``, when the caller knows it, is the result of
        ``_estate_phone_region()`` for these values.
        """
        if region is None:
            region = self._estate_phone_region(vals.get("country_id", country_id))
        for fname in ("mobile", "phone"):
            if fname in vals:
                try:
                    vals[fname] = normalize_phone(vals[fname], region) or False
                except InvalidValue as error:
                    raise EstateValidationError(
                        self._estate_invalid_message(fname, error), fname
                    ) from None
        if "email" in vals:
            try:
                vals["email"] = normalize_email(vals["email"]) or False
            except InvalidValue as error:
                raise EstateValidationError(
                    self._estate_invalid_message("email", error), "email"
                ) from None
        if "estate_id_number" in vals:
            raw = vals.pop("estate_id_number")
            id_type = vals.get("estate_id_type", id_type)
            try:
                number = normalize_id_number(id_type, raw) if raw else ""
            except InvalidValue as error:
                raise EstateValidationError(
                    self._estate_invalid_message("estate_id_number", error),
                    "estate_id_number",
                ) from None
            vals["estate_id_number_stored"] = number or False
            if number and id_type == "cn_resident":
                birthdate, gender = resident_id_birth_gender(number)
                vals.setdefault("estate_birthdate", birthdate)
                vals.setdefault("estate_gender", gender)
        return vals

    @api.model
    def _estate_find_owners(self, mobiles=(), id_numbers=(), exclude_ids=(), emails=()):
        """Active customer files holding any of the given keys.

        ``id_numbers`` holds (id_type, number) pairs; ``emails`` normalised
        addresses, which several files may share (the oldest is returned).
        Runs one query per kind of key, as superuser: the caller decides what
        of the result to show. Returns {("mobile", value), ("id", type,
        number) or ("email", value): partner}.
        """
        found = {}
        base = [("is_estate_customer", "=", True), ("id", "not in", list(exclude_ids))]
        partners = self.sudo()
        mobiles = list({m for m in mobiles if m})
        if mobiles:
            for partner in partners.search([*base, ("mobile", "in", mobiles)]):
                found[("mobile", partner.mobile)] = partner
        emails = list({e for e in emails if e})
        if emails:
            domain = [*base, ("email", "in", emails)]
            for partner in partners.search(domain, order="id desc"):
                found[("email", partner.email)] = partner
        numbers = list({number for _type, number in id_numbers if number})
        if numbers:
            wanted = set(id_numbers)
            domain = [*base, ("estate_id_number_stored", "in", numbers)]
            for partner in partners.search(domain):
                key = (partner.estate_id_type, partner.estate_id_number_stored)
                if key in wanted:
                    found[("id", *key)] = partner
        return found

    def _estate_owner_description(self):
        """Who owns this file and since when, and nothing else about it."""
        self.ensure_one()
        partner = self.sudo()
        if not partner.user_id:
            return self.env._(
                "customer %(code)s, in the unassigned pool", code=partner.estate_code
            )
        return self.env._(
            "customer %(code)s, owned by %(owner)s since %(date)s",
            code=partner.estate_code,
            owner=partner.user_id.name,
            date=fields.Date.to_string(
                partner.estate_owner_date or partner.create_date.date()
            ),
        )

    def _estate_duplicate_message(self, key, owner):
        if key[0] == "mobile":
            return self.env._(
                "Mobile %(mobile)s already belongs to %(owner)s.",
                mobile=key[1],
                owner=owner._estate_owner_description(),
            )
        id_label = dict(self._fields["estate_id_type"]._description_selection(self.env))
        return self.env._(
            "%(id_type)s %(number)s already belongs to %(owner)s.",
            id_type=id_label.get(key[1], key[1]),
            number=mask_id_number(key[2]),
            owner=owner._estate_owner_description(),
        )

    def _estate_check_duplicates(self, keyed_vals, exclude_ids=()):
        """Raise if a key of ``keyed_vals`` is already another customer's.

        ``keyed_vals`` is a list of (mobile, (id_type, id_number)) of the
        files about to be saved; two of them may not share a key either.
        """
        seen = {}
        for mobile, id_key in keyed_vals:
            for key in (("mobile", mobile), ("id", *id_key)):
                if not key[-1]:
                    continue
                if key in seen:
                    raise EstateValidationError(
                        self.env._(
                            "Two of the customers being saved share the same "
                            "mobile or ID number."
                        ),
                        "mobile" if key[0] == "mobile" else "estate_id_number",
                    )
                seen[key] = True
        owners = self._estate_find_owners(
            mobiles=[mobile for mobile, _id in keyed_vals],
            id_numbers=[id_key for _mobile, id_key in keyed_vals],
            exclude_ids=exclude_ids,
        )
        for key, owner in owners.items():
            raise EstateValidationError(
                self._estate_duplicate_message(key, owner),
                "mobile" if key[0] == "mobile" else "estate_id_number",
            )

    def _estate_unique_violation(self, error):
        """Turn a violation of our unique indexes into a readable error."""
        constraint = getattr(error.diag, "constraint_name", None)
        if constraint == MOBILE_INDEX:
            return EstateValidationError(
                self.env._(
                    "Mobile: another customer file with this mobile number was "
                    "saved at the same moment. Search for it before saving again."
                ),
                "mobile",
            )
        if constraint == ID_NUMBER_INDEX:
            return EstateValidationError(
                self.env._(
                    "ID Number: another customer file with this ID number was "
                    "saved at the same moment. Search for it before saving again."
                ),
                "estate_id_number",
            )
        return None

    # ------------------------------------------------------------------
    # ORM
    # ------------------------------------------------------------------

    @api.model
    def _estate_next_codes(self, count):
        """Return ``count`` new customer codes, in order.

        The same codes as ``count`` calls of ``next_by_code``, but a plain
        sequence hands them out in one query, which matters on a large import.
        """
        if not count:
            return []
        Sequence = self.env["ir.sequence"]
        Sequence.check_access("read")
        sequence = Sequence.sudo().search(
            [
                ("code", "=", CUSTOMER_SEQUENCE_CODE),
                ("company_id", "in", [self.env.company.id, False]),
            ],
            order="company_id",
            limit=1,
        )
        if not sequence:
            return [
                Sequence.next_by_code(CUSTOMER_SEQUENCE_CODE) for _i in range(count)
            ]
        if sequence.implementation != "standard" or sequence.use_date_range:
            return [sequence._next() for _i in range(count)]
        self.env.cr.execute(
            SQL(
                "SELECT nextval(%s) FROM generate_series(1, %s)",
                f"ir_sequence_{sequence.id:03d}",
                count,
            )
        )
        prefix, suffix = sequence._get_prefix_suffix()
        return [
            f"{prefix}{number:0{sequence.padding}d}{suffix}"
            for (number,) in self.env.cr.fetchall()
        ]

    @api.model
    def _estate_prepare_new_files(self, vals_list):
        """Complete the values of new customer files, in place.

        Shared by ``create()`` and the bulk import; extended by the files that
        keep more dates about a customer.
        """
        today = fields.Date.context_today(self)
        default_user = self.env.context.get("default_user_id")
        for vals in vals_list:
            if vals.get("user_id") or default_user:
                vals.setdefault("estate_owner_date", today)
        uncoded = [vals for vals in vals_list if not vals.get("estate_code")]
        for vals, code in zip(
            uncoded, self._estate_next_codes(len(uncoded)), strict=True
        ):
            vals["estate_code"] = code
        return vals_list

    @api.model_create_multi
    def create(self, vals_list):
        default_estate = self.env.context.get("default_is_estate_customer")
        keyed = []
        estates = []
        for vals in vals_list:
            if not vals.get("is_estate_customer", default_estate):
                continue
            vals["is_estate_customer"] = True
            self._estate_normalize_vals(vals)
            estates.append(vals)
            keyed.append(
                (
                    vals.get("mobile"),
                    (vals.get("estate_id_type"), vals.get("estate_id_number_stored")),
                )
            )
        if not keyed:
            return super().create(vals_list)
        self._estate_prepare_new_files(estates)
        self._estate_check_duplicates(keyed)
        try:
            with self.env.cr.savepoint():
                return super().create(vals_list)
        except pg_errors.UniqueViolation as error:
            readable = self._estate_unique_violation(error)
            if readable is None:
                raise
            raise readable from None

    def write(self, vals):
        if "estate_code" in vals and not self.env.su:
            changed = self.filtered(lambda p: p.estate_code != vals["estate_code"])
            if changed.filtered("estate_code"):
                raise UserError(
                    self.env._(
                        "Customer Code: the code of a customer file is given by "
                        "the system and cannot be changed."
                    )
                )
        if not (
            NORMALIZED_FIELDS & vals.keys()
            or {"user_id", "company_id", "estate_id_number_stored"} & vals.keys()
            or vals.get("is_estate_customer")
            or vals.get("active")
        ):
            return super().write(vals)
        estates = (
            self
            if vals.get("is_estate_customer")
            else self.filtered("is_estate_customer")
        )
        others = self - estates
        if others:
            other_vals = dict(vals)
            if "estate_id_number" in other_vals:
                other_vals["estate_id_number_stored"] = (
                    other_vals.pop("estate_id_number") or False
                )
            super(ResPartner, others).write(other_vals)
        if not estates:
            return True
        if vals.get("is_estate_customer"):
            # Contacts becoming customer files get a code, like new files.
            uncoded = estates.filtered(lambda p: not p.estate_code)
            codes = self._estate_next_codes(len(uncoded))
            for partner, code in zip(uncoded, codes, strict=True):
                super(ResPartner, partner).write(
                    {
                        "estate_code": code,
                        "estate_owner_date": partner.estate_owner_date
                        or (
                            fields.Date.context_today(self)
                            if partner.user_id
                            else False
                        ),
                    }
                )
        if "user_id" in vals:
            today = fields.Date.context_today(self)
            changed = estates.filtered(lambda p: p.user_id.id != vals["user_id"])
            if changed and not (
                self.env.su
                or self.env.user.has_group("realestate_customer_file.group_manager")
            ):
                raise UserError(
                    self.env._(
                        "Salesperson: claim customers from the unassigned pool, or "
                        "ask a manager to transfer them; the salesperson of a "
                        "customer file cannot be changed directly."
                    )
                )
            if changed:
                if not self.env.context.get("estate_ownership_logged"):
                    # Claims, transfers and releases log themselves, with
                    # their reason; any other change of owner is logged here.
                    changed._estate_log_ownership(
                        "transfer",
                        {partner.id: partner.user_id.id for partner in changed},
                        self.env["res.users"].browse(vals["user_id"]),
                        self.env._(
                            "Salesperson changed on the customer file by %(user)s.",
                            user=self.env.user.name,
                        ),
                    )
                super(ResPartner, changed).write(
                    {"estate_owner_date": today if vals["user_id"] else False}
                )
        # A new ID type must fit the number already stored: check it again.
        recheck = "estate_id_type" in vals and "estate_id_number" not in vals
        by_context = defaultdict(lambda: self.browse())
        for partner in estates:
            number = partner.sudo().estate_id_number_stored if recheck else None
            by_context[(partner.country_id.id, partner.estate_id_type, number)] |= (
                partner
            )
        for (country_id, id_type, number), partners in by_context.items():
            partner_vals = dict(vals)
            if number:
                partner_vals["estate_id_number"] = number
            self._estate_normalize_vals(
                partner_vals, country_id=country_id, id_type=id_type
            )
            if number and partner_vals.get("estate_id_number_stored") == number:
                del partner_vals["estate_id_number_stored"]
            partners._estate_write_checked(partner_vals)
        return True

    def _estate_write_checked(self, vals):
        """Write normalised values, refusing duplicates of other files."""
        keys_changed = {
            "mobile",
            "estate_id_type",
            "estate_id_number_stored",
            "active",
            "is_estate_customer",
            "company_id",
        } & vals.keys()
        if keys_changed:
            keyed = []
            for partner in self:
                stored = partner.sudo()
                mobile = vals.get("mobile", partner.mobile)
                id_key = (
                    vals.get("estate_id_type", partner.estate_id_type),
                    vals.get("estate_id_number_stored", stored.estate_id_number_stored),
                )
                keyed.append((mobile, id_key))
            if vals.get("active", True):
                self._estate_check_duplicates(keyed, exclude_ids=self.ids)
        number_given = "estate_id_number_stored" in vals
        if number_given and any(self.mapped("estate_id_number_masked")):
            raise AccessError(
                self.env._(
                    "ID Number: only the customer's salesperson, service owner or "
                    "a manager can change it."
                )
            )
        other_vals = {k: v for k, v in vals.items() if k != "estate_id_number_stored"}
        try:
            with self.env.cr.savepoint():
                result = super().write(other_vals) if other_vals else True
                if number_given:
                    # The stored number is a field of administrators; whoever may
                    # edit this file and read its number in full may change it.
                    self.check_access("write")
                    super(ResPartner, self.sudo()).write(
                        {"estate_id_number_stored": vals["estate_id_number_stored"]}
                    )
                self.flush_recordset()
        except pg_errors.UniqueViolation as error:
            readable = self._estate_unique_violation(error)
            if readable is None:
                raise
            raise readable from None
        return result

    @api.model
    def get_import_templates(self):
        templates = super().get_import_templates()
        if self.env.context.get("default_is_estate_customer"):
            templates = [
                {
                    "label": self.env._("Import Template for Customer Files"),
                    "template": "/realestate_customer_file/import_template",
                },
                *templates,
            ]
        return templates

    # ------------------------------------------------------------------
    # Form helpers
    # ------------------------------------------------------------------

    @api.onchange("mobile", "estate_id_type", "estate_id_number")
    def _onchange_estate_duplicate_warning(self):
        if not self.is_estate_customer:
            return None
        mobile = _normalized_or_none(
            normalize_phone, self.mobile, self._estate_phone_region()
        )
        id_number = None
        if self.estate_id_type and not self.estate_id_number_masked:
            id_number = _normalized_or_none(
                normalize_id_number, self.estate_id_type, self.estate_id_number
            )
        owners = self._estate_find_owners(
            mobiles=[mobile],
            id_numbers=[(self.estate_id_type, id_number)],
            exclude_ids=self._origin.ids,
        )
        if not owners:
            return None
        key, owner = next(iter(owners.items()))
        return {
            "warning": {
                "title": self.env._("Possible duplicate customer"),
                "message": self._estate_duplicate_message(key, owner),
            }
        }

    @api.onchange("estate_id_type", "estate_id_number")
    def _onchange_estate_id_number(self):
        if self.estate_id_type != "cn_resident" or self.estate_id_number_masked:
            return
        number = _normalized_or_none(
            normalize_id_number, "cn_resident", self.estate_id_number
        )
        if number:
            self.estate_birthdate, self.estate_gender = resident_id_birth_gender(number)


def _normalized_or_none(normalize, *args):
    """What ``normalize`` makes of a value still being typed, or None."""
    try:
        return normalize(*args)
    except InvalidValue:
        return None


def _reversed_digits(number):
    digits = "".join(char for char in number or "" if char.isdigit())
    return digits[::-1] or False
