-- Live events are applied to a customer in event-time order, whatever order the topics are read in: each waits here
-- until every inbound partition has been read past its time (or has nothing left unread), then is applied and judged.
create table held_event (
    event_id    varchar(200) primary key,
    customer_id varchar(64)  not null,
    event_time  timestamptz  not null,
    held_at     timestamptz  not null,
    event       bytea        not null,
    -- the trace of the record it came in: the signals it calls for continue it
    traceparent varchar(55)
);
create index held_event_time on held_event (event_time);
create index held_event_customer on held_event (customer_id, event_time);
create index held_event_held_at on held_event (held_at);

-- How far this service (all its instances) has read each partition of its inbound topics, written in the transaction
-- of the events read: the offset after the last record and the latest event time among them.
create table inbound_read (
    topic           varchar(200) not null,
    kafka_partition integer      not null,
    next_offset     bigint       not null,
    read_until      timestamptz,
    primary key (topic, kafka_partition)
);
