# Two commands for a fresh machine with python3: `make demo` and `make test`.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
MANAGE := $(BIN)/python example_site/manage.py
VENV74 ?= .venv-wagtail74

.PHONY: demo test lint test-postgres test-wagtail74 test-browser screenshots messages run clean bench

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

install: $(STAMP)

demo: $(STAMP)
	$(MANAGE) migrate --noinput
	$(MANAGE) load_demo
	@echo "Serving Exempelkommun on http://127.0.0.1:8000/ (admin: http://127.0.0.1:8000/admin/, user admin, password exempelkommun)"
	$(MANAGE) runserver 127.0.0.1:8000

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(MANAGE) makemigrations --check --dry-run

test: lint
	$(BIN)/pytest -m "not browser"

# The suite against PostgreSQL; DATABASE_URL names a server database (see .ci/run). The
# drop-in test builds its own SQLite project, so the other legs cover it.
test-postgres: $(STAMP)
	test -n "$(DATABASE_URL)"
	$(BIN)/pytest -m "not browser and not slow" --create-db

# The suite on Wagtail 7.4 LTS, in its own virtualenv.
$(VENV74)/.installed: pyproject.toml
	test -x $(VENV74)/bin/python || $(PYTHON) -m venv $(VENV74)
	$(VENV74)/bin/python -m pip install --quiet --upgrade pip
	$(VENV74)/bin/python -m pip install --quiet -e '.[test]' 'wagtail>=7.4,<7.5'
	touch $@

test-wagtail74: $(VENV74)/.installed
	$(VENV74)/bin/python -c "import wagtail; assert wagtail.VERSION[:2] == (7, 4), wagtail.VERSION; print('Wagtail', wagtail.__version__)"
	$(VENV74)/bin/pytest -m "not browser"

# Browser tests in Debian's Chromium (/usr/bin/chromium); .ci/run installs it when missing.
test-browser: $(STAMP)
	MEDBORGARDIALOG_REQUIRE_BROWSER=1 $(BIN)/pytest -m browser

screenshots: $(STAMP)
	MEDBORGARDIALOG_REQUIRE_BROWSER=1 MEDBORGARDIALOG_SCREENSHOTS=docs/screenshots $(BIN)/pytest -m browser -k screenshots

# Extract and compile translations (needs GNU gettext); the compiled .mo files are committed.
messages: $(STAMP)
	cd wagtail_medborgardialog && ../$(BIN)/django-admin makemessages -l sv -l en --no-obsolete --add-location=file
	cd wagtail_medborgardialog && ../$(BIN)/django-admin compilemessages

# Time and SQL queries per request against plain Wagtail, on a fresh database (docs/performance.md).
bench: $(STAMP)
	$(BIN)/python -m benchmarks.run

run: $(STAMP)
	$(MANAGE) runserver 127.0.0.1:8000

clean:
	rm -rf $(VENV) $(VENV74) build dist *.egg-info example_site/db.sqlite3
