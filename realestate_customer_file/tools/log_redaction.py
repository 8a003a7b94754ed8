import logging

# Unique indexes whose violation messages quote a customer's phone or ID number.
PERSONAL_INDEXES = (
    "res_partner_estate_mobile_uniq",
    "res_partner_estate_id_number_uniq",
)


class PersonalDataQueryFilter(logging.Filter):
    """Keep personal data out of the "bad query" lines of a database logger.

    A unique violation on the customer indexes quotes the rejected INSERT or
    UPDATE and the duplicate key, both holding the phone or ID number. The
    record keeps its first error line, which names the index, and loses the
    rest.
    """

    def filter(self, record):
        args = record.args if isinstance(record.args, tuple) else ()
        if len(args) == 2 and str(record.msg).startswith("bad query"):
            error = str(args[1])
            if any(name in error for name in PERSONAL_INDEXES):
                first_line = error.splitlines()[0] if error else ""
                record.args = ("<withheld: it holds personal data>", first_line)
        return True


def install(logger_name="odoo.sql_db"):
    logger = logging.getLogger(logger_name)
    if not any(isinstance(f, PersonalDataQueryFilter) for f in logger.filters):
        logger.addFilter(PersonalDataQueryFilter())
