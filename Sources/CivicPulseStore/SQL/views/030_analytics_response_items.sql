-- analytics.response_items: every spell of a resident waiting for the council, with its answer
-- and SLA result, from the processor's projection, without the resident's hash, the
-- conversation key or links to the resident's message.
CREATE OR REPLACE VIEW analytics.response_items WITH (security_barrier) AS
SELECT r.item_id,
       r.org,
       r.platform,
       r.channel,
       r.account,
       r.service,
       r.opened_at,
       (r.opened_at AT TIME ZONE s.time_zone)::date AS opened_date,
       r.last_message_at,
       r.message_count,
       r.responded_at,
       r.response_event_id,
       r.responder_account,
       r.response_seconds,
       CASE WHEN r.business_response_seconds = 0 AND s.out_of_hours_answer = 'elapsed' THEN r.response_seconds
            ELSE r.business_response_seconds END AS business_response_seconds,
       r.priority,
       r.sla_target,
       r.sla_business_clock,
       r.due_at,
       CASE WHEN r.due_at IS NULL THEN 'no_target'
            WHEN r.responded_at IS NOT NULL AND r.responded_at <= r.due_at THEN 'met'
            WHEN r.responded_at IS NOT NULL THEN 'breached'
            WHEN r.due_at < now() THEN 'open_breached'
            ELSE 'open' END AS sla_result,
       CASE WHEN r.responded_at IS NOT NULL AND r.responded_at <= r.due_at THEN true
            WHEN r.due_at < coalesce(r.responded_at, now()) THEN false END AS sla_met,
       rules.calendar_version,
       rules.policy_version,
       now() AS judged_at,
       extract(isodow FROM r.opened_at AT TIME ZONE s.time_zone)::int AS opened_weekday,
       extract(hour FROM r.opened_at AT TIME ZONE s.time_zone)::int AS opened_hour,
       res.resolved_at,
       ((round(extract(epoch FROM res.resolved_at) * 1000) - round(extract(epoch FROM r.opened_at) * 1000)) / 1000)::double precision
           AS resolution_seconds,
       res.council_replies::int AS council_replies,
       coalesce(res.council_replies = 1, false) AS resolved_at_first_contact,
       clock.resolution_business_seconds
FROM projections.response_items r
LEFT JOIN projections.org_settings s ON s.org = r.org
-- The calendar and policy versions the item was judged by, kept by id (migration 157).
LEFT JOIN projections.response_rules rules ON rules.org = r.org AND rules.rules_id = r.rules_id
-- The item's resolution judged now, as Resolution.of in Swift has it (docs/calendars-and-sla.md,
-- "Resolution"): the processor keeps with each item the council reply that resolves it once the
-- quiet period after it passes with no follow-up, from every message of its conversation
-- (resolution_at, migration 133), judged with the quiet period it last read from the pipeline.
LEFT JOIN LATERAL (
    SELECT r.resolution_at AS resolved_at, r.resolution_replies AS council_replies
    WHERE r.resolution_at + coalesce(s.resolution_quiet_period, interval '48 hours') <= now()
) res ON true
-- The resolution time on the business clock of the calendar version the item was judged by, read
-- off the periods the processor wrote out (docs/calendars-and-sla.md, "Business time in SQL"): a
-- reading is the open time before the last period starting at or before the instant plus as much
-- of that period as had passed, 0 before the first; the difference of two, in whole seconds
-- rounded down, is BusinessCalendar.businessSeconds in Swift.
LEFT JOIN LATERAL (
    SELECT floor((coalesce((SELECT p.open_millis_before + extract(epoch FROM least(res.resolved_at, p.ends_at) - p.starts_at) * 1000
                            FROM projections.business_clock_periods p
                            WHERE p.org = r.org AND p.calendar_version = rules.calendar_version AND p.starts_at <= res.resolved_at
                            ORDER BY p.starts_at DESC LIMIT 1), 0)
                - coalesce((SELECT p.open_millis_before + extract(epoch FROM least(r.opened_at, p.ends_at) - p.starts_at) * 1000
                            FROM projections.business_clock_periods p
                            WHERE p.org = r.org AND p.calendar_version = rules.calendar_version AND p.starts_at <= r.opened_at
                            ORDER BY p.starts_at DESC LIMIT 1), 0)) / 1000)::double precision AS resolution_business_seconds
    FROM projections.business_clocks c
    WHERE res.resolved_at IS NOT NULL AND c.org = r.org AND c.calendar_version = rules.calendar_version
) clock ON true;

