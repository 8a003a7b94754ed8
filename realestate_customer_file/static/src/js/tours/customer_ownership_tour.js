import { registry } from "@web/core/registry";

registry.category("web_tour.tours").add("realestate_customer_file_claim_and_transfer", {
    url: "/odoo/action-realestate_customer_file.action_customer_file_partner",
    steps: () => [
        {
            content: "Open a customer from the unassigned pool",
            trigger: ".o_kanban_record:contains(池中客户)",
            run: "click",
        },
        {
            content: "The customer is unassigned",
            trigger: ".o_form_view .ribbon:contains(Unassigned)",
        },
        {
            content: "Claim the customer",
            trigger: ".o_statusbar_buttons button[name=action_estate_claim]",
            run: "click",
        },
        {
            content: "The customer is no longer in the pool",
            trigger: ".o_form_view:not(:has(.ribbon:contains(Unassigned))) .o_form_saved",
        },
        {
            content: "Open the transfer wizard",
            trigger: ".o_menu_sections [data-menu-xmlid='realestate_customer_file.menu_customer_transfer']",
            run: "click",
        },
        {
            content: "Choose the customer to hand over",
            trigger: ".modal .o_field_widget[name=partner_ids] input",
            run: "edit 移交客户",
        },
        {
            content: "Pick the customer",
            trigger: ".o-autocomplete--dropdown-item:contains(移交客户)",
            run: "click",
        },
        {
            content: "Choose the new salesperson",
            trigger: ".modal .o_field_widget[name=to_user_id] input",
            run: "edit Wang Wei",
        },
        {
            content: "Pick them",
            trigger: ".o-autocomplete--dropdown-item:contains(Wang Wei)",
            run: "click",
        },
        {
            content: "Say why",
            trigger: ".modal .o_field_widget[name=reason] textarea",
            run: "edit 客户要求更换置业顾问",
        },
        {
            content: "Transfer",
            trigger: ".modal footer button[name=action_transfer]",
            run: "click",
        },
        {
            content: "The wizard is closed",
            trigger: "body:not(:has(.modal))",
        },
    ],
});
