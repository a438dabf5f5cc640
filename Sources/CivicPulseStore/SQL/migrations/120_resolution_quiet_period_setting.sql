-- How long a resident must stay quiet after the council's last reply for an item to be resolved
-- (sla.resolution_quiet_period, docs/calendars-and-sla.md "Resolution"), as the processor last read
-- it from the pipeline: analytics.response_items resolves items by it, since analysts' SQL cannot
-- read the pipeline. 48 hours is the pipeline's default.
ALTER TABLE projections.org_settings
    ADD COLUMN resolution_quiet_period interval NOT NULL DEFAULT interval '48 hours' CHECK (resolution_quiet_period > interval '0');
