-- Reply links across the whole log, for conversations the platform does not name (Twitter API
-- v1.1 and premium search: docs/response-matching.md, rule 1). A reader sees one file, so it can
-- only estimate a thread's root; the processor joins the pieces from every file and batch here.
CREATE TABLE projections.conversation_links (
    platform text NOT NULL,
    node     text NOT NULL,
    up       text NOT NULL,
    PRIMARY KEY (platform, node, up)
);
COMMENT ON TABLE projections.conversation_links IS
    'Each event''s statement that a message sits below another in a reply tree (its parent, or the root its reader estimated).';

-- The root of each linked message: the conversation it belongs to. A function of the links
-- alone (ConversationLinks.roots), so a rebuild gives the same rows whatever the batches.
CREATE TABLE projections.conversation_roots (
    platform text NOT NULL,
    node     text NOT NULL,
    root     text NOT NULL,
    PRIMARY KEY (platform, node)
);
CREATE INDEX conversation_roots_root ON projections.conversation_roots (platform, root);
COMMENT ON TABLE projections.conversation_roots IS
    'Per linked message, the root of its reply tree as the links known so far give it; the conversation is named after it.';
