-- Each outbox row says which event type it carries (the relay counts emitted events by type), instead of the relay
-- reading it back out of the payload.
alter table outbox add column type varchar(100);
update outbox set type = (payload::jsonb) ->> 'type';
alter table outbox alter column type set not null;
