"""Timeliness (TIM001): published within the limit after the finance bureau's approval."""

from __future__ import annotations

from collections.abc import Iterator

from govbudget.findings import Finding
from govbudget.rules.engine import Context, implements


@implements("TIM001")
def publication_delay(ctx: Context) -> Iterator[Finding]:
    approved, published = ctx.package.approval_date, ctx.package.publication_date
    if approved is None or published is None:
        return
    days = (published - approved).days
    limit = ctx.pack.publish_within_days
    if days > limit:
        yield ctx.finding(
            "TIM001",
            approved=approved.isoformat(),
            published=published.isoformat(),
            days=days,
            limit=limit,
        )
