-- A customer first seen in another service's signal (risk-service can read their first purchase before this service
-- does) is announced as registered only once their own first event (purchase, ticket, feedback, use) is read, since
-- that event says whether the registration is history or live (contract 1.2). Customers so far were all announced.
alter table customer add column registered_announced boolean not null default true;
