-- forget reaches the quarantine (issue 22 part 2): a quarantined record is raw payload, so one
-- naming the forgotten resident is blanked, and the register counts how many were.
ALTER TABLE privacy.erasures ADD COLUMN quarantined integer NOT NULL DEFAULT 0;
