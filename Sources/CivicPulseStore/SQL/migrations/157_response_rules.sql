-- Each response item names the calendar and SLA policy versions it was judged by through one
-- bigint, `rules_id`, in place of the two labels as text: 36 bytes on average at 1M in the row
-- and again in the (org, opened_at) index the reports read, for a handful of distinct pairs
-- (docs/performance.md, "Rules by id"). The id is a digest of the pair, not a number handed out
-- in turn, so any batching of the log and any rebuild give every item the same id.
--   response_rules_id: the first 8 bytes of the SHA-256 of the calendar label's length in bytes,
--     a colon, the calendar label and the policy label (so no two pairs make one text), as a
--     signed big-endian bigint; ResponseRules.id in Swift is the same.
CREATE FUNCTION projections.response_rules_id(calendar_version text, policy_version text) RETURNS bigint
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
SELECT ('x' || encode(substr(sha256(convert_to(octet_length($1) || ':' || $1 || $2, 'UTF8')), 1, 8), 'hex'))::bit(64)::bigint
$$;

-- A council's labels are its own, as its pipeline is: the pairs are kept per council.
CREATE TABLE projections.response_rules (
    org              text NOT NULL,
    rules_id         bigint NOT NULL,
    calendar_version text NOT NULL,
    policy_version   text NOT NULL,
    PRIMARY KEY (org, rules_id),
    UNIQUE (org, calendar_version, policy_version)
);
COMMENT ON TABLE projections.response_rules IS
    'Per council, the (calendar version, SLA policy version) pairs its response items were judged by, by the id the items keep.';

INSERT INTO projections.response_rules (org, rules_id, calendar_version, policy_version)
SELECT DISTINCT org, projections.response_rules_id(calendar_version, policy_version), calendar_version, policy_version
FROM projections.response_items WHERE calendar_version IS NOT NULL AND policy_version IS NOT NULL;

-- The view reads the labels; it is installed again after the migrations, from sql/views.
DROP VIEW IF EXISTS analytics.response_items;
DROP INDEX projections.response_items_org_opened;
ALTER TABLE projections.response_items
    ALTER COLUMN policy_version TYPE bigint USING projections.response_rules_id(calendar_version, policy_version);
ALTER TABLE projections.response_items RENAME COLUMN policy_version TO rules_id;
ALTER TABLE projections.response_items DROP COLUMN calendar_version;
CREATE UNIQUE INDEX response_items_org_opened ON projections.response_items (org, opened_at, item_id)
    INCLUDE (service, channel, priority, responded_at, response_seconds, business_response_seconds,
             due_at, sla_business_clock, rules_id,
             resolution_at, resolution_replies, resolution_business_seconds);
