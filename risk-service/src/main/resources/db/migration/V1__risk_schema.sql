-- What risk-service knows of each customer, and the level it last signalled.
create table customer_risk (
    customer_id       varchar(64)    primary key,
    open_tickets      integer        not null default 0,
    purchase_days     integer        not null default 0,
    net_revenue       numeric(19, 4) not null default 0,
    currency          varchar(3),
    first_purchase_at timestamptz,
    last_purchase_at  timestamptz,
    usage_count       bigint         not null default 0,
    last_usage_at     timestamptz,
    last_nps          integer,
    last_csat         integer,
    score             integer        not null default 0,
    level             varchar(10)    not null default 'LOW',
    churned           boolean        not null default false,
    churn_reason      varchar(20),
    updated_at        timestamptz    not null
);
create index customer_risk_level on customer_risk (level, customer_id);

-- Tickets by id, so a close that arrives before its open, or twice, still counts right.
create table ticket (
    customer_id  varchar(64)  not null,
    ticket_id    varchar(128) not null,
    category     varchar(20),
    opened_at    timestamptz,
    closed_at    timestamptz,
    satisfaction integer,
    primary key (customer_id, ticket_id)
);
