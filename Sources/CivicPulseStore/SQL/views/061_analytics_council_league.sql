-- analytics.council_league: per council and ISO week, the league table across councils that
-- `civicpulse dashboard|sla|reach|summary --org all` prints (docs/benchmarking.md): response
-- figures judged as the week stood at its end (local midnight after Sunday, in the council's
-- own zone), as each council's dashboard judges a past week, or now for the week in progress
-- (a deadline still to come is not yet missed), and the week's engaged residents.
CREATE OR REPLACE VIEW analytics.council_league AS
WITH items AS (
    SELECT r.org, w.week_start, r.responded_at, r.response_seconds, r.due_at,
           least((w.week_start + 7)::timestamp AT TIME ZONE s.time_zone, now()) AS judged_at
    FROM projections.response_items r
    JOIN projections.org_settings s ON s.org = r.org
    CROSS JOIN LATERAL (SELECT date_trunc('week', r.opened_at AT TIME ZONE s.time_zone)::date AS week_start) w
),
responses AS (
    SELECT org, week_start,
           count(*) AS items,
           count(*) FILTER (WHERE responded_at <= judged_at) AS answered,
           percentile_cont(0.5) WITHIN GROUP (ORDER BY response_seconds) FILTER (WHERE responded_at <= judged_at) AS median_response_seconds,
           count(*) FILTER (WHERE responded_at <= judged_at AND responded_at <= due_at) AS within_target,
           count(*) FILTER (WHERE due_at IS NOT NULL AND (responded_at <= judged_at OR due_at < judged_at)) AS decided
    FROM items
    GROUP BY org, week_start
),
engaged AS (
    SELECT org, date_trunc('week', day)::date AS week_start,
           round(hll_cardinality(hll_union_agg(engaged_residents_sketch)))::bigint AS engaged_residents
    FROM analytics.reach_daily
    GROUP BY org, date_trunc('week', day)::date
),
weeks AS (
    SELECT org, week_start,
           coalesce(p.items, 0) AS items, coalesce(p.answered, 0) AS answered,
           p.answered::double precision / nullif(p.items, 0) AS response_rate,
           p.median_response_seconds,
           coalesce(p.within_target, 0) AS within_target, coalesce(p.decided, 0) AS decided,
           p.within_target::double precision / nullif(p.decided, 0) AS within_target_rate,
           coalesce(e.engaged_residents, 0) AS engaged_residents
    FROM responses p
    FULL JOIN engaged e USING (org, week_start)
)
SELECT CASE WHEN within_target_rate IS NOT NULL THEN
           row_number() OVER (PARTITION BY week_start ORDER BY within_target_rate DESC NULLS LAST, median_response_seconds NULLS LAST, org COLLATE "C")
       END AS rank,
       org,
       to_char(week_start, 'IYYY-"W"IW') AS iso_week,
       week_start,
       items, answered, response_rate, median_response_seconds,
       within_target, decided, within_target_rate, engaged_residents
FROM weeks;

COMMENT ON VIEW analytics.council_league IS
    'League table across the councils in the database, per ISO week: responses judged as the week stood at its end (the week in progress: now), engaged residents; ranked on within_target_rate, then the median. docs/benchmarking.md.';
COMMENT ON COLUMN analytics.council_league.rank IS 'The council''s place that week: 1 for the highest within_target_rate, ties by the lower median_response_seconds, then by org; null without a within_target_rate.';
COMMENT ON COLUMN analytics.council_league.org IS 'The council.';
COMMENT ON COLUMN analytics.council_league.iso_week IS 'ISO week, e.g. 2026-W47 (of the council''s local days).';
COMMENT ON COLUMN analytics.council_league.week_start IS 'Its Monday.';
COMMENT ON COLUMN analytics.council_league.items IS 'Response items opened in the week.';
COMMENT ON COLUMN analytics.council_league.answered IS 'Of those, answered by the end of the week.';
COMMENT ON COLUMN analytics.council_league.response_rate IS 'answered ÷ items; null without items.';
COMMENT ON COLUMN analytics.council_league.median_response_seconds IS 'Median wall-clock first-response time of the items answered by the end of the week.';
COMMENT ON COLUMN analytics.council_league.within_target IS 'Items answered by their deadline (and by the end of the week).';
COMMENT ON COLUMN analytics.council_league.decided IS 'Items whose SLA outcome was known at the end of the week: answered, or open past the deadline.';
COMMENT ON COLUMN analytics.council_league.within_target_rate IS 'within_target ÷ decided (the dashboard''s In SLA); null when none was decided.';
COMMENT ON COLUMN analytics.council_league.engaged_residents IS 'Distinct residents who engaged with the council in the week, on any channel (HyperLogLog, standard error 2.3%).';
