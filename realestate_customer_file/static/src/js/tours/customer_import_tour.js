import { registry } from "@web/core/registry";

const CSV = "姓名,手机,客户标签\n吴晓丽,13912340001,\n坏号码,123,\n";

registry.category("web_tour.tours").add("realestate_customer_file_import", {
    url: "/odoo/action-realestate_customer_file.action_customer_file_partner",
    steps: () => [
        {
            content: "Open the import wizard",
            trigger: ".o_menu_sections [data-menu-xmlid='realestate_customer_file.menu_customer_import']",
            run: "click",
        },
        {
            content: "Choose the spreadsheet",
            trigger: ".modal .o_field_widget[name=file] input[type=file]:not(:visible)",
            run() {
                const file = new File([CSV], "customers.csv", { type: "text/csv" });
                const transfer = new DataTransfer();
                transfer.items.add(file);
                this.anchor.files = transfer.files;
                this.anchor.dispatchEvent(new Event("change", { bubbles: true }));
            },
        },
        {
            content: "The file is loaded",
            trigger: ".modal .o_field_widget[name=file] .o_clear_file_button",
        },
        {
            content: "Check the file without saving anything",
            trigger: ".modal footer button[name=action_validate]",
            run: "click",
        },
        {
            content: "The check finds one bad row",
            trigger: ".modal .o_field_widget[name=failed_count]:contains(1)",
        },
        {
            content: "Import",
            trigger: ".modal footer button[name=action_import]",
            run: "click",
        },
        {
            content: "One customer was created",
            trigger: ".modal .o_field_widget[name=created_count]:contains(1)",
        },
        {
            content: "Download the error report",
            trigger: ".modal footer button[name=action_download_errors]",
            run: "click",
        },
        {
            content: "The wizard stays open after the download",
            trigger: ".modal footer button[name=action_open_job]",
        },
    ],
});
