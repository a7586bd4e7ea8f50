-- Contract 1.2: history updates a customer's state without judging them; they are judged once their history has
-- settled. settle_pending marks those customers (their next_check_at is when their own history went quiet).
alter table customer_risk add column settle_pending boolean not null default false;

-- When this service (any instance) last read history: customers are judged only once it has gone quiet, so that an
-- import is judged on each customer's whole history even when one topic lags behind another.
create table history_intake (
    id      integer     primary key check (id = 1),
    last_at timestamptz not null
);
