import { registry } from "@web/core/registry";

registry.category("web_tour.tours").add("realestate_customer_file_open_app", {
    url: "/odoo",
    steps: () => [
        {
            content: "Open the apps menu",
            trigger: ".o_navbar_apps_menu button",
            run: "click",
        },
        {
            content: "Open the Customer Files app",
            trigger: ".o_app[data-menu-xmlid='realestate_customer_file.menu_root']",
            run: "click",
        },
        {
            content: "The customer list of the app is shown",
            trigger: ".o_breadcrumb .active:contains('Customers')",
        },
    ],
});
