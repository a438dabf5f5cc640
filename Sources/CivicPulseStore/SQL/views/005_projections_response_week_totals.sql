-- projections.response_week_totals(org, starts, ends, as_ofs): the org's response figures for
-- each period [start, end) judged at its as-of instant, one row per period in the arrays' order
-- (n from 1), periods without items included: what the weekly summary's trend shows of each
-- week (docs/summary.md). An item answered after the as-of counts as open then, as in every
-- report. The processor stores each week's figures as at its end (projections.response_weeks,
-- migration 026) and the summary calls this for any week not stored, so both agree.
CREATE OR REPLACE FUNCTION projections.response_week_totals(p_org text, p_starts timestamptz[], p_ends timestamptz[], p_as_ofs timestamptz[])
RETURNS TABLE (
    n bigint, inbound bigint, answered bigint, median_response_seconds double precision,
    within_target bigint, judged bigint, open bigint, oldest_open_seconds double precision, urgent bigint
)
LANGUAGE sql STABLE AS $$
SELECT p.n,
       count(i.opened_at),
       count(i.responded_at),
       percentile_cont(0.5) WITHIN GROUP (ORDER BY i.response_seconds),
       count(*) FILTER (WHERE i.responded_at <= i.due_at),
       count(*) FILTER (WHERE i.due_at IS NOT NULL AND (i.responded_at IS NOT NULL OR i.due_at < p.as_of)),
       count(*) FILTER (WHERE i.opened_at IS NOT NULL AND i.responded_at IS NULL),
       extract(epoch FROM p.as_of - min(i.opened_at) FILTER (WHERE i.responded_at IS NULL))::double precision,
       count(*) FILTER (WHERE i.priority = 'urgent')
FROM unnest(p_starts, p_ends, p_as_ofs) WITH ORDINALITY AS p(start_at, end_at, as_of, n)
LEFT JOIN LATERAL (
    SELECT r.opened_at, r.due_at, r.priority,
           CASE WHEN r.responded_at <= p.as_of THEN r.responded_at END AS responded_at,
           CASE WHEN r.responded_at <= p.as_of THEN r.response_seconds END AS response_seconds
    FROM projections.response_items r
    WHERE r.org = p_org AND r.opened_at >= p.start_at AND r.opened_at < p.end_at AND r.opened_at <= p.as_of
) i ON true
GROUP BY p.n, p.as_of
ORDER BY p.n
$$;
