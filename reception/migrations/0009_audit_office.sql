-- The office an audit line concerns when it names no single registration (an export of an
-- office's approved registrations): a supervisor reads the lines of its offices only.
ALTER TABLE audit_log ADD COLUMN office TEXT;
