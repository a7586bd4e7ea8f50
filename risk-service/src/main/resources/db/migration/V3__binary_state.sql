-- The customer's state is stored in the binary form of io.retention.risk.store.StateCodec rather than as JSON: JSON cost
-- the service a third of its CPU per event and PostgreSQL a jsonb parse per row. Rows written before keep their JSON
-- until the customer is next assessed, when they are rewritten in the new form (no replay needed).
alter table customer_risk rename column state to legacy_state_json;
alter table customer_risk alter column legacy_state_json drop not null;
alter table customer_risk add column state bytea;

-- Customer ids compare byte by byte (the contract allows only ASCII in them): the database's default collation made
-- every key comparison of the hot path's index lookups a locale-aware one.
alter table customer_risk alter column customer_id type varchar(64) collate "C";
alter table erased_customer alter column customer_id type varchar(64) collate "C";
