-- The SLA clock's verdict on every response item, fixed when the item opened
-- (docs/calendars-and-sla.md): its priority, the target and clock that applied, its deadline,
-- the business-clock response time, and which calendar and policy versions were used.
ALTER TABLE projections.conversation_messages
    ADD COLUMN urgent boolean NOT NULL DEFAULT false;

ALTER TABLE projections.response_items
    ADD COLUMN priority                 text NOT NULL DEFAULT 'routine' CHECK (priority IN ('routine', 'urgent')),
    ADD COLUMN sla_target               text,
    ADD COLUMN sla_business_clock       boolean,
    ADD COLUMN due_at                   timestamptz,
    ADD COLUMN business_response_seconds double precision,
    ADD COLUMN calendar_version         text,
    ADD COLUMN policy_version           text;

CREATE INDEX response_items_open ON projections.response_items (org, opened_at) WHERE responded_at IS NULL;
