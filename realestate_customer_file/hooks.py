def post_init_hook(env):
    """Give existing companies the default fields a verification covers."""
    companies = env["res.company"].search([("estate_review_field_ids", "=", False)])
    companies.estate_review_field_ids = companies._default_estate_review_fields()
