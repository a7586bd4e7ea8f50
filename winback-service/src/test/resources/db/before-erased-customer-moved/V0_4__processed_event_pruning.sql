-- Processed-event ids older than the dedupe window are deleted: a BRIN index finds them (ids arrive in time order, so
-- the table's blocks are ordered by processed_at) at almost no cost to the insert of every event.
create index processed_event_processed_at on processed_event using brin (processed_at);
