-- Each item's kept resolution timed on its service's business calendar as it was when the item
-- opened (the calendar version named in calendar_version, as business_response_seconds is), in
-- whole seconds: the response projection writes it with resolution_at (migration 133), so that
-- sla, dashboard, report foi and export items read it rather than walk the calendar for every
-- resolved item of the period at report time (docs/performance.md, issue 24). Null while no
-- reply stands. The rows an earlier binary wrote have none: the next `civicpulse process`
-- rebuilds the projections, finding the older projections version (7, Checkpoint.projectionsVersion).
ALTER TABLE projections.response_items ADD COLUMN resolution_business_seconds bigint;
