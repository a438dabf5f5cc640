-- Reach and engagement per org × service × channel × account × local day (docs/reach.md).
--
-- Engaged residents are HyperLogLog sketches (the hll extension, Debian postgresql-15-hll):
-- a day's sketch unions with any other day's, service's or channel's in SQL
-- (hll_union_agg), so distinct residents over any slice cost no pass over the log.
-- Every sketch is built with log2m = 11, regwidth = 5 (standard error 1.04/√2048 ≈ 2.3%),
-- explicit mode off (expthresh = 0: a sketch never holds a list of hashed residents, only
-- registers) and sparse storage on. Sketches made with other parameters do not union.
DO $$
BEGIN
    IF NOT EXISTS (SELECT FROM pg_available_extensions WHERE name = 'hll') THEN
        RAISE EXCEPTION 'the PostgreSQL extension hll is not installed on this server'
            USING HINT = format('install the Debian package postgresql-%s-hll (scripts/install-deps does)',
                                current_setting('server_version_num')::int / 10000);
    END IF;
END
$$;
CREATE EXTENSION IF NOT EXISTS hll SCHEMA public;

-- Counts of engagement events and the sketch of who engaged, per local day (the org's zone).
CREATE TABLE projections.engagement_daily (
    org               text NOT NULL,
    service           text NOT NULL,
    channel           text NOT NULL,
    account           text NOT NULL,
    day               date NOT NULL,
    comments          integer NOT NULL DEFAULT 0,
    replies           integer NOT NULL DEFAULT 0,
    reactions         integer NOT NULL DEFAULT 0,
    shares            integer NOT NULL DEFAULT 0,
    mentions          integer NOT NULL DEFAULT 0,
    inbound_messages  integer NOT NULL DEFAULT 0,
    -- Sum of the impression counts the platform gave on the org's own messages published
    -- that day (Twitter public_metrics.impression_count, as first ingested).
    post_impressions  bigint,
    engaged_residents hll NOT NULL,
    PRIMARY KEY (org, service, channel, account, day)
);

-- Which events engagement_daily has counted: re-applying an event adds nothing.
CREATE TABLE projections.engagement_counted (
    event_id uuid PRIMARY KEY
);

-- Account-level platform figures, one reading per metric, period and local day:
--   reach (period day, week, days_28; a window's reading is filed under its last day),
--   impressions (day), followers and views_total (running totals, period lifetime).
-- The reading kept is the best-ranked source metric, then the latest observed, then the
-- latest appended, so the rows do not depend on the order events are processed in.
CREATE TABLE projections.account_metrics_daily (
    org           text NOT NULL,
    service       text NOT NULL,
    channel       text NOT NULL,
    account       text NOT NULL,
    metric        text NOT NULL CHECK (metric IN ('reach', 'impressions', 'followers', 'views_total')),
    period        text NOT NULL CHECK (period IN ('day', 'week', 'days_28', 'lifetime')),
    day           date NOT NULL,
    value         double precision NOT NULL,
    source_metric text NOT NULL,
    source_rank   smallint NOT NULL,
    observed_at   timestamptz NOT NULL,
    log_position  bigint NOT NULL,
    PRIMARY KEY (org, service, channel, account, metric, period, day)
);

-- The org's time zone, as the processor's pipeline says: SQL views use it to put response
-- items on the same local days and ISO weeks as the reach rows.
CREATE TABLE projections.org_settings (
    org       text PRIMARY KEY,
    time_zone text NOT NULL
);
