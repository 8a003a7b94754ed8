from markupsafe import Markup

from odoo import api, fields, models
from odoo.osv import expression
from odoo.tools import SQL, split_every
from odoo.tools.mail import generate_tracking_message_id

from .res_partner import _reversed_digits

# Methods through which a module can change what creating a partner does.
CREATE_METHODS = (
    "create",
    "_create",
    "_prepare_create_values",
    "_add_missing_default_values",
)
# Rows per INSERT statement.
INSERT_CHUNK = 500
# Modules whose partner creation the bulk path does the same as, for the
# parentless people it creates: base only syncs parents and children, and
# mail does nothing with tracking off.
BULK_SAFE_MODULES = {None, "base", "mail", "realestate_customer_file"}


class ResPartner(models.Model):
    _inherit = "res.partner"  # pylint: disable=consider-merging-classes-inherited

    @api.model
    def _estate_bulk_create(self, vals_list):
        """Create customer files from checked import values, in bulk.

        ``vals_list`` holds values already normalised by
        ``_estate_normalize_vals`` and checked for duplicates, with stored
        fields only and many2many values as ``Command.set``. They get the same
        completion as in ``create()`` and go through the ORM's own insert, but
        the defaults are worked out once for the batch, and the computed
        fields that follow from the row alone are filled in here instead of
        being computed record by record. Every other computed field, those of
        other addons included, is computed by the ORM as usual; the record
        rules and the constraints are checked as in ``create()``.

        Values this path does not know how to store go through ``create()``.
        """
        if not vals_list:
            return self.browse()
        vals_list = [dict(vals, is_estate_customer=True) for vals in vals_list]
        defaults = {
            fname: value
            for fname, value in self._add_missing_default_values({}).items()
            if not self._fields[fname].precompute
            # A new record has no many2many values to begin with.
            and value != [fields.Command.set([])]
        }
        if not self._estate_bulk_storable(vals_list, defaults):
            return self.create(vals_list)
        self.check_access("create")
        self._estate_prepare_new_files(vals_list)

        now = self.env.cr.now()
        uid = self.env.uid
        # As in create(): a given value of a computed field is kept.
        protected = self._estate_bulk_precomputed_fields()
        for field in self._fields.values():
            if field.compute and field.precompute:
                protected.update(self.pool.field_computed.get(field, [field]))
        self.env.cr.execute(
            SQL(
                "SELECT nextval(%s) FROM generate_series(1, %s)",
                f"{self._table}_id_seq",
                len(vals_list),
            )
        )
        new_ids = [new_id for (new_id,) in self.env.cr.fetchall()]
        log_access = {
            "create_uid": uid,
            "create_date": now,
            "write_uid": uid,
            "write_date": now,
        }
        stored_list = []
        for vals, new_id in zip(vals_list, new_ids, strict=True):
            stored = {**defaults, **vals, **log_access, "id": new_id}
            stored["commercial_partner_id"] = new_id
            stored.update(self._estate_bulk_precompute(stored))
            stored_list.append(stored)
        return self._estate_bulk_insert(stored_list, protected)

    @api.model
    def _estate_bulk_insert(self, stored_list, protected):
        """Insert rows of stored values, then do what ``_create()`` does after
        its insert: cache, many2many values, fields to compute, constraints
        and record rules."""
        fields_ = self._fields
        columns = sorted(
            {fname for stored in stored_list for fname in stored}
            - {fname for fname, field in fields_.items() if not field.column_type}
        )
        relational = sorted(
            {fname for stored in stored_list for fname in stored} - set(columns)
        )
        insert = 'INSERT INTO "{}" ({}) VALUES '.format(
            self._table, ", ".join(f'"{fname}"' for fname in columns)
        )
        for chunk in split_every(INSERT_CHUNK, stored_list):
            # Plain placeholders, one a value: psycopg2 quotes them in C,
            # where a tuple per row would be adapted in Python.
            placeholders, params = [], []
            for stored in chunk:
                marks = []
                for fname in columns:
                    if fname in stored:
                        marks.append("%s")
                        params.append(
                            fields_[fname].convert_to_column_insert(
                                stored[fname], self, stored
                            )
                        )
                    else:
                        marks.append("DEFAULT")
                placeholders.append(f"({', '.join(marks)})")
            self.env.cr.execute(insert + ", ".join(placeholders), params)
        records = self.browse([stored["id"] for stored in stored_list])
        # What the constraints and the rest of the import read comes from the
        # cache, as after create(); a column left to its default is fetched.
        cache = self.env.cache
        for fname in columns:
            field = fields_[fname]
            if all(fname in stored for stored in stored_list):
                cache.update(
                    records,
                    field,
                    [
                        field.convert_to_cache(stored[fname], records)
                        for stored in stored_list
                    ],
                )
        for fname in columns:
            field = fields_[fname]
            if field.type == "many2one" and self.pool.field_inverses[field]:
                for inverse in self.pool.field_inverses[field]:
                    self.env[field.comodel_name].invalidate_model([inverse.name])
        with self.env.protecting([(protected, records)]):
            records.modified(fields_, create=True)
            for fname in relational:
                field = fields_[fname]
                self.env.cache.update(records, field, [()] * len(records))
                field.create(
                    [
                        (record, stored[fname])
                        for record, stored in zip(records, stored_list, strict=True)
                        if fname in stored
                    ]
                )
            if relational:
                records.modified(relational, create=True)
        records._validate_fields({fname for stored in stored_list for fname in stored})
        records._estate_check_create_rules()
        return records

    def _estate_check_create_rules(self):
        """``check_access("create")`` with the record rules evaluated by the
        database, in one query for the batch: in Python, a rule such as the
        company's ``parent_of`` reads each record's fields one by one.

        Where an addon refines ``_check_access``, its own check runs instead.
        """
        if (
            self.env.su
            or type(self)._check_access is not models.BaseModel._check_access
        ):
            self.check_access("create")
            return
        self.browse().check_access("create")  # the access rights of the model
        domain = self.env["ir.rule"]._compute_domain(self._name, "create")
        if not domain:
            return
        self.env.flush_all()
        allowed = (
            self.sudo()
            .with_context(active_test=False)
            ._search(expression.AND([domain, [("id", "in", self.ids)]]))
        )
        forbidden = self - self.browse(tuple(allowed))
        if forbidden:
            raise self.env["ir.rule"]._make_access_error("create", forbidden)

    @api.model
    def _estate_bulk_storable(self, vals_list, defaults):
        """Whether these values can go straight into ``_create()``.

        Not when another addon changes how partners are created: its
        ``create()`` would be skipped. Nor when a value is not a plain stored
        field, or a field computed before creation is not given.
        """
        for cls in type(self).__mro__:
            if any(name in vars(cls) for name in CREATE_METHODS):
                if getattr(cls, "_module", None) not in BULK_SAFE_MODULES:
                    return False
        fields_ = self._fields
        for vals in (defaults, *vals_list):
            for fname, value in vals.items():
                field = fields_.get(fname)
                if not field or not field.store or field.inherited:
                    return False
                if field.compute and not field.precompute:
                    return False
                if field.type in ("one2many", "properties"):
                    return False
                if field.type == "many2many" and not all(
                    command[0] == fields.Command.SET for command in value or ()
                ):
                    return False
        precompute = [fname for fname, field in fields_.items() if field.precompute]
        return all(fname in vals for vals in vals_list for fname in precompute)

    @api.model
    def _estate_bulk_precomputed_fields(self):
        """Computed fields whose value ``_estate_bulk_precompute`` gives."""
        fields_ = self._fields
        names = [
            "commercial_partner_id",
            "commercial_company_name",
            "company_registry",
            "complete_name",
            "email_normalized",
            "phone_sanitized",
            "partner_share",
            "estate_mobile_rev",
            "estate_phone_rev",
            "estate_completeness",
        ]
        # The resized images of an image that a new customer file has not.
        names += [
            fname
            for fname, field in fields_.items()
            if field.related == "image_1920" and field.store
        ]
        return {fields_[fname] for fname in names if fname in fields_}

    @api.model
    def _estate_bulk_precompute(self, vals):
        """Values of the precomputed fields of a new, parentless person.

        They are what the ORM's computations give for such a file, which the
        tests compare field by field.
        """
        mobile, phone = vals.get("mobile"), vals.get("phone")
        email = vals.get("email")
        return {
            # commercial_partner_id is the record itself, set once it has an id.
            "commercial_company_name": vals.get("company_name") or False,
            "company_registry": vals.get("company_registry") or False,
            "complete_name": (vals.get("name") or "").strip(),
            # A checked address is a lower-cased addr-spec already, what
            # email_normalize() gives for it.
            "email_normalized": email or False,
            # Numbers are stored in E.164 already, the format this field keeps.
            "phone_sanitized": mobile or phone or False,
            "partner_share": True,
            "estate_mobile_rev": _reversed_digits(mobile),
            "estate_phone_rev": _reversed_digits(phone),
            "estate_completeness": self._estate_completeness_of(vals),
        }

    def _estate_log_import_notes(self, rows, filename):
        """Log on each file of ``self`` a note that it was imported.

        ``rows`` gives, in the order of ``self``, the row of the file each
        customer came from. The notes hold what ``_message_log_batch`` would
        write, in one query instead of one ORM record each.
        """
        if not self:
            return
        author_id, email_from = self._message_compute_author(
            self.env.user.partner_id.id, email_from=None, raise_on_email=False
        )
        reply_to = self.env["mail.thread"]._notify_get_reply_to(default=email_from)[
            False
        ]
        subtype_id = self.env["ir.model.data"]._xmlid_to_res_id("mail.mt_note")
        # Translated once, the row number put in for each customer.
        note = self.env._(
            "Imported from %(file)s, row %(row)s.", file=filename, row="\x00"
        )
        bodies = [
            str(Markup("<p>%s</p>") % note.replace("\x00", str(row))) for row in rows
        ]
        message_ids = [generate_tracking_message_id("message-notify") for _row in rows]
        now = self.env.cr.now()
        self.env.cr.execute(
            SQL(
                """
                INSERT INTO mail_message (
                    model, res_id, body, message_type, subtype_id, is_internal,
                    author_id, email_from, reply_to, message_id,
                    email_add_signature, date,
                    create_uid, create_date, write_uid, write_date)
                SELECT %(model)s, res_id, body, 'notification', %(subtype)s, TRUE,
                       %(author)s, %(email_from)s, %(reply_to)s, message_id,
                       FALSE, %(now)s, %(uid)s, %(now)s, %(uid)s, %(now)s
                  FROM unnest(%(ids)s::int[], %(bodies)s::text[],
                              %(message_ids)s::varchar[])
                       AS t(res_id, body, message_id)
                """,
                model=self._name,
                subtype=subtype_id,
                author=author_id,
                email_from=email_from,
                reply_to=reply_to,
                now=now,
                uid=self.env.uid,
                ids=self.ids,
                bodies=bodies,
                message_ids=message_ids,
            )
        )
        self.invalidate_recordset(["message_ids"])
