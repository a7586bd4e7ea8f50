-- When this service (any instance) last read history: the scheduled tier recompute waits until an import has gone
-- quiet in every instance, not only in the one whose schedule fires.
create table history_intake (
    id      integer     primary key check (id = 1),
    last_at timestamptz not null
);
