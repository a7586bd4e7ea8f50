-- held_event is a queue: every live event is inserted, then deleted once released. PostgreSQL's default vacuums a table
-- once a fifth of its rows are dead, which for a queue that just drained a backlog of a million events means its pages
-- and index entries stay dead until 200,000 more pile up, and every look at the queue reads them. Vacuum it every
-- 10,000 dead rows instead (where autovacuum runs: a server with it off, as in CI, keeps them).
alter table held_event set (autovacuum_vacuum_scale_factor = 0, autovacuum_vacuum_threshold = 10000);
