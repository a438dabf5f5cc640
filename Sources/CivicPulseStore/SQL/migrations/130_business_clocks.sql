-- Each council's business clocks for analysts' SQL, which has no calendars (docs/calendars-and-sla.md,
-- "Business time in SQL"): per calendar version its services use, the open periods over the span of
-- the council's conversation messages, each with the open time of the clock's periods before it, so
-- that business time between two instants of the span is the difference of two readings
-- (analytics.response_items' resolution_business_seconds). Kept by the processor from the pipeline:
-- a database migrated with messages already in it is filled by the next `civicpulse process`, which
-- rebuilds, finding the older projections version.
CREATE TABLE projections.business_clocks (
    org              text NOT NULL,
    calendar_version text NOT NULL,   -- the label response_items.calendar_version stores
    covers_from      timestamptz NOT NULL,
    covers_to        timestamptz NOT NULL,
    PRIMARY KEY (org, calendar_version)
);
COMMENT ON TABLE projections.business_clocks IS
    'The span of instants each council''s business clock (a calendar version) is written out over in projections.business_clock_periods.';

CREATE TABLE projections.business_clock_periods (
    org               text NOT NULL,
    calendar_version  text NOT NULL,
    starts_at         timestamptz NOT NULL,
    ends_at           timestamptz NOT NULL,
    open_millis_before bigint NOT NULL,
    PRIMARY KEY (org, calendar_version, starts_at)
);
COMMENT ON TABLE projections.business_clock_periods IS
    'One open period of a business clock, with the open milliseconds of the clock''s periods before it.';
