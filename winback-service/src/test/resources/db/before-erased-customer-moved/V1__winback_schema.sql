-- Win-back offers: a unique, unguessable code per offer.
create table offer (
    code             varchar(64) primary key,
    customer_id      varchar(64) not null,
    kind             varchar(20) not null,
    discount_percent integer,
    arm              varchar(64) not null,
    churn_reason     varchar(20) not null,
    status           varchar(10) not null,
    issued_at        timestamptz not null,
    valid_until      timestamptz not null,
    redeemed_at      timestamptz,
    order_id         varchar(128)
);
create index offer_customer on offer (customer_id, issued_at desc);
create index offer_status_valid_until on offer (status, valid_until);
