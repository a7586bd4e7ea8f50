-- One row per customer the service has written about (kit ErasedCustomers.lock): an erasure and the writes of an event
-- about the same customer lock it first, so they never interleave and a late event cannot bring an erased customer back.
create table erasure_lock (
    customer_id varchar(64) primary key
);
