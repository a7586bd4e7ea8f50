-- A customer first seen in an event has no name until a profile is given.
alter table customer alter column name drop not null;
-- The earliest moment the customer is known (registration or their earliest event): onboarding counts from it.
alter table customer add column first_seen_at timestamptz;
update customer set first_seen_at = created_at;
alter table customer alter column first_seen_at set not null;
-- When the current lifecycle stage began (event time of its cause).
alter table customer add column stage_since timestamptz;
update customer set stage_since = created_at;
alter table customer alter column stage_since set not null;
create index customer_tier on customer (tier);
create index customer_stage on customer (lifecycle_stage);

-- Every stage a customer entered, with its cause: the history behind the stage-based KPIs.
create table stage_change (
    id          bigserial    primary key,
    customer_id varchar(64)  not null,
    stage       varchar(16)  not null,
    changed_at  timestamptz  not null,
    cause       varchar(100) not null
);
create index stage_change_by_customer on stage_change (customer_id, changed_at);
create index stage_change_by_stage on stage_change (stage, changed_at);

-- Every interaction across channels, one row per event (usage is summarised per day in usage_day).
create table timeline_entry (
    id          bigserial    primary key,
    event_id    varchar(200) not null unique,
    customer_id varchar(64)  not null,
    occurred_at timestamptz  not null,
    kind        varchar(20)  not null,
    type        varchar(100) not null,
    channel     varchar(40),
    summary     text         not null,
    data        jsonb        not null
);
create index timeline_by_customer on timeline_entry (customer_id, occurred_at desc, id desc);

-- Product usage per customer and UTC day: events, total count, count per feature, and the latest use (where the day
-- sits on the timeline).
create table usage_day (
    customer_id varchar(64) not null,
    day         date        not null,
    events      integer     not null,
    total       bigint      not null,
    features    jsonb       not null,
    last_at     timestamptz not null,
    primary key (customer_id, day)
);

-- Net revenue per customer and UTC day (purchases less refunds): the input of the Pareto tiers and of NRR.
create table revenue_day (
    customer_id varchar(64)    not null,
    day         date           not null,
    amount      numeric(19, 4) not null,
    primary key (customer_id, day)
);
create index revenue_day_by_day on revenue_day (day);

-- The consent in force per customer, channel and purpose, and every change to it (when and how).
create table consent (
    customer_id varchar(64)  not null,
    channel     varchar(10)  not null,
    purpose     varchar(40)  not null,
    granted     boolean      not null,
    changed_at  timestamptz  not null,
    method      varchar(40)  not null,
    evidence    varchar(500),
    primary key (customer_id, channel, purpose)
);
create table consent_change (
    id          bigserial    primary key,
    customer_id varchar(64)  not null,
    channel     varchar(10)  not null,
    purpose     varchar(40)  not null,
    granted     boolean      not null,
    changed_at  timestamptz  not null,
    method      varchar(40)  not null,
    evidence    varchar(500),
    recorded_at timestamptz  not null
);
create index consent_change_by_customer on consent_change (customer_id, changed_at desc);

