-- Events to emit, written in the transaction of the change they announce and published after commit.
create table outbox (
    id          bigserial    primary key,
    event_id    varchar(200) not null,
    topic       varchar(100) not null,
    message_key varchar(64)  not null,
    payload     text         not null,
    created_at  timestamptz  not null
);

-- Ids of processed inbound events, written in the transaction of their effect: a redelivered event changes nothing.
create table processed_event (
    event_id     varchar(200) primary key,
    processed_at timestamptz  not null
);

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
