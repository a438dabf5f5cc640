-- forget reaches the fetch/serve archive (issue 22 part 2): the register counts the archived
-- files an erasure rewrote without the resident. A count, no personal data.
ALTER TABLE privacy.erasures ADD COLUMN archive_files integer NOT NULL DEFAULT 0;
