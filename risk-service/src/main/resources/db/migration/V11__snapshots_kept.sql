-- A learning round keeps the snapshots the last one took when nothing they are made of can have changed since (no
-- history read, no erasure, the same grid days and settings, its latest day long enough past for no live event to be
-- dated in it): when they were taken, and of what.
alter table churn_validation add column snapshots_taken_at timestamptz;
alter table churn_validation add column snapshots_of text;
