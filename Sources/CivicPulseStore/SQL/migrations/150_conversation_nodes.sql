-- One row per linked message of a council's reply trees, with its root and the messages it sits
-- below, in place of conversation_links (one row a link) and conversation_roots (one row a
-- message) beside it: at 9.2M events those two held 1,348 MB for one forest, a link's row and
-- its primary key repeating the council, the platform and the node that the message's row
-- already held (docs/performance.md, "Leaner projections"). The forest is read both ways as
-- before: by node (its root and links, the primary key) and by root (a thread's members).
--   ups: the nodes the message's events said it sits below (its parent, or the root its reader
--     estimated), in sorted order so that a rebuild gives the same rows whatever the batches;
--     NULL when it is only ever named as another's up.
-- Filled from the two tables (every node of a link has a root there: ConversationLinks.roots
-- gives one to both ends), so the projections need no rebuild.
CREATE TABLE projections.conversation_nodes (
    org      text NOT NULL,
    platform text NOT NULL,
    node     text NOT NULL,
    root     text NOT NULL,
    ups      text[],
    PRIMARY KEY (org, platform, node)
);
CREATE INDEX conversation_nodes_root ON projections.conversation_nodes (org, platform, root);
COMMENT ON TABLE projections.conversation_nodes IS
    'Per linked message, the root of its reply tree as the links known so far give it, and the messages its events said it sits below.';

INSERT INTO projections.conversation_nodes (org, platform, node, root, ups)
SELECT org, platform, node, coalesce(r.root, node), l.ups
FROM projections.conversation_roots r
FULL JOIN (SELECT org, platform, node, array_agg(up ORDER BY up) AS ups FROM projections.conversation_links GROUP BY 1, 2, 3) l
    USING (org, platform, node);
