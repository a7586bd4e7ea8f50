-- Who owns each customer, from the registry's profile snapshots (kit CustomerOwners): an account manager's token sees
-- only their own in risk- and winback-service. customer-service and engagement-service keep the owner with the profile.
create table customer_ownership (
    customer_id varchar(64)  primary key,
    owner       varchar(128),
    as_of       timestamptz  not null
);
create index customer_ownership_by_owner on customer_ownership (owner);
