-- Nearly every event rewrites its customer's row. PostgreSQL can do that in place (a HOT update: no new index entries,
-- the old version pruned from the page without a vacuum) only when no indexed column changes and the page has room.
-- So the level index leaves out the score, which changes with almost every event (a page of a level is sorted by score
-- on reading: at-risk levels are a small share of customers), the due time changes only when it must (RiskEngine), and
-- pages keep a fifth free for the new versions.
drop index customer_risk_level;
create index customer_risk_level on customer_risk (level, customer_id);
alter table customer_risk set (fillfactor = 80);
