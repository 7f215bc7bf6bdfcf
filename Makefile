# Two commands for a fresh machine with python3: `make demo` and `make test`.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
MANAGE := $(BIN)/python example_site/manage.py
VENV74 ?= .venv-wagtail74
VENV61 ?= .venv-django61
# Django 6 needs Python >= 3.12; the Django 6.1 leg runs on 3.13 (on PATH or under pyenv).
PYTHON313 ?= $(shell for p in "$$(command -v python3.13)" "$$(pyenv root 2>/dev/null)"/versions/3.13*/bin/python3.13; do "$$p" -c "" >/dev/null 2>&1 && { echo "$$p"; break; }; done)

.PHONY: demo test lint test-postgres test-wagtail74 test-django61 test-browser screenshots messages run clean bench loadtest

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

install: $(STAMP)

demo: $(STAMP)
	$(MANAGE) migrate --noinput
	$(MANAGE) load_demo
	@echo "Serving Exempelkommun on http://127.0.0.1:8000/ (admin: http://127.0.0.1:8000/admin/; the users above, password exempelkommun)"
	$(MANAGE) runserver 127.0.0.1:8000

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(MANAGE) makemigrations --check --dry-run

# Lint, the migrations check and every test but the browser ones (make test-browser).
# PYTEST_WORKERS=auto (or a number) spreads the tests over idle cores with pytest-xdist, each
# worker with its own test database; serial by default, as on a shared two-core machine the
# second worker's migrations cost more than it saves (docs/architecture.md, "Test suite").
PYTEST_WORKERS ?= 0
XDIST := -n $(PYTEST_WORKERS)

test: lint
	$(BIN)/pytest -m "not browser" $(XDIST)

# The suite against PostgreSQL; DATABASE_URL names a server database (see .ci/run). The
# drop-in test builds its own SQLite project, so the other legs cover it.
test-postgres: $(STAMP)
	test -n "$(DATABASE_URL)"
	$(BIN)/pytest -m "not browser and not slow" --create-db $(XDIST)

# The suite on Wagtail 7.4 LTS, in its own virtualenv.
$(VENV74)/.installed: pyproject.toml
	test -x $(VENV74)/bin/python || $(PYTHON) -m venv $(VENV74)
	$(VENV74)/bin/python -m pip install --quiet --upgrade pip
	$(VENV74)/bin/python -m pip install --quiet -e '.[test]' 'wagtail>=7.4,<7.5'
	touch $@

test-wagtail74: $(VENV74)/.installed
	$(VENV74)/bin/python -c "import wagtail; assert wagtail.VERSION[:2] == (7, 4), wagtail.VERSION; print('Wagtail', wagtail.__version__)"
	$(VENV74)/bin/pytest -m "not browser" $(XDIST)

# The suite on Python 3.13 + Django 6.1 + Wagtail 8, in its own virtualenv.
$(VENV61)/.installed: pyproject.toml
	@test -n "$(PYTHON313)" || { echo "test-django61 needs python3.13 (on PATH or under pyenv); install it or set PYTHON313=/path/to/python3.13" >&2; exit 1; }
	test -x $(VENV61)/bin/python || $(PYTHON313) -m venv $(VENV61)
	$(VENV61)/bin/python -m pip install --quiet --upgrade pip
	$(VENV61)/bin/python -m pip install --quiet -e '.[test]' 'Django>=6.1,<6.2' 'wagtail>=8,<9'
	touch $@

test-django61: $(VENV61)/.installed
	$(VENV61)/bin/python -c "import sys, django, wagtail; assert sys.version_info[:2] >= (3, 13), sys.version; assert django.VERSION[:2] == (6, 1), django.VERSION; assert wagtail.VERSION[0] == 8, wagtail.VERSION; print('Python', sys.version.split()[0], 'Django', django.__version__, 'Wagtail', wagtail.__version__)"
	$(VENV61)/bin/python example_site/manage.py makemigrations --check --dry-run
	$(VENV61)/bin/pytest -m "not browser and not slow" $(XDIST)

# Browser tests in Debian's Chromium (/usr/bin/chromium); .ci/run installs it when missing.
test-browser: $(STAMP)
	MEDBORGARDIALOG_REQUIRE_BROWSER=1 $(BIN)/pytest -m browser

screenshots: $(STAMP)
	MEDBORGARDIALOG_REQUIRE_BROWSER=1 MEDBORGARDIALOG_SCREENSHOTS=docs/screenshots $(BIN)/pytest -m browser -k screenshots

# Extract and compile translations (needs GNU gettext); the compiled .mo files are committed.
messages: $(STAMP)
	cd wagtail_medborgardialog && ../$(BIN)/django-admin makemessages -l sv -l en --no-obsolete --add-location=file
	cd wagtail_medborgardialog && ../$(BIN)/django-admin compilemessages
	cd example_site && ../$(BIN)/django-admin makemessages -l sv --no-obsolete --add-location=file -i static_collected -i media
	cd example_site && ../$(BIN)/django-admin compilemessages

# Time and SQL queries per request against plain Wagtail, on a fresh database (docs/performance.md).
bench: $(STAMP)
	$(BIN)/python -m benchmarks.run
	$(BIN)/python -m benchmarks.draw

# The example site on production parts (2 gunicorn processes x 2 workers, PostgreSQL, Redis,
# the database task queue's worker) under a bounded locust load; see loadtest/README.md.
$(VENV)/.loadtest-installed: $(STAMP)
	$(BIN)/python -m pip install --quiet -e '.[test,loadtest]'
	touch $@

loadtest: $(VENV)/.loadtest-installed
	$(BIN)/python -m loadtest.run $(LOADTEST_ARGS)

run: $(STAMP)
	$(MANAGE) runserver 127.0.0.1:8000

clean:
	rm -rf $(VENV) $(VENV74) $(VENV61) build dist *.egg-info example_site/db.sqlite3
