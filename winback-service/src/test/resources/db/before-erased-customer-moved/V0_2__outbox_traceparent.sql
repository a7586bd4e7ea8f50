-- The W3C trace context an outbox row was written in; the relay continues that trace when it publishes the row.
alter table outbox add column traceparent varchar(64);
