{
    "name": "Real Estate Customer Files",
    "summary": "Customer files (客户建档) for real-estate sales teams: "
    "registration, checks, ownership and import",
    "version": "18.0.1.0.0",
    "category": "Sales/CRM",
    "website": "https://github.com/realestate-customer-file/realestate_customer_file",
    "author": "Real Estate Customer File Developers",
    "license": "LGPL-3",
    "application": True,
    "installable": True,
    "depends": [
        "contacts",
        "phone_validation",
        "sales_team",
        "base_import",
        "base_setup",
    ],
    "external_dependencies": {
        "python": ["phonenumbers", "python-stdnum", "openupgradelib"]
    },
    "data": [
        "security/realestate_customer_file_groups.xml",
        "security/realestate_customer_file_rules.xml",
        "security/realestate_customer_transaction_security.xml",
        "security/ir.model.access.csv",
        "data/ir_sequence_data.xml",
        "data/realestate_customer_source_data.xml",
        "data/mail_activity_type_data.xml",
        "data/ir_cron_data.xml",
        "views/res_partner_views.xml",
        "views/realestate_customer_category_views.xml",
        "views/realestate_customer_tag_views.xml",
        "views/realestate_customer_source_views.xml",
        "views/realestate_project_views.xml",
        "views/customer_import_job_views.xml",
        "views/res_config_settings_views.xml",
        "wizards/customer_import_views.xml",
        "views/realestate_customer_transaction_views.xml",
        "views/menus.xml",
    ],
    "demo": [
        "demo/res_users_demo.xml",
        "demo/realestate_customer_demo.xml",
    ],
    "post_init_hook": "post_init_hook",
    "assets": {
        "web.assets_tests": [
            "realestate_customer_file/static/src/js/tours/*.js",
        ],
    },
}
