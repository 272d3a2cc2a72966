package io.distill.softtarget.rest;

import com.fasterxml.jackson.annotation.JsonUnwrapped;
import io.distill.contract.jobs.Job;
import io.distill.contract.metrics.TransferSetMetrics;
import java.util.List;
import java.util.Optional;

/**
 * A transfer-set job as {@code GET /transfer-sets/{id}} shows it: the job's fields, plus how many
 * examples the set holds, how many are published so far and how many of each class, which stream of
 * the set this is ({@code generation}), and whether Kafka has deleted some of its events
 * ({@code expired}: a student or ensemble that needs it has it streamed again; null while Kafka
 * cannot be asked).
 */
public record TransferSetView(@JsonUnwrapped Job job, Long count, long published, List<Integer> classCounts,
        int generation, Boolean expired) {

    public static TransferSetView of(Job job, Boolean expired) {
        Optional<TransferSetMetrics> metrics = job.metrics(TransferSetMetrics.class);
        return new TransferSetView(job, metrics.map(TransferSetMetrics::count).orElse(null),
                metrics.map(TransferSetMetrics::published).orElse(0L),
                metrics.map(TransferSetMetrics::classCounts).orElse(null),
                metrics.map(TransferSetMetrics::generation).orElse(1), expired);
    }
}
