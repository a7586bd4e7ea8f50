-- The risk engine replaces the thin first tables: state rebuilds from the topics (offsets reset with the group).
drop table ticket;
drop table customer_risk;

-- One row per customer: the event-derived state (JSON), the last assessment, and the purchase summary the model fit
-- reads, kept as columns so that a fit is one grouped query.
create table customer_risk (
    customer_id         varchar(64)      primary key,
    state               jsonb            not null,
    score               integer          not null default 0,
    level               varchar(10)      not null default 'LOW',
    reasons             jsonb            not null default '[]',
    p_alive             double precision,
    expected_purchases  double precision,
    expected_value      double precision,
    churn_basis         varchar(10),
    purchase_days       integer          not null default 0,
    first_purchase_day  date,
    last_purchase_day   date,
    mean_repeat_value   numeric(19, 4),
    assessed_at         timestamptz      not null,
    next_check_at       timestamptz
);
create index customer_risk_level on customer_risk (level, score desc, customer_id);
-- the scheduled re-evaluation reads exactly the customers whose check is due
create index customer_risk_due on customer_risk (next_check_at) where next_check_at is not null;

-- Every fit of the purchase models; the newest is the one in use.
create table purchase_model (
    id                bigserial        primary key,
    fitted_at         timestamptz      not null,
    r                 double precision not null,
    alpha             double precision not null,
    a                 double precision not null,
    b                 double precision not null,
    log_likelihood    double precision not null,
    customers         bigint           not null,
    histories         integer          not null,
    evaluations       integer          not null,
    boundary          text,
    spend_p           double precision,
    spend_q           double precision,
    spend_gamma       double precision,
    spend_log_likelihood double precision,
    spend_customers   bigint,
    fit_millis        bigint           not null
);
