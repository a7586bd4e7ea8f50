-- Customers erased on request (kit ErasedCustomers): an event that arrives after the erasure must not bring them back.
-- Each service's own V2 migration created this table before the kit owned it; a database migrated then keeps it.
create table if not exists erased_customer (
    customer_id varchar(64) primary key,
    erased_at   timestamptz not null
);
