-- The reach report's question over the log: engagements by kind and engaged residents (exact
-- distinct count) per service, channel and account for the week, and the platforms' daily metrics.
WITH week AS (
    SELECT * FROM civicpulse.events
    WHERE org = 'harbourside'
      AND occurred_at >= (:'from'::date)::timestamp AT TIME ZONE 'Europe/London'
      AND occurred_at < (:'to'::date + 1)::timestamp AT TIME ZONE 'Europe/London'
)
SELECT service, channel, account,
       count(*) FILTER (WHERE kind IN ('comment', 'reply', 'reaction', 'share', 'mention', 'inbound_message')) AS engagements,
       count(DISTINCT actor_hash) FILTER (WHERE NOT actor_is_org) AS engaged_residents,
       sum((details->>'value')::numeric) FILTER (WHERE kind = 'metric_snapshot' AND details->>'period' = 'day'
                                                   AND details->>'metric' LIKE '%impressions%') AS impressions
FROM week
GROUP BY GROUPING SETS ((service, channel, account), ());
