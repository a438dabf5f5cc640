-- The processor's read of the whole log with nothing done to the rows: the columns it asks for
-- (LoggedEvent.columns in Sources/CivicPulseProcessor/LoggedEvent.swift), in the order it reads
-- them. bench.sh wraps it in COPY … TO STDOUT, as the processor's batches are one stream of rows.
SELECT tx_id::text AS tx_text, position, event_id, org, platform, channel, account, service, kind, conversation_id, source_id,
       actor_hash, actor_is_org, addressee_hash, occurred_at, body,
       CASE WHEN kind IN ('metric_snapshot', 'correction') OR (actor_is_org AND details -> 'public_metrics' ? 'impression_count') THEN details::text END,
       parent_id,
       CASE WHEN jsonb_typeof(details -> 'topics') = 'array' THEN ARRAY(SELECT jsonb_array_elements_text(details -> 'topics')) END,
       source_type, CASE WHEN channel = 'youtube' AND kind = 'comment' THEN details ->> 'video_id' END,
       privacy_keys.event_id IS NOT NULL, privacy_keys.key, privacy_keys.keyword_urgent
FROM civicpulse.events LEFT JOIN privacy.message_keys privacy_keys USING (event_id)
ORDER BY tx_id, position
