-- Who owns each customer, from the registry's profile snapshots: an account manager's token sees only their own.
create table customer_owner (
    customer_id varchar(64)  primary key,
    owner       varchar(128),
    as_of       timestamptz  not null
);
create index customer_owner_by_owner on customer_owner (owner);
