-- A conversation read from its cut needs the messages after the cut and every withdrawal before
-- it (a deletion of an earlier message changes what an answer answered). Asked as one condition
-- with OR, the server walked every row of the conversation to filter them, so a 2,000-message
-- Messenger thread still cost 2,000 heap reads; asked as two, the time part is a range of
-- conversation_messages_key_time and the withdrawals, which are rare, have this index.
CREATE INDEX conversation_messages_withdrawals ON projections.conversation_messages (conversation_key)
    WHERE kind IN ('delete', 'hide', 'unhide');
