-- The tables every service keeps for the service kit; each service's own migrations start at V1.

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
