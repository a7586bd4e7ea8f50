-- The score in force, one row per choice, the newest in force on every instance: the shipped weights with the
-- calibration that turns their score into a probability, or a learned model (issue 19).
create table churn_model (
    id           bigserial   primary key,
    chosen_at    timestamptz not null,
    kind         varchar(10) not null check (kind in ('SHIPPED', 'LEARNED')),
    model        jsonb,
    validated_on date,
    auc          float8
);

-- The calibrated probability of churn within the horizon, as of the last assessment.
alter table customer_risk add column churn_probability float8;
