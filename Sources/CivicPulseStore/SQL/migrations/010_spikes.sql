-- Surges in residents' messages and listening mentions, and what they make urgent
-- (docs/emergencies.md). All of it is derived by the processor and rebuilt by `process --rebuild`.

-- Messages per local hour in each series: a listening topic, a service's inbound items, all
-- inbound items ('all', 'inbound'), all listening mentions ('mentions', 'all'). An hour with no
-- row had no messages.
CREATE TABLE projections.hourly_counts (
    org       text NOT NULL,
    dimension text NOT NULL,
    value     text NOT NULL,
    hour      timestamptz NOT NULL,
    count     integer NOT NULL CHECK (count > 0),
    PRIMARY KEY (org, dimension, value, hour)
);
CREATE INDEX hourly_counts_org_hour ON projections.hourly_counts (org, hour);

-- How far the detector has seen: the newest message time (which decides which hours are
-- closed) and the first hour of history (earlier hours are unknown, not quiet). After a rebuild,
-- the log position up to which the processor had already appended its spike events, so the
-- replay appends none of them again.
CREATE TABLE projections.spike_detector (
    org             text PRIMARY KEY,
    watermark       timestamptz,
    history_start   timestamptz,
    replay_tx_id    xid8,
    replay_position bigint
);

-- The spikes the detector finds in the counts as they stand: one row per spike, from its first
-- hour to the first hour back to normal (ended_at, NULL while it lasts). spike_id is the event
-- id of its spike_started event in the log.
CREATE TABLE projections.spikes (
    spike_id       uuid PRIMARY KEY,
    org            text NOT NULL,
    dimension      text NOT NULL,
    value          text NOT NULL,
    started_at     timestamptz NOT NULL,
    ended_at       timestamptz,
    early          boolean NOT NULL,
    start_count    integer NOT NULL,
    baseline       double precision NOT NULL,
    baseline_kind  text NOT NULL CHECK (baseline_kind IN ('weekly', 'daily', 'recent')),
    baseline_hours integer NOT NULL,
    score          double precision NOT NULL,
    peak_count     integer NOT NULL,
    peak_at        timestamptz NOT NULL,
    end_count      integer,
    end_baseline   double precision,
    CONSTRAINT spikes_once UNIQUE (org, dimension, value, started_at)
);

-- Residents' messages that are on listening topics, so that when a topic's spike starts or ends
-- the messages it covers can be made urgent or routine again. keyword_urgent: the urgency the
-- message has of its own (an emergency keyword), whatever the spikes.
CREATE TABLE projections.message_topics (
    event_id         uuid PRIMARY KEY,
    org              text NOT NULL,
    conversation_key text NOT NULL,
    topics           text[] NOT NULL,
    occurred_at      timestamptz NOT NULL,
    keyword_urgent   boolean NOT NULL
);
CREATE INDEX message_topics_org_occurred ON projections.message_topics (org, occurred_at);
