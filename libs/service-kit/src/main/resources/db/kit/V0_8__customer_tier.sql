-- Each customer's A/B/C tier beside their owner, from the same profile snapshots: lists filter by it (risk by tier).
alter table customer_ownership add column tier varchar(1);
