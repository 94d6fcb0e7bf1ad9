{
    "name": "Cross-Department Collaboration",
    "summary": "Collaboration requests, department approvals, charters, WBS plans, "
    "reminders, risks, acceptance and retrospectives across departments",
    "description": """
Cross-department collaboration inside Odoo: a request travels through PMO review and
department approvals (as activities), becomes a project with a charter, a team and a WBS
plan, is chased by reminders, and ends with acceptance, a retrospective and a dossier.
""",
    "version": "18.0.1.0.0",
    "category": "Services/Collaboration",
    "author": "cross_dept_collab developers",
    "website": "https://github.com/cross-dept-collab/cross_dept_collab",
    "license": "LGPL-3",
    "depends": ["project", "hr", "mail"],
    "data": [
        "security/cross_dept_collab_security.xml",
        "security/ir.model.access.csv",
        "data/ir_sequence_data.xml",
        "data/mail_activity_type_data.xml",
        "data/mail_template_data.xml",
        "data/collab_reminder_templates.xml",
        "data/ir_cron_data.xml",
        "views/collab_request_views.xml",
        "views/collab_approval_views.xml",
        "views/project_project_views.xml",
        "views/project_task_views.xml",
        "views/collab_signoff_views.xml",
        "views/collab_progress_update_views.xml",
        "views/collab_acceptance_views.xml",
        "views/collab_retrospective_views.xml",
        "views/collab_lesson_views.xml",
        "views/res_config_settings_views.xml",
        "wizard/collab_request_reason_views.xml",
        "wizard/collab_plan_import_views.xml",
        "views/cross_dept_collab_menus.xml",
    ],
    "demo": [
        "demo/cross_dept_collab_demo.xml",
        "demo/collab_request_demo.xml",
        "demo/collab_project_demo.xml",
        "demo/collab_acceptance_demo.xml",
    ],
    "application": True,
    "installable": True,
}
