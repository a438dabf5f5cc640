-- Every privacy action is in the register (issue 22 part 5): a subject access export is recorded
-- in privacy.erasures with scope 'access' and the number of messages it listed (no key destroyed,
-- no resident unlinked, no personal data).
ALTER TABLE privacy.erasures
    DROP CONSTRAINT erasures_scope_check,
    ADD CONSTRAINT erasures_scope_check CHECK (scope IN ('resident', 'retention', 'platform_delete', 'access'));
