-- Each node of the reply forests names its council's forest on its platform by one bigint,
-- `forest`, in place of the council and the platform as text: those two took about 20 bytes of
-- every row and of every entry of both indexes (the node's and the root's), for a handful of
-- forests a council (docs/performance.md, "Forests by id, and no empty urgent arrays"). Nothing
-- reads a council or a platform back out of a node: the processor asks for the nodes of one
-- forest at a time.
--   pair_digest: the first 8 bytes of the SHA-256 of the first label's length in bytes, a colon,
--     the first label and the second (so no two pairs make one text), as a signed big-endian
--     bigint; PairDigest.id in Swift is the same. The forest is pair_digest(council, platform), a
--     rules id (migration 157) pair_digest(calendar version, policy version).
CREATE FUNCTION projections.pair_digest(first text, second text) RETURNS bigint
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
SELECT ('x' || encode(substr(sha256(convert_to(octet_length($1) || ':' || $1 || $2, 'UTF8')), 1, 8), 'hex'))::bit(64)::bigint
$$;

CREATE OR REPLACE FUNCTION projections.response_rules_id(calendar_version text, policy_version text) RETURNS bigint
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
SELECT projections.pair_digest($1, $2)
$$;

-- A new table, filled in order, rather than the old one rewritten in place: it packs the pages.
CREATE TABLE projections.conversation_forest_nodes (
    forest bigint NOT NULL,
    node   text NOT NULL,
    root   text NOT NULL,
    ups    text[],
    PRIMARY KEY (forest, node)
);
INSERT INTO projections.conversation_forest_nodes (forest, node, root, ups)
SELECT projections.pair_digest(org, platform), node, root, ups FROM projections.conversation_nodes
ORDER BY 1, 2;

DROP TABLE projections.conversation_nodes;
ALTER TABLE projections.conversation_forest_nodes RENAME TO conversation_nodes;
ALTER INDEX projections.conversation_forest_nodes_pkey RENAME TO conversation_nodes_pkey;
CREATE INDEX conversation_nodes_root ON projections.conversation_nodes (forest, root);
COMMENT ON TABLE projections.conversation_nodes IS
    'Per linked message of a council''s reply forest on one platform (forest: projections.pair_digest(council, platform)), the root of its reply tree as the links known so far give it, and the messages its events said it sits below.';
