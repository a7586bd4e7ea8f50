-- Playbook steps scheduled for customers, with their due time and what came of them.
create table follow_up (
    id           uuid         primary key,
    customer_id  varchar(64)  not null,
    playbook     varchar(64)  not null,
    step         varchar(64)  not null,
    channel      varchar(16)  not null,
    owner        varchar(128) not null,
    reason       varchar(32),
    due_at       timestamptz  not null,
    status       varchar(16)  not null,
    outcome      varchar(2000),
    created_at   timestamptz  not null,
    completed_at timestamptz
);
-- No duplicate open step for one customer: a second signal for the same reason schedules nothing new.
create unique index follow_up_one_open_step on follow_up (customer_id, playbook, step) where status = 'OPEN';
create index follow_up_owner_due on follow_up (owner, status, due_at);
create index follow_up_customer on follow_up (customer_id, due_at);
