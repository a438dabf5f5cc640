-- How the business clock counts an item answered before the service next opened
-- (sla.out_of_hours_answer, docs/calendars-and-sla.md), as the processor last read it from the
-- pipeline: analytics.response_items applies it, since analysts' SQL cannot read the pipeline.
-- 'zero' is how every figure was counted before the setting existed.
ALTER TABLE projections.org_settings
    ADD COLUMN out_of_hours_answer text NOT NULL DEFAULT 'zero' CHECK (out_of_hours_answer IN ('zero', 'elapsed'));
