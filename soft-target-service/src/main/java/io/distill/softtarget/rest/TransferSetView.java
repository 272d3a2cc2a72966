package io.distill.softtarget.rest;

import com.fasterxml.jackson.annotation.JsonUnwrapped;
import io.distill.core.jobs.Job;

/**
 * A transfer-set job as {@code GET /transfer-sets/{id}} shows it: the job's fields, plus how many
 * examples the set holds, how many are published so far and how many of each class.
 */
public record TransferSetView(@JsonUnwrapped Job job, Long count, long published, int[] classCounts) {

    public static TransferSetView of(Job job) {
        Object count = job.metrics().get("count");
        Object published = job.metrics().get("published");
        Object classCounts = job.metrics().get("classCounts");
        return new TransferSetView(job,
                count == null ? null : ((Number) count).longValue(),
                published == null ? 0 : ((Number) published).longValue(),
                classCounts instanceof int[] ints ? ints : classCounts instanceof java.util.List<?> list
                        ? list.stream().mapToInt(v -> ((Number) v).intValue()).toArray() : null);
    }
}
