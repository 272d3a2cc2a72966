package io.distill.contract.events;

import io.distill.contract.metrics.EnsembleMetrics;
import io.distill.contract.records.Builder;
import io.distill.contract.requests.Plan;
import java.time.Instant;
import java.util.List;

/**
 * Announces a finished generalist-plus-specialists ensemble on {@code specialist-ensembles}; key:
 * the ensemble id.
 *
 * @param ensembleId        the ensemble's id, also its job id and its model id at the specialist-service
 * @param generalistModelId the generalist the specialists extend, as announced by its {@code ModelReady}
 * @param transferSetId     the transfer set the subsets were found and the specialists trained on
 * @param subsets           each specialist's classes, in specialist order
 * @param topN              how many of the generalist's top classes choose the active specialists
 * @param metrics           the ensemble job's metrics: {@code generalistTestErrors}, {@code ensembleTestErrors},
 *                          {@code testTotal} and the rest
 * @param artifactUri       absolute URL of the ensemble artifact (the specialists' parameters)
 * @param sha256            SHA-256 of the artifact bytes
 * @param plan              the plan entry that started the ensemble, or null
 */
@Builder
public record EnsembleReady(
        String ensembleId,
        String generalistModelId,
        String transferSetId,
        String dataset,
        List<List<Integer>> subsets,
        int topN,
        EnsembleMetrics metrics,
        String artifactUri,
        String sha256,
        Plan plan,
        Instant createdAt) {
}
