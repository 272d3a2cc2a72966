package io.distill.contract.events;

import io.distill.contract.metrics.ModelMetrics;
import io.distill.contract.records.Builder;
import io.distill.contract.requests.Architecture;
import io.distill.contract.requests.InputForm;
import io.distill.contract.requests.Plan;
import java.time.Instant;

/**
 * Announces a finished model on {@code teacher-models} or {@code student-models}; key: the model id.
 *
 * @param kind        {@code teacher}, {@code student} or {@code generalist}
 * @param ensembleId  the teacher job id shared by every member of an ensemble; null for a lone model
 * @param member       this model's index in its ensemble, from 0 (0 when an older producer left it out)
 * @param ensembleSize how many members the ensemble has, so a consumer knows when all have arrived
 *                     (1 when an older producer left it out)
 * @param metrics     the model's metrics, as saved in its metadata: a teacher's or a student's record
 * @param artifactUri absolute URL of the parameters, built from the producer's public URL
 * @param sha256      SHA-256 of the artifact bytes; a consumer verifies it after download
 * @param plan        the pipeline plan travelling with the model, or null
 * @param format      the artifact's format: {@code djl} (a net trained here, rebuilt from {@code architecture};
 *                    the default when an older producer left it out) or {@code onnx} (a teacher trained elsewhere
 *                    and imported, which has no architecture)
 * @param input       how an imported model takes its examples and what it outputs; null for djl
 * @param artifactBytes the artifact's size in bytes, from which a consumer plans an imported model's memory;
 *                    null for djl, whose memory is planned from {@code architecture}
 */
@Builder
public record ModelReady(
        String modelId,
        String kind,
        String jobId,
        String ensembleId,
        Integer member,
        Integer ensembleSize,
        String dataset,
        Architecture architecture,
        ModelMetrics metrics,
        String artifactUri,
        String sha256,
        Plan plan,
        Instant createdAt,
        ModelFormat format,
        InputForm input,
        Long artifactBytes) {

    public ModelReady {
        format = format == null ? ModelFormat.DJL : format;
        member = member == null ? 0 : member;
        ensembleSize = ensembleSize == null ? 1 : ensembleSize;
    }
}
