"""Catalogue speed: vectorised checks of a million codes, and the cost of loading the data.

Draws codes at random from the 2025 functional catalogue plus unknown and malformed ones
(1,000,000, or 100,000 with ``--quick``) and times, best of three:

* ``Catalogue.contains`` (CAT001's question) on a plain list and on a pandas string Series;
* ``Catalogue.names`` (CAT002's question);
* ``Catalogue.well_formed`` (CAT003's question);
* a fresh ``load_catalogue()`` (CSV parse + indexes), once.

Target: each vectorised call on a million codes under 1 second; loading under 1 second.
"""

from __future__ import annotations

import time
from collections.abc import Callable

import numpy as np
import pandas as pd

from govbudget.catalogue import load_catalogue


def _best(call: Callable[[], object], repeat: int = 3) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        call()
        times.append(time.perf_counter() - start)
    return min(times)


def run(quick: bool) -> list[dict]:
    n = 100_000 if quick else 1_000_000
    load_catalogue.cache_clear()
    start = time.perf_counter()
    cat = load_catalogue()
    load_seconds = time.perf_counter() - start
    known = [e.code for e in cat.entries(2025, "functional")]
    pool = np.array([*known, "2999999", "20199", "abc", "2O10101"], dtype=object)
    codes = pool[np.random.default_rng(2016).integers(0, len(pool), n)].tolist()
    series = pd.Series(codes, dtype="str")
    expected = [cat.lookup(c, 2025, "functional") is not None for c in codes[:1000]]
    assert cat.contains(codes[:1000], 2025, "functional").tolist() == expected
    rows = [
        ("contains(list)", _best(lambda: cat.contains(codes, 2025, "functional"))),
        ("contains(Series)", _best(lambda: cat.contains(series, 2025, "functional"))),
        ("names(list)", _best(lambda: cat.names(codes, 2025, "functional"))),
        ("well_formed(list)", _best(lambda: cat.well_formed(codes))),
    ]
    label = f"{n:,} codes"
    result = [
        {"benchmark": "catalogue", "metric": f"{name}, {label}", "value": seconds, "unit": "s",
         "target": "< 1 s"}
        for name, seconds in rows
    ]  # fmt: skip
    result.append(
        {"benchmark": "catalogue", "metric": "load_catalogue() (cold)", "value": load_seconds,
         "unit": "s", "target": "< 1 s"}
    )  # fmt: skip
    return result


if __name__ == "__main__":
    for row in run(quick=False):
        print(row)
