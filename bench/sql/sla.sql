-- The SLA report's backlog asked over the log: items still open at the instant, per service and
-- channel, with the oldest. (Business-calendar deadlines need the pipeline's calendars, which
-- plain SQL does not have; this is the part an analyst can ask.)
SELECT service, channel, count(*) AS open,
       extract(epoch FROM :'as_of'::timestamptz - min(opened_at)) AS oldest_open_s
FROM analytics.first_responses
WHERE org = 'harbourside' AND opened_at <= :'as_of'::timestamptz
  AND (responded_at IS NULL OR responded_at > :'as_of'::timestamptz)
GROUP BY GROUPING SETS ((service, channel), ());
