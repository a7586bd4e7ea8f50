-- The lifecycle stage is judged from facts that do not depend on the order events arrive in (contract 1.2): the earliest
-- purchase or use, the latest risk signal, the latest churn and the first return after it. Filled from the timeline for
-- customers already here.
alter table customer add column first_active_at timestamptz;
alter table customer add column risk_at timestamptz;
alter table customer add column risk_raised boolean not null default false;
alter table customer add column churned_at timestamptz;
alter table customer add column returned_at timestamptz;

-- The earliest use of a day, so that the first use after a churn can be found again.
alter table usage_day add column first_at timestamptz;
update usage_day set first_at = last_at;
alter table usage_day alter column first_at set not null;

update customer c set first_active_at = least(
        (select min(occurred_at) from timeline_entry t where t.customer_id = c.customer_id and t.type = 'retention.purchase.completed'),
        (select min(first_at) from usage_day u where u.customer_id = c.customer_id));
update customer c set risk_at = latest.occurred_at, risk_raised = latest.type = 'retention.risk.raised'
    from (select distinct on (customer_id) customer_id, occurred_at, type from timeline_entry
          where type in ('retention.risk.raised', 'retention.risk.cleared')
          order by customer_id, occurred_at desc, type desc) as latest
    where latest.customer_id = c.customer_id;
update customer c set churned_at = (select max(occurred_at) from timeline_entry t
        where t.customer_id = c.customer_id and t.type = 'retention.customer.churned');
update customer c set returned_at = least(
        (select min(occurred_at) from timeline_entry t where t.customer_id = c.customer_id and t.occurred_at > c.churned_at
            and t.type in ('retention.purchase.completed', 'retention.customer.won-back')),
        (select min(case when u.first_at > c.churned_at then u.first_at else u.last_at end) from usage_day u
            where u.customer_id = c.customer_id and u.last_at > c.churned_at))
    where churned_at is not null;
