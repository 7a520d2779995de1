.PHONY: run dev test lint bench bench-pg bench-cases bench-events bench-search deps dev-deps clean

deps:
	@scripts/bootstrap.sh requirements.txt

dev-deps:
	@scripts/bootstrap.sh requirements-dev.txt

## make run: the app as production runs it (DEBUG off, gunicorn) on SQLite with the demo union, at http://127.0.0.1:8000
run: deps
	@scripts/run.sh

## make dev: Django's autoreloading development server, DEBUG on
dev: deps
	@scripts/dev.sh

## make test: the whole suite (unit, HTTP and Chromium end-to-end), on SQLite or on $DATABASE_URL
test: dev-deps
	.venv/bin/python -m pytest -n 2 --dist loadfile $(PYTEST_ARGS)

## make lint: ruff, the layers (import-linter, .importlinter) and "role tests only in rules modules"
lint: dev-deps
	.venv/bin/ruff check gonghui tests bench scripts
	.venv/bin/ruff format --check gonghui tests bench scripts
	.venv/bin/lint-imports
	.venv/bin/python scripts/check_rules.py

## make bench: 50,000 employees, gunicorn with 2 workers, requests per second against the framework floor
bench: dev-deps
	.venv/bin/python bench/run.py $(BENCH_ARGS)

## make bench-pg: every benchmark again on PostgreSQL (results in bench/results/*-postgres.md)
bench-pg: dev-deps
	BENCH_DATABASE_URL=$${BENCH_DATABASE_URL:-postgres://postgres@127.0.0.1:5432} .venv/bin/python bench/run.py $(BENCH_ARGS)
	cd bench && BENCH_DATABASE_URL=$${BENCH_DATABASE_URL:-postgres://postgres@127.0.0.1:5432} ../.venv/bin/python cases.py
	cd bench && BENCH_DATABASE_URL=$${BENCH_DATABASE_URL:-postgres://postgres@127.0.0.1:5432} ../.venv/bin/python events.py
	cd bench && BENCH_DATABASE_URL=$${BENCH_DATABASE_URL:-postgres://postgres@127.0.0.1:5432} ../.venv/bin/python search.py

## make bench-cases: 200,000 appeals: list, to-do, case page, overdue sweep
bench-cases: dev-deps
	cd bench && ../.venv/bin/python cases.py $(BENCH_ARGS)

## make bench-events: a year of events (3,000 events, ~300,000 attendances) on 20,000 employees
bench-events: dev-deps
	cd bench && ../.venv/bin/python events.py $(BENCH_ARGS)

## make bench-search: search over 200,000 appeals, 50,000 people, 20,000 other records; index build and write cost
bench-search: dev-deps
	cd bench && ../.venv/bin/python search.py $(BENCH_ARGS)

clean:
	rm -rf var/gonghui.sqlite3* staticfiles
