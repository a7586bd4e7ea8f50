-- After a new purchase model or a new score in force every buyer is re-assessed, in id order at an even pace over a
-- spread, by whichever instance holds this row: a sweep, rather than a new due time written into every buyer's row
-- (which rewrote every row and its indexes in a burst, and deadlocked with live releases when its pages locked rows
-- out of id order). One row: a newer model starts the sweep again, since it re-scores everyone anyway.
create table rescore_sweep (
    id         smallint    primary key check (id = 1),
    started_at timestamptz not null,
    spread_ms  bigint      not null,
    -- customers when the sweep started: the pace is a share of them per share of the spread
    customers  bigint      not null,
    looked_at  bigint      not null,
    after_id   varchar(64) collate "C" not null
);
