-- analytics.reach_daily: reach and engagement per service, channel, account and local day
-- (docs/reach.md), from the processor's projections.engagement_daily (events counted, the
-- sketch of engaged residents) and projections.account_metrics_daily (platform figures).
-- analytics.reach_days(org, from, to) gives the view's rows for one org and a range of days,
-- reading only those days: the view itself cannot be narrowed by a WHERE on `day` (a FULL JOIN's
-- merged key and a window over all readings keep PostgreSQL from pushing it down), so a week's
-- figures read every day of history (30 ms a call at 9M events, several calls a report).
-- SECURITY DEFINER, as for the view: analysts read what it returns, not the projections.
CREATE OR REPLACE FUNCTION analytics.reach_days(p_org text, p_from date, p_to date)
RETURNS TABLE (
    org text, service text, channel text, account text, day date, iso_week text,
    reach bigint, reach_7_days bigint, reach_28_days bigint, impressions bigint, views bigint,
    comments integer, replies integer, reactions integer, shares integer, mentions integer, inbound_messages integer,
    engagements integer, engagement_rate double precision, engaged_residents bigint, engaged_residents_sketch public.hll,
    followers bigint
)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
WITH engagement AS (
    SELECT * FROM projections.engagement_daily e
    WHERE (p_org IS NULL OR e.org = p_org) AND e.day BETWEEN p_from AND p_to
),
metrics AS (
    SELECT a.org, a.service, a.channel, a.account, a.day,
           max(a.value) FILTER (WHERE a.metric = 'reach' AND a.period = 'day') AS reach,
           max(a.value) FILTER (WHERE a.metric = 'reach' AND a.period = 'week') AS reach_7_days,
           max(a.value) FILTER (WHERE a.metric = 'reach' AND a.period = 'days_28') AS reach_28_days,
           max(a.value) FILTER (WHERE a.metric = 'impressions') AS page_impressions,
           max(a.value) FILTER (WHERE a.metric = 'followers') AS followers
    FROM projections.account_metrics_daily a
    WHERE (p_org IS NULL OR a.org = p_org) AND a.day BETWEEN p_from AND p_to
    GROUP BY a.org, a.service, a.channel, a.account, a.day
),
-- A channel's views in a day: how far its lifetime view count rose since the reading before
-- (none for the first reading, whose starting point is unknown). The reading before the range
-- is read too, so the range's first day has its rise.
views AS (
    SELECT r.org, r.service, r.channel, r.account, r.day,
           CASE WHEN r.previous IS NOT NULL THEN greatest(r.value - r.previous, 0) END AS views
    FROM (SELECT a.org, a.service, a.channel, a.account, a.day, a.value,
                 lag(a.value) OVER (PARTITION BY a.org, a.service, a.channel, a.account ORDER BY a.day) AS previous
          FROM projections.account_metrics_daily a
          WHERE a.metric = 'views_total' AND (p_org IS NULL OR a.org = p_org) AND a.day <= p_to
            AND a.day >= coalesce((SELECT max(b.day) FROM projections.account_metrics_daily b
                                   WHERE b.org = a.org AND b.service = a.service AND b.channel = a.channel
                                     AND b.account = a.account AND b.metric = 'views_total' AND b.day < p_from), p_from)
         ) r
    WHERE r.day >= p_from
),
joined AS (
    SELECT org, service, channel, account, day, m.reach, m.reach_7_days, m.reach_28_days, m.followers, v.views,
           CASE WHEN m.page_impressions IS NOT NULL OR e.post_impressions IS NOT NULL
                THEN coalesce(m.page_impressions, 0)::bigint + coalesce(e.post_impressions, 0) END AS impressions,
           coalesce(e.comments, 0) AS comments, coalesce(e.replies, 0) AS replies,
           coalesce(e.reactions, 0) AS reactions, coalesce(e.shares, 0) AS shares,
           coalesce(e.mentions, 0) AS mentions, coalesce(e.inbound_messages, 0) AS inbound_messages,
           coalesce(e.engaged_residents, hll_empty(11, 5, 0, 1)) AS sketch
    FROM engagement e
    FULL JOIN metrics m USING (org, service, channel, account, day)
    LEFT JOIN views v USING (org, service, channel, account, day)
)
SELECT org, service, channel, account, day,
       to_char(day, 'IYYY-"W"IW') AS iso_week,
       reach::bigint AS reach,
       reach_7_days::bigint AS reach_7_days,
       reach_28_days::bigint AS reach_28_days,
       impressions,
       views::bigint AS views,
       comments, replies, reactions, shares, mentions, inbound_messages,
       comments + replies + reactions + shares + mentions + inbound_messages AS engagements,
       (comments + replies + reactions + shares + mentions + inbound_messages)::double precision / nullif(impressions, 0) AS engagement_rate,
       round(hll_cardinality(sketch))::bigint AS engaged_residents,
       sketch AS engaged_residents_sketch,
       followers::bigint AS followers
FROM joined
$$;

COMMENT ON FUNCTION analytics.reach_days(text, date, date) IS
    'The rows of analytics.reach_daily for one council (NULL: all) from one day to another, inclusive, reading only those days: use it for a week or a month of a long history. docs/analysts.md.';

