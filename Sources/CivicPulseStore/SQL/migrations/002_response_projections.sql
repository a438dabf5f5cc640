-- Projections the processor keeps: derived, rebuildable, never the source of truth.
CREATE SCHEMA projections;

-- Where each projection has read the log up to, written in the same transaction as its rows.
CREATE TABLE projections.checkpoints (
    name             text PRIMARY KEY,
    tx_id            xid8 NOT NULL,
    position         bigint NOT NULL,
    events_processed bigint NOT NULL DEFAULT 0,
    updated_at       timestamptz NOT NULL DEFAULT now()
);

-- The messages of every conversation in which residents and the org talk, without text.
CREATE TABLE projections.conversation_messages (
    event_id         uuid PRIMARY KEY,
    conversation_key text NOT NULL,
    org              text NOT NULL,
    platform         text NOT NULL,
    channel          text NOT NULL,
    account          text NOT NULL,
    service          text NOT NULL,
    kind             text NOT NULL,
    actor_hash       bytea,
    actor_is_org     boolean NOT NULL,
    addressee_hash   bytea,
    occurred_at      timestamptz NOT NULL,
    source_id        text NOT NULL,
    url              text
);
CREATE INDEX conversation_messages_key ON projections.conversation_messages (conversation_key);

-- One row per spell of a resident waiting for the org: opened by their first unanswered
-- message, closed by the org's first answer (docs/response-matching.md).
CREATE TABLE projections.response_items (
    item_id            uuid PRIMARY KEY,
    conversation_key   text NOT NULL,
    org                text NOT NULL,
    platform           text NOT NULL,
    channel            text NOT NULL,
    account            text NOT NULL,
    service            text NOT NULL,
    resident_hash      bytea,
    opened_at          timestamptz NOT NULL,
    last_message_at    timestamptz NOT NULL,
    message_count      integer NOT NULL,
    source_id          text NOT NULL,
    url                text,
    responded_at       timestamptz,
    response_event_id  uuid,
    responder_account  text,
    response_seconds   double precision
);
CREATE INDEX response_items_conversation ON projections.response_items (conversation_key);
CREATE INDEX response_items_org_opened ON projections.response_items (org, opened_at);
