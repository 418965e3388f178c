-- PostgreSQL: the office an audit line concerns when it names no single registration.
ALTER TABLE audit_log ADD COLUMN office TEXT;
