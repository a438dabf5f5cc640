-- The spike detector judges only at the end of an appending transaction, so that the spike
-- events it appends are a function of the log (what it found after each transaction), not of
-- batch sizes or of where a run was killed and resumed (docs/emergencies.md). When a batch ends
-- inside a transaction, what its part of it changed waits here for the batch that reads the rest:
-- per series the earliest and latest hour counted, and the newest message time seen.
CREATE TABLE projections.spike_pending (
    org       text NOT NULL,
    dimension text NOT NULL,
    value     text NOT NULL,
    earliest  timestamptz NOT NULL,
    latest    timestamptz NOT NULL,
    PRIMARY KEY (org, dimension, value)
);

ALTER TABLE projections.spike_detector ADD COLUMN pending_newest timestamptz;
