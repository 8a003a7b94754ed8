import { registry } from "@web/core/registry";

registry.category("web_tour.tours").add("realestate_customer_file_verify_and_record", {
    url: "/odoo/action-realestate_customer_file.action_customer_file_partner",
    steps: () => [
        {
            content: "Open the outdated customer",
            trigger: ".o_kanban_record:contains(郑过期)",
            run: "click",
        },
        {
            content: "The file is marked outdated",
            trigger: ".o_form_view .ribbon:contains(Outdated)",
        },
        {
            content: "Mark the file as verified",
            trigger: ".o_form_view .o_statusbar_buttons button[name=action_estate_mark_verified].btn-primary",
            run: "click",
        },
        {
            content: "The file is no longer outdated",
            trigger: ".o_form_view:not(:has(.ribbon:contains(Outdated))) .o_form_saved",
        },
        {
            content: "Open the customer's transactions",
            trigger: ".o-form-buttonbox button[name=action_view_estate_transactions]",
            run: "click",
        },
        {
            content: "Record a transaction",
            trigger: ".o_list_button_add",
            run: "click",
        },
        {
            content: "It is a subscription",
            trigger: ".o_field_widget[name=type] select",
            run: 'select "subscription"',
        },
        {
            content: "Of 50,000",
            trigger: ".o_field_widget[name=amount] input",
            run: "edit 50000",
        },
        {
            content: "Save it",
            trigger: ".o_form_button_save",
            run: "click",
        },
        {
            content: "Confirm it",
            trigger: ".o_form_saved button[name=action_confirm]",
            run: "click",
        },
        {
            content: "The transaction is confirmed",
            trigger: ".o_statusbar_status button[data-value=confirmed][aria-checked=true]",
        },
    ],
});
