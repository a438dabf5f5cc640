-- Each council's reply trees are made from its own events' links (docs/benchmarking.md, "Processing
-- several councils"): two councils writing in one X thread had their messages in one conversation,
-- so one council's reply could answer the other's resident. The links and roots gain the council.
-- Irreversible, and nothing lost: the rows are derived from the log, and the projections version
-- this comes with (5) makes the next `civicpulse process` rebuild them, per council.
TRUNCATE projections.conversation_links, projections.conversation_roots;
ALTER TABLE projections.conversation_links ADD COLUMN org text NOT NULL;
ALTER TABLE projections.conversation_links DROP CONSTRAINT conversation_links_pkey;
ALTER TABLE projections.conversation_links ADD PRIMARY KEY (org, platform, node, up);
ALTER TABLE projections.conversation_roots ADD COLUMN org text NOT NULL;
ALTER TABLE projections.conversation_roots DROP CONSTRAINT conversation_roots_pkey;
ALTER TABLE projections.conversation_roots ADD PRIMARY KEY (org, platform, node);
DROP INDEX projections.conversation_roots_root;
CREATE INDEX conversation_roots_root ON projections.conversation_roots (org, platform, root);
