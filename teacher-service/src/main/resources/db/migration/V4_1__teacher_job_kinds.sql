-- The kinds of the teacher jobs stored before kinds existed (V4): a job with a parent is a member of
-- that teacher ensemble. A member's index was read from its id, <parent>-<member>, until now; it is
-- read from there this once, into its request's "member".
update distill_jobs set kind = case when parent_id is null then 'teacher' else 'teacher-member' end
    where kind is null;
update distill_jobs
    set body = jsonb_set(body, '{request,member}', to_jsonb(substr(id, length(parent_id) + 2)::integer))
    where kind = 'teacher-member' and body #> '{request,member}' is null;
update distill_jobs set body = jsonb_set(body, '{kind}', to_jsonb(kind)) where body ->> 'kind' is distinct from kind;
alter table distill_jobs alter column kind set not null;
