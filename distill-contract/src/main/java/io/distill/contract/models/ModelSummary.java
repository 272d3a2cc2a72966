package io.distill.contract.models;

import io.distill.contract.events.ModelFormat;
import io.distill.contract.metrics.ModelMetrics;
import io.distill.contract.records.Builder;
import io.distill.contract.requests.Architecture;
import java.time.Instant;

/**
 * One model in a list of a service's models ({@code GET /models}): what it is, where it came from and
 * where to get it. {@code GET /models/{modelId}} has the rest (hyperparameters, filters, engine).
 *
 * @param modelId      the model's id
 * @param kind         {@code teacher}, {@code student} or {@code specialist-ensemble}
 * @param jobId        the job that trained it (a teacher job, an ensemble's too; a student job; an ensemble job),
 *                     whose record names its transfer set and so its teacher; null for an imported teacher
 * @param dataset      the data set it was trained on
 * @param format       {@code djl} (trained here) or {@code onnx} (imported)
 * @param architecture the net, or null for an imported model
 * @param metrics      its metrics, as in its metadata
 * @param seed         the run's seed (0 for an imported model)
 * @param createdAt    when its artifact was written
 * @param sha256       SHA-256 of the artifact file
 * @param artifactUri  where to download it ({@code GET /models/{modelId}/artifact})
 */
@Builder
public record ModelSummary(String modelId, String kind, String jobId, String dataset, ModelFormat format,
        Architecture architecture, ModelMetrics metrics, long seed, Instant createdAt, String sha256,
        String artifactUri) {}
