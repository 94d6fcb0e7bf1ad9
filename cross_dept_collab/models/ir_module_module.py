from odoo import models


class IrModuleModule(models.Model):
    _inherit = "ir.module.module"

    def _load_module_terms(self, modules, langs, overwrite=False, imported_module=False):
        """Loading the module's translations also translates the frozen versions of its flows."""
        result = super()._load_module_terms(modules, langs, overwrite=overwrite, imported_module=imported_module)
        if "cross_dept_collab" in modules and "collab.flow" in self.env:
            self.env["collab.flow"]._collab_translate_versions()
        return result
