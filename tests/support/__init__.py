"""What tests and benchmarks share: the fake image API, factories, the worker and process
helpers, the browser. Benchmarks (scripts/) import from here, never from test modules."""
