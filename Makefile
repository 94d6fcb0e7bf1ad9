# cross_dept_collab — two commands: `make run` (serve the product) and `make test` (the suite).
# Both resolve Odoo (ODOO_SRC, else the cache, else upstream's archive), build the venv and start
# the private PostgreSQL cluster as needed. See README.md.
COLLAB := scripts/collab-env

.PHONY: run test lint setup shell pg-stop clean-db i18n-export

run:
	@$(COLLAB) run

test:
	@$(COLLAB) test

lint:
	@$(COLLAB) lint

setup:
	@$(COLLAB) setup

pg-stop:
	@$(COLLAB) pg-stop

# regenerate cross_dept_collab/i18n/cross_dept_collab.pot from the installed module (Odoo's exporter)
i18n-export:
	@$(COLLAB) i18n-export
