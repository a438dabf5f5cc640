-- Settled conversations are found by the sixteenths of the log their positions fall in, not by
-- every position: the GIN index of positions (migration 154) held one entry a settled message,
-- 38 MB at 1M for 714,742 of them, a tenth of the projections' bytes beyond half the log's. A
-- position's sixteenth (position >> 4) is shared by the few conversations with a message among
-- those sixteen places of the log, so the index keeps about one key per sixteen positions with
-- their rows, 6 MB at 1M, and a lookup reads those few rows and keeps the ones holding the
-- position (docs/performance.md, "Settled positions by sixteenths").
--   position_buckets: the distinct sixteenths of the positions; what the index keeps.
--   holds_any_position: whether the positions hold any of `wanted`, in the form the planner finds
--     through the index (an SQL function of one expression, which the planner inlines).
CREATE FUNCTION projections.position_buckets(positions bigint[]) RETURNS bigint[]
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
SELECT ARRAY(SELECT DISTINCT p >> 4 FROM unnest(positions) AS p)
$$;

CREATE FUNCTION projections.holds_any_position(positions bigint[], wanted bigint[]) RETURNS boolean
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
SELECT projections.position_buckets(positions) && projections.position_buckets(wanted) AND positions && wanted
$$;

DROP INDEX projections.conversation_settled_positions;
CREATE INDEX conversation_settled_buckets ON projections.conversation_settled USING gin (projections.position_buckets(positions));
