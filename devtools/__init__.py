"""Developer tooling: embedded services for `make run` / `make test` / `make bench`."""
