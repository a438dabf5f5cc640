-- The erasure register: when, what scope, how many messages and keys. No personal data. A copy of
-- each erasure is also appended to a file beside the actor key (`erasures.jsonl`), so that a
-- restore from a backup taken before it can apply it again (`civicpulse privacy reapply`).
CREATE TABLE privacy.erasures (
    id                 bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    at                 timestamptz NOT NULL DEFAULT now(),
    scope              text NOT NULL CHECK (scope IN ('resident', 'retention', 'platform_delete')),
    reapplied          boolean NOT NULL DEFAULT false,
    events             integer NOT NULL,
    keys_destroyed     integer NOT NULL,
    residents_unlinked integer NOT NULL
);
