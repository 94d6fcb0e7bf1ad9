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
        "views/cross_dept_collab_menus.xml",
    ],
    "demo": [
        "demo/cross_dept_collab_demo.xml",
    ],
    "application": True,
    "installable": True,
}
