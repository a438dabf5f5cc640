-- Its links are each node's ups in projections.conversation_nodes (migration 150).
DROP TABLE projections.conversation_links;
