-- Report commands read a week of response items at a time. Their columns are carried in the
-- (org, opened_at) index so those reads are index-only scans once a week's pages are all-visible
-- (autovacuum, or the VACUUM after a catch-up): rewritten items scatter a week over the heap,
-- one page per row, and the heap reads were most of `dashboard`, `sla` and `summary` at 1M events.
DROP INDEX projections.response_items_org_opened;
CREATE INDEX response_items_org_opened ON projections.response_items (org, opened_at)
    INCLUDE (item_id, service, channel, priority, responded_at, response_seconds, business_response_seconds,
             due_at, sla_business_clock, calendar_version, policy_version);

-- The weekly summary names each discussed video with its title and latest view count; without
-- these, both were a scan of the whole log per video (22 s at 1M events).
CREATE INDEX events_youtube_videos ON civicpulse.events (source_id, position)
    WHERE platform = 'youtube' AND source_type = 'video';
CREATE INDEX events_youtube_view_counts ON civicpulse.events ((details ->> 'object_id'), occurred_at)
    WHERE platform = 'youtube' AND kind = 'metric_snapshot' AND details ->> 'metric' = 'view_count';

-- The summary lists the week's detected spikes: a handful of events among a week's thousands.
CREATE INDEX events_org_spikes ON civicpulse.events (org, occurred_at) WHERE kind IN ('spike_started', 'spike_ended');
