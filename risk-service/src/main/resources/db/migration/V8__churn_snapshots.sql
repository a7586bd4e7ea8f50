-- Each buyer's churn features on the days of the snapshot grid (every 28 days), with the shipped score then, and what
-- became of them once the horizon had passed (churned null until then): what a learned score learns and is judged on.
create table churn_snapshot (
    cut_off       date        not null,
    customer_id   varchar(64) not null,
    features      float8[]    not null,
    shipped_score integer     not null,
    churned       boolean,
    primary key (cut_off, customer_id)
);
create index churn_snapshot_by_customer on churn_snapshot (customer_id);

-- The latest validation of the score, as the instance that fitted the models wrote it (GET /risk/model reads it).
create table churn_validation (
    id          integer     primary key check (id = 1),
    computed_at timestamptz not null,
    report      jsonb       not null
);
