-- Ids of processed inbound events, written in the transaction of their effect: a redelivered event changes nothing.
create table processed_event (
    event_id     varchar(200) primary key,
    processed_at timestamptz  not null
);

-- Events to emit, written in the transaction of the change they announce and published after commit.
create table outbox (
    id          bigserial    primary key,
    event_id    varchar(200) not null,
    topic       varchar(100) not null,
    message_key varchar(64)  not null,
    payload     text         not null,
    created_at  timestamptz  not null
);

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
