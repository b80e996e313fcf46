"""Speed benchmarks: ``python -m benchmarks [--quick]`` (``make bench``)."""
