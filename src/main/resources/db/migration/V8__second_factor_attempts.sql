-- Issue 8: wrong second-factor codes (SMS, TOTP, recovery codes) are counted apart from wrong passwords, so a
-- successful password login (which ends a run of primary failures) cannot reset them: the tenth in a row, across
-- sessions, locks the member (member/Lockout.java holds the numbers).
ALTER TABLE members ADD COLUMN second_factor_failed_attempts integer NOT NULL DEFAULT 0;

-- The wrong second-factor codes presented with one intermediate session; the fifth consumes it.
ALTER TABLE intermediate_sessions ADD COLUMN wrong_codes integer NOT NULL DEFAULT 0;
