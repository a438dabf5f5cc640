-- A run of `retention apply` that drops whole recorded months (retention.events) is registered
-- with its own scope: events dropped, keys that still held one, residents unlinked, quarantined
-- records removed. Counts only, as every row of the register.
ALTER TABLE privacy.erasures
    DROP CONSTRAINT erasures_scope_check,
    ADD CONSTRAINT erasures_scope_check CHECK (scope IN ('resident', 'retention', 'retention_events', 'platform_delete', 'access'));
