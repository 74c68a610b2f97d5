# The hotline's commands. `make run` and `make test` work on a fresh machine with Python 3.11 only.
SHELL := /bin/bash
.DEFAULT_GOAL := help
export PYTHONPATH := $(CURDIR)
export SQLALCHEMY_SILENCE_UBER_WARNING := 1
# A hotline does not send usage data about its conversations anywhere (Rasa's telemetry is on by default).
export RASA_TELEMETRY_ENABLED := false
APP := .venv-app/bin
RASA := .venv-rasa/bin

.PHONY: help setup train run serve serve-prod stop status test lint format validate unit integration eval bench audit clean

help: ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-12s %s\n", $$1, $$2}'

setup: ## create both environments (only when their lock files changed)
	@scripts/ensure-env.sh rasa >/dev/null
	@scripts/ensure-env.sh app >/dev/null

train: setup ## train the model (only when config, domain or training data changed)
	@scripts/train.sh >/dev/null

run: setup train ## set up, train if needed, start everything and chat (Telegram if TELEGRAM_BOT_TOKEN is set)
	@./hotline run

serve: setup train ## start the servers in the background (chat at POST 127.0.0.1:8080/api/chat); returns once ready
	@./hotline serve

serve-prod: setup train ## production profile: PostgreSQL + Redis, two Rasa/action/HTTP instances on one HTTP port
	@HOTLINE_PROFILE=production ./hotline serve --instances 2

stop: ## stop the servers started by `make serve` or `make serve-prod`
	@./hotline stop

status: ## show which servers are running
	@./hotline status

lint: setup ## formatting, lint and type checks on app code
	$(APP)/ruff format --check .
	$(APP)/ruff check .
	$(APP)/mypy

format: setup ## apply the formatter and safe lint fixes
	$(APP)/ruff format .
	$(APP)/ruff check --fix .

validate: setup ## check domain, stories and NLU data for consistency, and the knowledge base
	$(RASA)/rasa data validate --domain domain --data nlu/data dialogue --fail-on-warnings --quiet
	./hotline kb lint

unit: setup ## unit tests (no servers)
	$(APP)/python -m pytest tests/unit -q

integration: setup train ## conversations through the running stack (Rasa + actions + stores)
	$(APP)/python -m pytest tests/integration tests/telegram -q

test: setup train lint validate ## everything CI runs: lint, validation, unit and integration tests
	$(APP)/python -m pytest tests -q

eval: setup train ## evaluation reports: safety (reports/safety/), claim checker (reports/claims/), NLU (reports/nlu/)
	./hotline eval safety
	./hotline eval claims
	./hotline eval nlu --folds 5

bench: setup train ## simulated people through /api/chat vs bare Rasa, 1 and 2 instances (reports/bench/)
	nice -n 5 ./hotline bench

audit: ## known vulnerabilities in both lock files (pip-audit; needs network, not part of make test)
	scripts/audit.sh

clean: ## remove local state (models and venvs stay cached under ~/.cache/hotline)
	rm -rf var models .pytest_cache .mypy_cache .ruff_cache
