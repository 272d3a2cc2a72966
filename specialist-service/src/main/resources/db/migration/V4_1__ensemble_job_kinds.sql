-- The kinds of the ensemble jobs stored before kinds existed (V4): a job without a parent is an
-- ensemble; of an ensemble's child jobs, the control was told apart by its id, <parent>-control,
-- until now, and is told apart by it this once; the others are its specialists.
update distill_jobs set kind = case
        when parent_id is null then 'ensemble'
        when id = parent_id || '-control' then 'control'
        else 'specialist' end
    where kind is null;
update distill_jobs set body = jsonb_set(body, '{kind}', to_jsonb(kind)) where body ->> 'kind' is distinct from kind;
alter table distill_jobs alter column kind set not null;
