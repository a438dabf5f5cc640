-- When fetch last walked each account's endpoint to its end, whether or not the walk found
-- anything new: the last successful fetch, which `serve` reports per account
-- (civicpulse_last_fetch_timestamp_seconds). `updated_at` moves only with the mark, so a quiet
-- account looked as stale as one whose token had been revoked. A walk that has never found
-- anything has no mark yet, only this time: `since_id` may be null.
ALTER TABLE civicpulse.fetch_cursors
    ALTER COLUMN since_id DROP NOT NULL,
    ADD COLUMN fetched_at timestamptz;

-- Before this column, the last move of the mark is all that is known of a fetch.
UPDATE civicpulse.fetch_cursors SET fetched_at = updated_at;

COMMENT ON COLUMN civicpulse.fetch_cursors.fetched_at IS
    'When civicpulse fetch last walked this endpoint to its end (found something new or not).';
