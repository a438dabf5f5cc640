-- analytics.spikes: every spike as the detector last judged it (docs/emergencies.md), from the
-- processor's projection: the same rows however the log was processed (batch sizes, kills,
-- rebuilds), which the spike events in analytics.events are too, as a history of changes.
CREATE OR REPLACE VIEW analytics.spikes WITH (security_barrier) AS
SELECT p.spike_id,
       p.org,
       p.dimension,
       p.value,
       p.started_at,
       (p.started_at AT TIME ZONE s.time_zone)::date AS started_date,
       p.ended_at,
       p.early,
       p.start_count,
       p.baseline,
       p.baseline_kind,
       p.baseline_hours,
       p.score,
       p.peak_count,
       p.peak_at,
       p.end_count,
       p.end_baseline
FROM projections.spikes p
LEFT JOIN projections.org_settings s ON s.org = p.org;

COMMENT ON VIEW analytics.spikes IS
    'One row per spike of residents'' messages, as the detector last judged it: the same whatever batch sizes, kills or rebuilds processed the log. docs/emergencies.md.';
COMMENT ON COLUMN analytics.spikes.spike_id IS 'The spike; the event id of its spike_started event in analytics.events.';
COMMENT ON COLUMN analytics.spikes.org IS 'The council.';
COMMENT ON COLUMN analytics.spikes.dimension IS 'The series: all (every resident''s message), service or topic.';
COMMENT ON COLUMN analytics.spikes.value IS 'Which one: inbound for all, else the service id or the listening topic id.';
COMMENT ON COLUMN analytics.spikes.started_at IS 'The start of the hour that started it (UTC instant).';
COMMENT ON COLUMN analytics.spikes.started_date IS 'That day in the council''s time zone.';
COMMENT ON COLUMN analytics.spikes.ended_at IS 'The start of the first of the two quiet hours that ended it (the spike covers started_at up to it); null while it goes on, or since the data stopped.';
COMMENT ON COLUMN analytics.spikes.early IS 'Called within that hour, on its count so far.';
COMMENT ON COLUMN analytics.spikes.start_count IS 'Messages in the hour it was called.';
COMMENT ON COLUMN analytics.spikes.baseline IS 'The usual count for that hour it was judged against.';
COMMENT ON COLUMN analytics.spikes.baseline_kind IS 'weekly (the same hour of past weeks), daily or recent: the baseline the score was taken against.';
COMMENT ON COLUMN analytics.spikes.baseline_hours IS 'How many past hours that baseline averages or takes its maximum of.';
COMMENT ON COLUMN analytics.spikes.score IS 'The start hour''s standard score against the baseline (Anscombe z, docs/emergencies.md).';
COMMENT ON COLUMN analytics.spikes.peak_count IS 'Messages in the busiest hour of the spike.';
COMMENT ON COLUMN analytics.spikes.peak_at IS 'The start of that hour.';
COMMENT ON COLUMN analytics.spikes.end_count IS 'Messages in that first quiet hour; null while open.';
COMMENT ON COLUMN analytics.spikes.end_baseline IS 'The usual count for that hour; null while open.';
