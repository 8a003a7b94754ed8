import { registry } from "@web/core/registry";

registry.category("web_tour.tours").add("realestate_customer_file_create_and_find", {
    url: "/odoo/action-realestate_customer_file.action_customer_file_partner",
    steps: () => [
        {
            content: "Register a new customer",
            trigger: ".o_control_panel_main_buttons .o-kanban-button-new",
            run: "click",
        },
        {
            content: "Type the customer's name",
            trigger: ".o_field_widget[name=name] input",
            run: "edit 周晓明",
        },
        {
            content: "Type the mobile number the way a person does",
            trigger: ".o_field_widget[name=mobile] input",
            run: "edit 139 1234 5678",
        },
        {
            content: "A new customer file opens on its Customer File page",
            trigger: ".o_notebook_headers a.active[name=estate_customer_file]",
        },
        {
            content: "Choose the customer's level",
            trigger: ".o_field_widget[name=estate_level] select",
            run: "select \"a\"",
        },
        {
            content: "Save the file",
            trigger: ".o_form_button_save",
            run: "click",
        },
        {
            content: "The file got its customer code",
            trigger: ".o_form_saved .o_field_widget[name=estate_code]:contains(RC)",
        },
        {
            content: "The customer has visited the sales office",
            trigger: ".o_statusbar_status button[data-value=visited]",
            run: "click",
        },
        {
            content: "The stage is saved",
            trigger:
                ".o_form_saved .o_statusbar_status button[data-value=visited][aria-checked=true]",
        },
        {
            content: "Back to the customers",
            trigger: ".o_breadcrumb .o_back_button a, .o_breadcrumb li a",
            run: "click",
        },
        {
            content: "Search by the last four digits of the mobile",
            trigger: ".o_searchview_input",
            run: "edit 5678",
        },
        {
            content: "Search in phone numbers",
            trigger: ".o_searchview_autocomplete .o_menu_item:contains(Phone Number)",
            run: "click",
        },
        {
            content: "Open the filter menu",
            trigger: ".o_searchview_dropdown_toggler",
            run: "click",
        },
        {
            content: "Keep only visited customers",
            trigger: ".o_filter_menu .o_menu_item:contains(Visited)",
            run: "click",
        },
        {
            content: "The new customer is found",
            trigger: ".o_kanban_record:contains(周晓明)",
        },
    ],
});
