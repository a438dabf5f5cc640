-- The privacy officer's group role (docs/privacy.md, docs/security.md): runs `forget`,
-- `privacy reapply` and `resident export`, and nothing else. It reads the log but cannot change
-- it (the log refuses UPDATE and DELETE from everyone); it can destroy message keys, unlink
-- pseudonyms, clear links in projections and write the register. Created only when missing,
-- as 006's roles are; its privileges are granted in sql/views/090_analytics_role_grants.sql.
DO $$
BEGIN
    IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'civicpulse_privacy') THEN
        BEGIN
            CREATE ROLE civicpulse_privacy NOLOGIN;
            COMMENT ON ROLE civicpulse_privacy IS 'CivicPulse: forget, privacy reapply and resident export (docs/privacy.md).';
        EXCEPTION WHEN duplicate_object OR unique_violation THEN
            NULL; -- created by a concurrent migration of another database
        END;
    END IF;
END
$$;
