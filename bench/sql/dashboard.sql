-- The dashboard's question asked as an analyst would without projections: response times per service
-- and channel for the week, from analytics.first_responses (plain SQL over civicpulse.events).
SELECT service, channel, count(*) AS inbound, count(responded_at) AS answered,
       avg(response_seconds) AS mean_s,
       percentile_cont(0.5) WITHIN GROUP (ORDER BY response_seconds) AS median_s,
       percentile_cont(0.9) WITHIN GROUP (ORDER BY response_seconds) AS p90_s
FROM analytics.first_responses
WHERE org = 'harbourside'
  AND opened_at >= (:'from'::date)::timestamp AT TIME ZONE 'Europe/London'
  AND opened_at < (:'to'::date + 1)::timestamp AT TIME ZONE 'Europe/London'
GROUP BY GROUPING SETS ((service, channel), ());
