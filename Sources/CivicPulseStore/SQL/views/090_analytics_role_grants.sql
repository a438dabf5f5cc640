-- Privileges of the roles of migration 006, in this database, granted again on every migrate
-- so that tables and views added since are covered. Views run with their owner's rights (the
-- role that migrates), which is how the analyst reads analytics.* without any right on the
-- tables behind them.
REVOKE ALL ON SCHEMA civicpulse, projections, analytics FROM PUBLIC;

-- The analyst: the analytics views, nothing else.
GRANT USAGE ON SCHEMA analytics TO civicpulse_analyst;
GRANT SELECT ON ALL TABLES IN SCHEMA analytics TO civicpulse_analyst;

-- Ingest: append to the log and record its runs and quarantine; read them back (duplicates,
-- reports). No UPDATE, DELETE or TRUNCATE anywhere.
GRANT USAGE ON SCHEMA civicpulse TO civicpulse_ingest;
GRANT SELECT, INSERT ON civicpulse.events, civicpulse.quarantine, civicpulse.ingest_runs TO civicpulse_ingest;
-- The months retention.events dropped, so that a file of one is refused rather than appended again.
GRANT SELECT ON civicpulse.dropped_months TO civicpulse_ingest;

-- The processor: read the log, write the projections.
GRANT USAGE ON SCHEMA civicpulse, projections TO civicpulse_processor;
GRANT SELECT ON civicpulse.events TO civicpulse_processor;
GRANT SELECT, INSERT, UPDATE, DELETE, TRUNCATE ON ALL TABLES IN SCHEMA projections TO civicpulse_processor;

-- Every command checks the migration ledgers before it starts; reading them is all the ingest
-- and processor roles need to run the command line once the schema is up to date.
GRANT SELECT ON public.civicpulse_migrations, public.civicpulse_repeatables TO civicpulse_ingest, civicpulse_processor;

-- Privacy (docs/privacy.md): ingest allocates pseudonyms and stores message keys; the processor
-- reads keys to decrypt. Ingest destroys the keys of messages a platform says were deleted
-- (leaving the tombstone, and a count in the register); any other erasure is `forget` (the
-- privacy role, below) or `retention apply` (the privacy role too, from cron). The analyst has no right here.
REVOKE ALL ON SCHEMA privacy FROM PUBLIC;
GRANT USAGE ON SCHEMA privacy TO civicpulse_ingest, civicpulse_processor;
GRANT SELECT, INSERT ON privacy.residents, privacy.message_keys TO civicpulse_ingest;
GRANT UPDATE (key, keyword_urgent, destroyed_at) ON privacy.message_keys TO civicpulse_ingest;
GRANT INSERT ON privacy.erasures TO civicpulse_ingest;
GRANT SELECT ON privacy.message_keys TO civicpulse_processor;
-- A handle moves to whoever wrote under it last (migration 098).
GRANT SELECT, INSERT, UPDATE ON privacy.handles TO civicpulse_ingest;
-- After a restore, ingest unlinks again the pseudonyms the erasure register (erasures.jsonl) lists
-- before it looks any up, with their handles (docs/privacy.md, "Backups and restores").
GRANT DELETE ON privacy.residents, privacy.handles TO civicpulse_ingest;

-- The privacy officer (migration 097): `forget`, `privacy reapply` and `resident export`. Reads
-- the log (a resident's messages, and the text of one being erased to keep its urgency verdict)
-- and the actor key's fingerprint; destroys keys and unlinks pseudonyms; writes the register.
-- No projection copies a message's link (migration 156), so there is none to clear. It has no right
-- to change the log, which also refuses UPDATE and DELETE from everyone.
GRANT USAGE ON SCHEMA civicpulse, projections, privacy TO civicpulse_privacy;
GRANT SELECT ON civicpulse.events, civicpulse.actor_key, civicpulse.quarantine TO civicpulse_privacy;
-- `db status` says what retention.events has dropped and what is due; dropping is not this
-- role's: civicpulse.drop_recorded_month is executable by its owner alone (migration 127).
GRANT SELECT ON civicpulse.dropped_months TO civicpulse_privacy;
GRANT UPDATE (payload, reason) ON civicpulse.quarantine TO civicpulse_privacy;
GRANT SELECT, DELETE ON privacy.residents, privacy.handles TO civicpulse_privacy;
GRANT SELECT, UPDATE ON privacy.message_keys TO civicpulse_privacy;
GRANT SELECT, INSERT ON privacy.erasures TO civicpulse_privacy;
-- resident export finds the item a message belongs to (times only: no text, link or hash shown).
GRANT SELECT ON projections.conversation_messages, projections.response_items TO civicpulse_privacy;
-- resident export times each message's own answer (times only: no text, link or hash).
GRANT SELECT ON projections.later_replies TO civicpulse_privacy;
-- resident export finds the conversation of a settled message (positions only: migration 154).
GRANT SELECT ON projections.conversation_settled TO civicpulse_privacy;
GRANT SELECT ON public.civicpulse_migrations, public.civicpulse_repeatables TO civicpulse_privacy;
