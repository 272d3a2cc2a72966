package io.distill.server.jobs;

import io.distill.contract.jobs.FieldException;
import io.distill.contract.jobs.JobState;
import io.distill.contract.records.Builder;

/**
 * Which jobs a list shows ({@code GET /<root>?run=&state=&kind=&limit=&offset=}); each field null or absent
 * selects every job.
 *
 * @param run    a run's teacher job id: that job and every job whose id extends it (the transfer sets,
 *               students and ensembles its plan started, and their child jobs, whose ids derive from it)
 * @param state  one state
 * @param kind   one kind ({@code student}, {@code teacher-member}, ...)
 * @param limit  at most this many, 1 to {@value #MAX_LIMIT}
 * @param offset after skipping this many, oldest first
 */
@Builder
public record JobFilter(String run, JobState state, String kind, int limit, int offset) {

    public static final int MAX_LIMIT = 1_000;
    /** Every job: no filter, no page. */
    public static final JobFilter ALL = new JobFilter(null, null, null, Integer.MAX_VALUE, 0);

    public JobFilter {
        if (limit < 1) {
            throw new FieldException("limit", "is " + limit + ", expected 1 to " + MAX_LIMIT);
        }
        if (offset < 0) {
            throw new FieldException("offset", "is " + offset + ", expected 0 or more");
        }
    }
}