-- The view keeps its own copy of the query: defined as the function over all days it could not be
-- planned as one query (a SECURITY DEFINER function is never inlined), and a day-filtered read
-- took 320-380 ms at 9.2M events (measured while other tests ran) against 39 ms this way.
-- ReachProjectionTests holds the two to the same rows.
CREATE OR REPLACE VIEW analytics.reach_daily AS
WITH metrics AS (
    SELECT org, service, channel, account, day,
           max(value) FILTER (WHERE metric = 'reach' AND period = 'day') AS reach,
           max(value) FILTER (WHERE metric = 'reach' AND period = 'week') AS reach_7_days,
           max(value) FILTER (WHERE metric = 'reach' AND period = 'days_28') AS reach_28_days,
           max(value) FILTER (WHERE metric = 'impressions') AS page_impressions,
           max(value) FILTER (WHERE metric = 'followers') AS followers
    FROM projections.account_metrics_daily
    GROUP BY org, service, channel, account, day
),
-- A channel's views in a day: how far its lifetime view count rose since the reading before
-- (none for the first reading, whose starting point is unknown).
views AS (
    SELECT org, service, channel, account, day,
           CASE WHEN previous IS NOT NULL THEN greatest(value - previous, 0) END AS views
    FROM (SELECT org, service, channel, account, day, value,
                 lag(value) OVER (PARTITION BY org, service, channel, account ORDER BY day) AS previous
          FROM projections.account_metrics_daily
          WHERE metric = 'views_total') readings
),
joined AS (
    SELECT org, service, channel, account, day, m.reach, m.reach_7_days, m.reach_28_days, m.followers, v.views,
           CASE WHEN m.page_impressions IS NOT NULL OR e.post_impressions IS NOT NULL
                THEN coalesce(m.page_impressions, 0)::bigint + coalesce(e.post_impressions, 0) END AS impressions,
           coalesce(e.comments, 0) AS comments, coalesce(e.replies, 0) AS replies,
           coalesce(e.reactions, 0) AS reactions, coalesce(e.shares, 0) AS shares,
           coalesce(e.mentions, 0) AS mentions, coalesce(e.inbound_messages, 0) AS inbound_messages,
           coalesce(e.engaged_residents, hll_empty(11, 5, 0, 1)) AS sketch
    FROM projections.engagement_daily e
    FULL JOIN metrics m USING (org, service, channel, account, day)
    LEFT JOIN views v USING (org, service, channel, account, day)
)
SELECT org, service, channel, account, day,
       to_char(day, 'IYYY-"W"IW') AS iso_week,
       reach::bigint AS reach,
       reach_7_days::bigint AS reach_7_days,
       reach_28_days::bigint AS reach_28_days,
       impressions,
       views::bigint AS views,
       comments, replies, reactions, shares, mentions, inbound_messages,
       comments + replies + reactions + shares + mentions + inbound_messages AS engagements,
       (comments + replies + reactions + shares + mentions + inbound_messages)::double precision / nullif(impressions, 0) AS engagement_rate,
       round(hll_cardinality(sketch))::bigint AS engaged_residents,
       sketch AS engaged_residents_sketch,
       followers::bigint AS followers
FROM joined;

COMMENT ON VIEW analytics.reach_daily IS
    'Reach and engagement per service, channel, council account and local day. Reach is the platform''s own unique figure (never added up); engaged residents are HyperLogLog estimates (standard error 2.3%). docs/reach.md.';
COMMENT ON COLUMN analytics.reach_daily.org IS 'The council.';
COMMENT ON COLUMN analytics.reach_daily.service IS 'The service.';
COMMENT ON COLUMN analytics.reach_daily.channel IS 'twitter, facebook, youtube, …';
COMMENT ON COLUMN analytics.reach_daily.account IS 'The council account (an id from the pipeline), or unknown.';
COMMENT ON COLUMN analytics.reach_daily.day IS 'The local day in the council''s time zone.';
COMMENT ON COLUMN analytics.reach_daily.iso_week IS 'Its ISO week, e.g. 2026-W47.';
COMMENT ON COLUMN analytics.reach_daily.reach IS 'People reached that day, as the platform reports it (page_impressions_unique, period day); null = not available.';
COMMENT ON COLUMN analytics.reach_daily.reach_7_days IS 'People reached in the 7 days ending that day, as the platform reports it (period week); null = not available. Never a sum of daily figures.';
COMMENT ON COLUMN analytics.reach_daily.reach_28_days IS 'People reached in the 28 days ending that day (period days_28); null = not available.';
COMMENT ON COLUMN analytics.reach_daily.impressions IS 'Times content was seen: the platform''s daily page impressions plus impressions of the council''s own tweets published that day; null = not available.';
COMMENT ON COLUMN analytics.reach_daily.views IS 'Video views: the rise of the channel''s lifetime view count since the previous reading; null = no earlier reading.';
COMMENT ON COLUMN analytics.reach_daily.comments IS 'Residents'' comments on the council''s content.';
COMMENT ON COLUMN analytics.reach_daily.replies IS 'The council''s replies to residents.';
COMMENT ON COLUMN analytics.reach_daily.reactions IS 'Likes and other reactions.';
COMMENT ON COLUMN analytics.reach_daily.shares IS 'Shares and retweets.';
COMMENT ON COLUMN analytics.reach_daily.mentions IS 'Listening hits: posts about the place not addressed to the council.';
COMMENT ON COLUMN analytics.reach_daily.inbound_messages IS 'Messages addressed to the council (mentions, replies, DMs).';
COMMENT ON COLUMN analytics.reach_daily.engagements IS 'comments + replies + reactions + shares + mentions + inbound_messages.';
COMMENT ON COLUMN analytics.reach_daily.engagement_rate IS 'engagements ÷ impressions; null when there are no impressions.';
COMMENT ON COLUMN analytics.reach_daily.engaged_residents IS 'Distinct residents who engaged (HyperLogLog estimate, standard error 2.3%).';
COMMENT ON COLUMN analytics.reach_daily.engaged_residents_sketch IS 'The HyperLogLog sketch behind it: union days, services or channels with hll_union_agg, count with hll_cardinality.';
COMMENT ON COLUMN analytics.reach_daily.followers IS 'Followers (page follows, subscribers, …) at the day''s last reading; null = no reading that day.';
