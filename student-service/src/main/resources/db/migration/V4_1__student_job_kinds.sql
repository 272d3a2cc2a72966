-- The kind of the student jobs stored before kinds existed (V4): every one is a student.
update distill_jobs set kind = 'student' where kind is null;
update distill_jobs set body = jsonb_set(body, '{kind}', to_jsonb(kind)) where body ->> 'kind' is distinct from kind;
alter table distill_jobs alter column kind set not null;
