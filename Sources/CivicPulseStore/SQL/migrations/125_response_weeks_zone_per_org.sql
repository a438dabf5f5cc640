-- The time zone each council's stored weeks were cut in. One database may hold several councils,
-- each with its own zone (docs/benchmarking.md): with one zone for the whole table, refreshing one
-- council's weeks in its zone recomputed every council's in that zone. Irreversible, and nothing
-- lost: the single row said nothing of whose zone it was, so it goes, and the next `process`
-- recomputes each council's weeks in its own zone once (the weeks are derived from the items).
DROP TABLE projections.response_weeks_zone;
CREATE TABLE projections.response_weeks_zone (
    org text PRIMARY KEY,
    time_zone text NOT NULL
);
COMMENT ON TABLE projections.response_weeks_zone IS
    'The time zone each council''s rows in projections.response_weeks were cut in; when its pipeline''s differs, the processor recomputes its weeks.';
