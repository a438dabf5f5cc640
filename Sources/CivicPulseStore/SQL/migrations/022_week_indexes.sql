-- Reports read reach figures a week at a time (analytics.reach_days). Both daily projections
-- were keyed (org, service, channel, account, …, day), so a week's rows were found by reading
-- every day of history: 24 ms a week at 9.2M events (3.8 years), several weeks a summary.
CREATE INDEX engagement_daily_org_day ON projections.engagement_daily (org, day);
CREATE INDEX account_metrics_daily_org_day ON projections.account_metrics_daily (org, day);

-- The weekly summary counts residents' comments per YouTube video: a week of YouTube comments
-- among a week's tens of thousands of events (33 ms a week at 9.2M events, read through all of them).
CREATE INDEX events_youtube_comments ON civicpulse.events (org, occurred_at)
    WHERE channel = 'youtube' AND kind = 'comment' AND NOT actor_is_org AND details ? 'video_id';
