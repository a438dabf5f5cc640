-- analytics.reach_weekly: analytics.reach_daily per ISO week. Additive figures are summed;
-- reach is the platform's own 7-day figure for the window that is exactly the week (the reading
-- filed under its Sunday), never a sum of daily uniques; engaged residents union the days'
-- sketches; followers compare the week's last reading with its first.
CREATE OR REPLACE VIEW analytics.reach_weekly AS
SELECT org, service, channel, account,
       to_char(date_trunc('week', day)::date, 'IYYY-"W"IW') AS iso_week,
       date_trunc('week', day)::date AS week_start,
       max(reach_7_days) FILTER (WHERE extract(isodow FROM day) = 7) AS reach,
       sum(impressions)::bigint AS impressions,
       sum(views)::bigint AS views,
       sum(comments)::bigint AS comments,
       sum(replies)::bigint AS replies,
       sum(reactions)::bigint AS reactions,
       sum(shares)::bigint AS shares,
       sum(mentions)::bigint AS mentions,
       sum(inbound_messages)::bigint AS inbound_messages,
       sum(engagements)::bigint AS engagements,
       sum(engagements) FILTER (WHERE impressions IS NOT NULL)::double precision / nullif(sum(impressions), 0) AS engagement_rate,
       round(hll_cardinality(hll_union_agg(engaged_residents_sketch)))::bigint AS engaged_residents,
       hll_union_agg(engaged_residents_sketch) AS engaged_residents_sketch,
       (array_agg(followers ORDER BY day DESC) FILTER (WHERE followers IS NOT NULL))[1] AS followers,
       (array_agg(followers ORDER BY day DESC) FILTER (WHERE followers IS NOT NULL))[1]
         - (array_agg(followers ORDER BY day) FILTER (WHERE followers IS NOT NULL))[1] AS followers_growth
FROM analytics.reach_daily
GROUP BY org, service, channel, account, date_trunc('week', day)::date;

COMMENT ON VIEW analytics.reach_weekly IS
    'Reach and engagement per service, channel, council account and ISO week. Reach is the platform''s own weekly figure, never a sum of daily uniques. docs/reach.md.';
COMMENT ON COLUMN analytics.reach_weekly.org IS 'The council.';
COMMENT ON COLUMN analytics.reach_weekly.service IS 'The service.';
COMMENT ON COLUMN analytics.reach_weekly.channel IS 'twitter, facebook, youtube, …';
COMMENT ON COLUMN analytics.reach_weekly.account IS 'The council account, or unknown.';
COMMENT ON COLUMN analytics.reach_weekly.iso_week IS 'ISO week, e.g. 2026-W47.';
COMMENT ON COLUMN analytics.reach_weekly.week_start IS 'Its Monday.';
COMMENT ON COLUMN analytics.reach_weekly.reach IS 'People reached in the week: the platform''s 7-day figure ending on its Sunday; null = not available (never a sum of daily figures).';
COMMENT ON COLUMN analytics.reach_weekly.impressions IS 'Sum of the days'' impressions; null = not available.';
COMMENT ON COLUMN analytics.reach_weekly.views IS 'Sum of the days'' video views; null = not available.';
COMMENT ON COLUMN analytics.reach_weekly.comments IS 'Residents'' comments.';
COMMENT ON COLUMN analytics.reach_weekly.replies IS 'The council''s replies.';
COMMENT ON COLUMN analytics.reach_weekly.reactions IS 'Reactions.';
COMMENT ON COLUMN analytics.reach_weekly.shares IS 'Shares and retweets.';
COMMENT ON COLUMN analytics.reach_weekly.mentions IS 'Listening hits.';
COMMENT ON COLUMN analytics.reach_weekly.inbound_messages IS 'Messages addressed to the council.';
COMMENT ON COLUMN analytics.reach_weekly.engagements IS 'Sum of all the above.';
COMMENT ON COLUMN analytics.reach_weekly.engagement_rate IS 'Engagements on days with impressions ÷ impressions; null when there are none.';
COMMENT ON COLUMN analytics.reach_weekly.engaged_residents IS 'Distinct residents who engaged in the week (HyperLogLog estimate, standard error 2.3%).';
COMMENT ON COLUMN analytics.reach_weekly.engaged_residents_sketch IS 'The week''s sketch (union of the days'').';
COMMENT ON COLUMN analytics.reach_weekly.followers IS 'Followers at the week''s last reading.';
COMMENT ON COLUMN analytics.reach_weekly.followers_growth IS 'That minus the week''s first reading; null = no reading.';
