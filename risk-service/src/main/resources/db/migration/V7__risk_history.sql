-- Every change of a customer's score, level or churn as it was stored, with the reasons then: the history frontends
-- chart. Written in the transaction of the assessment; deleted with the customer on erasure.
create table risk_change (
    id          bigint generated always as identity primary key,
    customer_id varchar(64) not null,
    changed_at  timestamptz not null,
    score       integer     not null,
    level       varchar(10) not null,
    churn_basis varchar(20),
    reasons     jsonb       not null
);
-- listed in the order stored (a customer's row is locked while an assessment is saved, so ids follow its changes)
create index risk_change_customer on risk_change (customer_id, id desc);
