"""govbudget: check and read Chinese government department budgets and final accounts."""

from __future__ import annotations

__version__ = "0.1.0"
