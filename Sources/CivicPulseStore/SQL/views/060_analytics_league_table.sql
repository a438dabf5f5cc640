-- analytics.league_table: per service and ISO week, the figures the service league table ranks
-- (docs/reach.md) and their change from the week before. Responses are judged as the week
-- stood at its end (local midnight after Sunday), as `civicpulse dashboard` does for a past week.
CREATE OR REPLACE VIEW analytics.league_table AS
WITH reach AS (
    SELECT org, service, date_trunc('week', day)::date AS week_start,
           sum(reach_7_days) FILTER (WHERE extract(isodow FROM day) = 7) AS reach,
           count(reach_7_days) FILTER (WHERE extract(isodow FROM day) = 7) AS reach_accounts,
           round(hll_cardinality(hll_union_agg(engaged_residents_sketch)))::bigint AS engaged_residents,
           sum(engagements) FILTER (WHERE impressions IS NOT NULL)::double precision / nullif(sum(impressions), 0) AS engagement_rate
    FROM analytics.reach_daily
    GROUP BY org, service, date_trunc('week', day)::date
),
items AS (
    SELECT r.org, r.service, r.responded_at, r.response_seconds, w.week_start,
           (w.week_start + 7)::timestamp AT TIME ZONE s.time_zone AS week_end
    FROM projections.response_items r
    JOIN projections.org_settings s ON s.org = r.org
    CROSS JOIN LATERAL (SELECT date_trunc('week', r.opened_at AT TIME ZONE s.time_zone)::date AS week_start) w
),
responses AS (
    SELECT org, service, week_start,
           count(*) AS items,
           count(*) FILTER (WHERE responded_at <= week_end) AS answered,
           percentile_cont(0.5) WITHIN GROUP (ORDER BY response_seconds) FILTER (WHERE responded_at <= week_end) AS median_response_seconds
    FROM items
    GROUP BY org, service, week_start
),
weeks AS (
    SELECT org, service, week_start,
           r.reach, r.reach_accounts, coalesce(r.engaged_residents, 0) AS engaged_residents, r.engagement_rate,
           coalesce(p.items, 0) AS items, coalesce(p.answered, 0) AS answered,
           p.answered::double precision / nullif(p.items, 0) AS response_rate,
           p.median_response_seconds
    FROM reach r
    FULL JOIN responses p USING (org, service, week_start)
),
-- The weeks with any figure for the org: a week without one (before the data started, or a gap)
-- was not recorded, so a change against it is unknown (NULL), as `civicpulse` shows `–`.
recorded AS (
    SELECT DISTINCT org, week_start FROM weeks
)
SELECT w.org, w.service,
       to_char(w.week_start, 'IYYY-"W"IW') AS iso_week,
       w.week_start,
       w.reach::bigint AS reach,
       (w.reach - l.reach)::bigint AS reach_change,
       coalesce(w.reach_accounts, 0) AS reach_accounts,
       w.engaged_residents,
       CASE WHEN k.org IS NOT NULL THEN w.engaged_residents - coalesce(l.engaged_residents, 0) END AS engaged_residents_change,
       w.engagement_rate,
       w.engagement_rate - l.engagement_rate AS engagement_rate_change,
       w.items,
       w.answered,
       w.response_rate,
       w.response_rate - l.response_rate AS response_rate_change,
       w.median_response_seconds,
       w.median_response_seconds - l.median_response_seconds AS median_response_seconds_change
FROM weeks w
LEFT JOIN weeks l ON l.org = w.org AND l.service = w.service AND l.week_start = w.week_start - 7
LEFT JOIN recorded k ON k.org = w.org AND k.week_start = w.week_start - 7;

COMMENT ON VIEW analytics.league_table IS
    'Service league table: per service and ISO week, reach, engaged residents, engagement rate, response rate and median response time, each with its change from the week before (null when either week has no figure; engaged residents count from 0 in a week the council has figures for). docs/reach.md.';
COMMENT ON COLUMN analytics.league_table.org IS 'The council.';
COMMENT ON COLUMN analytics.league_table.service IS 'The service.';
COMMENT ON COLUMN analytics.league_table.iso_week IS 'ISO week, e.g. 2026-W47.';
COMMENT ON COLUMN analytics.league_table.week_start IS 'Its Monday.';
COMMENT ON COLUMN analytics.league_table.reach IS 'Sum of the service''s accounts'' weekly platform reach (a resident reached by two accounts counts twice); null = no account reported one.';
COMMENT ON COLUMN analytics.league_table.reach_change IS 'reach minus last week''s.';
COMMENT ON COLUMN analytics.league_table.reach_accounts IS 'How many accounts'' weekly reach is in reach.';
COMMENT ON COLUMN analytics.league_table.engaged_residents IS 'Distinct residents who engaged with the service on any channel (HyperLogLog, standard error 2.3%).';
COMMENT ON COLUMN analytics.league_table.engaged_residents_change IS 'engaged_residents minus last week''s (counting 0 when nobody engaged with the service last week); null when the council has no figure at all last week (before its data started, or a gap), which was not recorded.';
COMMENT ON COLUMN analytics.league_table.engagement_rate IS 'Engagements on days with impressions ÷ impressions; null without impressions.';
COMMENT ON COLUMN analytics.league_table.engagement_rate_change IS 'engagement_rate minus last week''s (a fraction: 0.01 = one percentage point).';
COMMENT ON COLUMN analytics.league_table.items IS 'Response items opened in the week.';
COMMENT ON COLUMN analytics.league_table.answered IS 'Of those, answered by the end of the week.';
COMMENT ON COLUMN analytics.league_table.response_rate IS 'answered ÷ items; null without items.';
COMMENT ON COLUMN analytics.league_table.response_rate_change IS 'response_rate minus last week''s.';
COMMENT ON COLUMN analytics.league_table.median_response_seconds IS 'Median wall-clock first-response time of the items answered by the end of the week.';
COMMENT ON COLUMN analytics.league_table.median_response_seconds_change IS 'That minus last week''s (negative = faster).';
