-- A tier's cadence follows the registry's snapshot once it has held for a while (retention.engagement.cadence-settle):
-- since when a snapshot that changed the tier or the stage waits to be acted on.
alter table customer_contact add column cadence_pending_since timestamptz;

create index customer_contact_cadence_pending on customer_contact (cadence_pending_since)
    where cadence_pending_since is not null;
