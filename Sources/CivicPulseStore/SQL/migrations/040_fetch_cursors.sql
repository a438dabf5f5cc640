-- How far `civicpulse fetch` has read each account's endpoint: the platform's high-water mark
-- (X's since_id). The row moves in the same transaction as the events of the page that ends a
-- walk, so a fetch killed at any point either has both or neither: rerun, it walks again from
-- the old mark and the pages it already appended add nothing. Never the credentials.
CREATE TABLE civicpulse.fetch_cursors (
    platform   text NOT NULL,
    account    text NOT NULL,        -- the pipeline's account id, or 'topic:<id>' for a listening search
    endpoint   text NOT NULL,        -- mentions, tweets, search
    since_id   text NOT NULL,
    updated_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (platform, account, endpoint)
);
COMMENT ON TABLE civicpulse.fetch_cursors IS
    'High-water mark per account and endpoint for civicpulse fetch (docs/connect-your-accounts.md).';

-- Unlike the log, a cursor moves: ingest may update it, never delete it.
GRANT SELECT, INSERT, UPDATE ON civicpulse.fetch_cursors TO civicpulse_ingest;
