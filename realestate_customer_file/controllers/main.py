from odoo import http
from odoo.http import request

XLSX_MIMETYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class CustomerImportController(http.Controller):
    @http.route("/realestate_customer_file/import_template", type="http", auth="user")
    def import_template(self):
        content = request.env["realestate.customer.import"]._template_bytes()
        filename = request.env._("customer_import_template.xlsx")
        return request.make_response(
            content,
            headers=[
                ("Content-Type", XLSX_MIMETYPE),
                ("Content-Disposition", http.content_disposition(filename)),
            ],
        )
