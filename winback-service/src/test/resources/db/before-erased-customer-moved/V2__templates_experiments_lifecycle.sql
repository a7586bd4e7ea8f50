-- Offer templates, managed over REST: what an offer gives, for how long, and to whom.
create table offer_template (
    id                 varchar(64)   primary key,
    kind               varchar(20)   not null,
    discount_percent   integer,
    upgrade            varchar(200),
    validity_days      integer       not null,
    reasons            varchar(20)[] not null default '{}',
    min_lifetime_value numeric(14,2) not null default 0,
    active             boolean       not null default true,
    created_at         timestamptz   not null,
    updated_at         timestamptz   not null
);
insert into offer_template (id, kind, discount_percent, upgrade, validity_days, reasons, created_at, updated_at) values
    ('discount-20', 'DISCOUNT', 20, null, 30, '{PRICE}', now(), now()),
    ('discount-10', 'DISCOUNT', 10, null, 30, '{PRICE}', now(), now()),
    ('premium-support', 'SERVICE_UPGRADE', null, 'Three months of premium support', 30, '{SERVICE}', now(), now()),
    ('bundle-15-support', 'BUNDLE', 15, 'Three months of premium support', 30, '{}', now(), now());

-- Each time a customer is lost: when, why, how valuable, how they rank, and what was decided for them (an arm of the
-- experiment, or the holdout), and whether they came back within the window. One open episode per customer.
create table lost_customer (
    id             bigserial     primary key,
    customer_id    varchar(64)   not null,
    churned_at     timestamptz   not null,
    churn_reason   varchar(20)   not null,
    lifetime_value numeric(14,2) not null,
    priority       double precision not null,
    status         varchar(10)   not null,
    arm            varchar(64),
    offer_code     varchar(64),
    decided_at     timestamptz,
    window_until   timestamptz,
    redeemed_at    timestamptz,
    won_back_at    timestamptz,
    won_back_order varchar(128)
);
create unique index lost_customer_one_open on lost_customer (customer_id) where status in ('WAITING', 'OFFERED', 'HOLDOUT');
create index lost_customer_waiting on lost_customer (priority desc, churned_at) where status = 'WAITING';
create index lost_customer_window on lost_customer (window_until) where status in ('OFFERED', 'HOLDOUT');
create index lost_customer_decided on lost_customer (churn_reason, arm, decided_at);

-- What the priority needs beyond the churn signal: complaints (from tickets) and referrals (from the registry's
-- snapshots: who referred the customer).
create table customer_flags (
    customer_id varchar(64) primary key,
    complained  boolean     not null default false,
    referred_by varchar(64),
    referrals   integer     not null default 0
);

-- Customers erased on request: a late signal about them changes nothing.
create table erased_customer (
    customer_id varchar(64) primary key,
    erased_at   timestamptz not null
);

alter table offer add column template_id varchar(64);
create index offer_expiring on offer (valid_until) where status = 'ISSUED';
