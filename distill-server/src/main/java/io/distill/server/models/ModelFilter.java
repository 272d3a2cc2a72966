package io.distill.server.models;

import io.distill.contract.jobs.FieldException;
import io.distill.contract.records.Builder;
import io.distill.server.rest.JobFilters;

/**
 * Which models a list shows ({@code GET /models?run=&job=&kind=&dataset=&limit=&offset=}); each field null
 * selects every model.
 *
 * @param run     a run's teacher job id: the models of that job and of every job whose id extends it
 * @param job     the job that trained them
 * @param kind    {@code teacher}, {@code student}, ...
 * @param dataset the data set they were trained on
 * @param limit   at most this many, 1 to {@value #MAX_LIMIT}
 * @param offset  after skipping this many, oldest first
 */
@Builder
public record ModelFilter(String run, String job, String kind, String dataset, int limit, int offset) {

    public static final int MAX_LIMIT = 1_000;

    /** The filter a list's query parameters ask for; each may be null, and one it cannot read is a 400 naming it. */
    public static ModelFilter parse(String run, String job, String kind, String dataset, String limit, String offset) {
        return new ModelFilter(run, job, kind, dataset, JobFilters.limit(limit, MAX_LIMIT), JobFilters.offset(offset));
    }

    public ModelFilter {
        if (limit < 1) {
            throw new FieldException("limit", "is " + limit + ", expected 1 to " + MAX_LIMIT);
        }
        if (offset < 0) {
            throw new FieldException("offset", "is " + offset + ", expected 0 or more");
        }
    }
}
