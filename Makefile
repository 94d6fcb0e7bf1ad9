# cross_dept_collab — two commands: `make run` (serve the product) and `make test` (the suite).
# Both resolve Odoo (ODOO_SRC, else the cache, else upstream's archive), build the venv and start
# the private PostgreSQL cluster as needed. See README.md.
COLLAB := scripts/collab-env

.PHONY: run test test-model lint setup shell pg-stop clean-db i18n-export

run:
	@$(COLLAB) run

test:
	@$(COLLAB) test

lint:
	@$(COLLAB) lint

# the model-based test (tests/test_model_based.py) with many more examples than CI's 25; any seed
# printed by a run replays it: COLLAB_HYPOTHESIS_SEED=<seed> make test-model
COLLAB_HYPOTHESIS_EXAMPLES ?= 500
COLLAB_HYPOTHESIS_STEPS ?= 30
test-model:
	@COLLAB_HYPOTHESIS_EXAMPLES=$(COLLAB_HYPOTHESIS_EXAMPLES) COLLAB_HYPOTHESIS_STEPS=$(COLLAB_HYPOTHESIS_STEPS) \
		COLLAB_SKIP_UNINSTALL=1 $(COLLAB) test tests/test_model_based.py -s

setup:
	@$(COLLAB) setup

pg-stop:
	@$(COLLAB) pg-stop

# regenerate cross_dept_collab/i18n/cross_dept_collab.pot from the installed module (Odoo's exporter)
i18n-export:
	@$(COLLAB) i18n-export
