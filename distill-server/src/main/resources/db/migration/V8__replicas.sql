-- Each replica of this service as it last reported itself (Replica as JSON in body, every 5 s), for
-- GET /replicas. A replica deletes its row when it stops gracefully; a killed one's row ages out.
create table distill_replicas (
    instance text        primary key,
    seen_at  timestamptz not null,
    body     jsonb       not null
);
