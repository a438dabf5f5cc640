-- Its roots are each node's root in projections.conversation_nodes (migration 150).
DROP TABLE projections.conversation_roots;
