-- The customer registry.
create table customer (
    customer_id     varchar(64)  primary key,
    name            varchar(200) not null,
    email           varchar(320),
    phone           varchar(40),
    tier            varchar(1),
    lifecycle_stage varchar(16)  not null,
    owner           varchar(128),
    time_zone       varchar(64)  not null,
    created_at      timestamptz  not null,
    updated_at      timestamptz  not null
);
create index customer_owner on customer (owner);
