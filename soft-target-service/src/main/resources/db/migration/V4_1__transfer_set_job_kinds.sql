-- The kind of the transfer-set jobs stored before kinds existed (V4): every one is a transfer set.
update distill_jobs set kind = 'transfer-set' where kind is null;
-- A teacher plan's entry that could not start (FAILED, id <teacher job>-ts<i>) was recorded with the
-- entry as its request. It becomes the transfer-set request the entry asked for, as such an entry is
-- recorded now: from the teacher job, its own fields, and its name, students and ensembles as its plan.
update distill_jobs
    set body = jsonb_set(body, '{request}', (body -> 'request') - 'name' - 'students' - 'ensembles'
        || jsonb_build_object(
            'teacherModelIds', '[]'::jsonb,
            'teacherJobId', regexp_replace(id, '-ts[0-9]+$', ''),
            'plan', jsonb_build_object(
                'name', body #> '{request,name}',
                'students', coalesce(body #> '{request,students}', '[]'::jsonb),
                'ensembles', coalesce(body #> '{request,ensembles}', '[]'::jsonb))))
    where state = 'FAILED' and id ~ '-ts[0-9]+$' and jsonb_typeof(body -> 'request') = 'object'
        and body #> '{request,teacherJobId}' is null and body #> '{request,teacherModelIds}' is null;
update distill_jobs set body = jsonb_set(body, '{kind}', to_jsonb(kind)) where body ->> 'kind' is distinct from kind;
alter table distill_jobs alter column kind set not null;
