-- The outbox is a queue: every row is deleted once relayed. Vacuum it every 10,000 dead rows rather than once a fifth of
-- its rows are dead, so that a relayed backlog's dead rows do not stay in the way of the relay's reads (where autovacuum
-- runs: a server with it off, as in CI, keeps them).
alter table outbox set (autovacuum_vacuum_scale_factor = 0, autovacuum_vacuum_threshold = 10000);
