# Pass extra arguments with ARGS, e.g. `make test ARGS="-k moves -x"`.

.PHONY: demo test test-days lint bench clean

demo:
	scripts/demo $(ARGS)

test:
	scripts/test $(ARGS)

test-days:
	scripts/test-days $(ARGS)

lint:
	scripts/install
	.venv/bin/ruff check .

bench:
	scripts/install
	.venv/bin/python -m bench

clean:
	rm -rf .venv instance
