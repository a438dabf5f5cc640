-- Three group roles (NOLOGIN: grant them to login roles, e.g. GRANT civicpulse_analyst TO alice):
--   civicpulse_analyst    reads the documented analytics views and nothing else;
--   civicpulse_ingest     appends to the log (INSERT and SELECT, never UPDATE or DELETE);
--   civicpulse_processor  reads the log and writes the projections.
-- Roles belong to the whole cluster, so they are created only when missing (another database
-- on the server may have made them already, or be making them at this moment); privileges
-- belong to each database and are granted in sql/views/090_analytics_role_grants.sql on every
-- migrate, so tables and views added later are covered too.
DO $$
DECLARE
    role record;
BEGIN
    FOR role IN SELECT * FROM (VALUES
        ('civicpulse_analyst', 'CivicPulse: reads the analytics.* views only (docs/analysts.md).'),
        ('civicpulse_ingest', 'CivicPulse: appends to civicpulse.events, quarantine and ingest_runs; cannot change or delete.'),
        ('civicpulse_processor', 'CivicPulse: reads the event log, writes projections.*.')) AS r(name, note)
    LOOP
        IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = role.name) THEN
            BEGIN
                EXECUTE format('CREATE ROLE %I NOLOGIN', role.name);
                EXECUTE format('COMMENT ON ROLE %I IS %L', role.name, role.note);
            EXCEPTION WHEN duplicate_object OR unique_violation THEN
                NULL; -- created by a concurrent migration of another database
            END;
        END IF;
    END LOOP;
END
$$;
