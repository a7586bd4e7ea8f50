-- What engagement-service knows of each customer from the registry's snapshots: how to reach them, whether they agreed
-- to it, their account manager, tier, stage and time zone.
create table customer_contact (
    customer_id varchar(64)  primary key,
    name        varchar(200),
    email       varchar(320),
    phone       varchar(32),
    owner       varchar(128),
    tier        varchar(1),
    stage       varchar(16),
    time_zone   varchar(64),
    consents    jsonb        not null default '[]',
    updated_at  timestamptz  not null
);

-- planned_at: when the playbook meant the step to fall due; due_at moves with snoozes and with the policy's postponements,
-- and a recurring step's next occurrence counts from planned_at so the cadence does not drift.
alter table follow_up
    add column trigger_ref  varchar(64) not null default '',
    add column occurrence   integer     not null default 0,
    add column template     varchar(64),
    add column purpose      varchar(40),
    add column params       jsonb       not null default '{}',
    add column planned_at   timestamptz,
    add column fired_at     timestamptz,
    add column sent_at      timestamptz,
    add column attempts     integer     not null default 0,
    add column held_reason  varchar(200),
    add column last_error   varchar(500);

-- One open step per customer, playbook, trigger (reason, tier, offer code) and occurrence of a recurring step: a signal
-- repeated, replayed or raced by a second instance schedules nothing new.
drop index follow_up_one_open_step;
create unique index follow_up_one_open_step on follow_up (customer_id, playbook, step, trigger_ref, occurrence)
    where status = 'OPEN';
-- The dispatcher's queue: open steps that have not fired, by due time; and sends whose sender may have crashed.
create index follow_up_to_fire on follow_up (due_at) where status = 'OPEN' and fired_at is null;
create index follow_up_sending on follow_up (sent_at) where status = 'SENDING';
-- The frequency cap counts a customer's recent messages.
create index follow_up_recent_messages on follow_up (customer_id, sent_at) where status in ('SENDING', 'SENT');