COMMENT ON VIEW analytics.response_items IS
    'One row per response item (a resident''s messages before an answer), its first answer and its SLA result, judged now. docs/response-matching.md, docs/calendars-and-sla.md.';
COMMENT ON COLUMN analytics.response_items.item_id IS 'The item: the event id of its first message.';
COMMENT ON COLUMN analytics.response_items.org IS 'The council.';
COMMENT ON COLUMN analytics.response_items.platform IS 'twitter, facebook, youtube, …';
COMMENT ON COLUMN analytics.response_items.channel IS 'Where the resident wrote.';
COMMENT ON COLUMN analytics.response_items.account IS 'The council account written to.';
COMMENT ON COLUMN analytics.response_items.service IS 'The service responsible.';
COMMENT ON COLUMN analytics.response_items.opened_at IS 'The first message of the item (UTC instant).';
COMMENT ON COLUMN analytics.response_items.opened_date IS 'That day in the council''s time zone.';
COMMENT ON COLUMN analytics.response_items.last_message_at IS 'The resident''s last message before the answer.';
COMMENT ON COLUMN analytics.response_items.message_count IS 'The resident''s messages in the item.';
COMMENT ON COLUMN analytics.response_items.responded_at IS 'The council''s first answer; null while open.';
COMMENT ON COLUMN analytics.response_items.response_event_id IS 'The event id of that answer (see analytics.events).';
COMMENT ON COLUMN analytics.response_items.responder_account IS 'The council account that answered.';
COMMENT ON COLUMN analytics.response_items.response_seconds IS 'Wall-clock seconds from opened_at to responded_at, to the millisecond (docs/calendars-and-sla.md, Exact durations).';
COMMENT ON COLUMN analytics.response_items.business_response_seconds IS 'The same on the service''s business calendar (working time only); an answer before the service next opened counts 0, or its response_seconds under sla.out_of_hours_answer: elapsed (as the processor last read the pipeline).';
COMMENT ON COLUMN analytics.response_items.priority IS 'routine or urgent (emergency keywords).';
COMMENT ON COLUMN analytics.response_items.sla_target IS 'The target that applied, as written in the pipeline (e.g. 1 working hour).';
COMMENT ON COLUMN analytics.response_items.sla_business_clock IS 'Whether the target counts working time (true) or elapsed time (false).';
COMMENT ON COLUMN analytics.response_items.due_at IS 'The deadline.';
COMMENT ON COLUMN analytics.response_items.sla_result IS 'met, breached (answered late), open_breached (unanswered past the deadline at judged_at), open, or no_target.';
COMMENT ON COLUMN analytics.response_items.sla_met IS 'true met, false breached or open past the deadline at judged_at, null while the outcome is unknown.';
COMMENT ON COLUMN analytics.response_items.calendar_version IS 'The calendar version the deadline was computed on.';
COMMENT ON COLUMN analytics.response_items.policy_version IS 'The SLA policy version that applied.';
COMMENT ON COLUMN analytics.response_items.judged_at IS 'The instant open items are judged at: now, when the query runs. dashboard and sla judge at the period''s end (or --as-of), so their breach counts for a period still open differ by the items that fell due since.';
COMMENT ON COLUMN analytics.response_items.opened_weekday IS 'The ISO weekday of opened_at in the council''s time zone: 1 Monday to 7 Sunday (civicpulse heatmap''s rows).';
COMMENT ON COLUMN analytics.response_items.opened_hour IS 'The hour of opened_at on that clock, 0 to 23 (civicpulse heatmap''s columns).';
COMMENT ON COLUMN analytics.response_items.resolved_at IS 'The council''s last reply once the resident stayed quiet for sla.resolution_quiet_period after it (as the processor last read the pipeline), judged at judged_at; null while not resolved. export items'' resolved_at with --as-of judged_at.';
COMMENT ON COLUMN analytics.response_items.resolution_seconds IS 'Wall-clock seconds from opened_at to resolved_at, to the millisecond (the difference of the two instants in whole milliseconds).';
COMMENT ON COLUMN analytics.response_items.council_replies IS 'The council''s replies from opened_at up to resolved_at; null while not resolved.';
COMMENT ON COLUMN analytics.response_items.resolved_at_first_contact IS 'Resolved with one council reply (false while not resolved).';
COMMENT ON COLUMN analytics.response_items.resolution_business_seconds IS 'The same as resolution_seconds on the service''s business calendar in force when the item opened (working time only), whole seconds rounded down: export items'' resolution_business_seconds. Null while not resolved.';
