-- The weekly summary's trend: the council's response figures for each of the seven weeks before
-- the one it reports, as at each week's end. Read from projections.response_items they cost
-- 85-120 ms a summary (130k items at 9.2M events, an exact median a week), about half of it; the
-- processor keeps them here instead, a row a week, and the summary reads the rows.
--
-- Weeks are local (Monday 00:00 to Monday 00:00 in the pipeline's time zone); the figures are
-- projections.response_week_totals(org, start, end, end) (sql/views). A batch that writes or
-- deletes items marks their weeks stale; the processor recomputes stale weeks once the log is
-- drained, and a report treats a stale or missing week as not stored and asks the function.
CREATE TABLE projections.response_weeks (
    org                     text NOT NULL,
    week_start              timestamptz NOT NULL,
    week_end                timestamptz NOT NULL,
    inbound                 bigint NOT NULL,
    answered                bigint NOT NULL,
    median_response_seconds double precision,
    within_target           bigint NOT NULL,
    judged                  bigint NOT NULL,
    open                    bigint NOT NULL,
    oldest_open_seconds     double precision,
    urgent                  bigint NOT NULL,
    PRIMARY KEY (org, week_start)
);
COMMENT ON TABLE projections.response_weeks IS
    'Per org and local week, the response figures as at the week''s end (projections.response_week_totals), for the weekly summary''s trend.';

CREATE TABLE projections.response_weeks_stale (
    org        text NOT NULL,
    week_start timestamptz NOT NULL,
    PRIMARY KEY (org, week_start)
);
COMMENT ON TABLE projections.response_weeks_stale IS
    'Weeks whose items changed since their row in projections.response_weeks was computed.';

-- The time zone the stored weeks were cut in. When the pipeline's differs (or none is recorded,
-- as after this migration), the processor recomputes every week.
CREATE TABLE projections.response_weeks_zone (
    singleton boolean PRIMARY KEY DEFAULT true CHECK (singleton),
    time_zone text NOT NULL
);
