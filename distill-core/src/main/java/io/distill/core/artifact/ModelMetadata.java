package io.distill.core.artifact;

import io.distill.contract.metrics.ModelMetrics;
import io.distill.contract.events.ModelFormat;
import io.distill.contract.records.Builder;
import io.distill.contract.requests.Architecture;
import io.distill.contract.requests.ClassFilter;
import io.distill.contract.requests.InputForm;
import io.distill.core.train.Hyperparameters;
import java.time.Instant;

/**
 * Everything needed to rebuild, trust and compare a trained model, saved as {@code metadata.json}. Made
 * with {@code ModelMetadataBuilder}; {@code withSha256} adds the checksum once the parameters are written.
 *
 * @param modelId         the model's id
 * @param kind            {@code teacher}, {@code student}, {@code generalist} or {@code specialist}
 * @param architecture    the net, enough to rebuild it before loading the parameters
 * @param dataset         the data set it was trained on
 * @param filters         the classes its training data kept
 * @param hyperparameters the run's settings: architecture, optimisation, loss, seed and data; null for a
 *                        model this service only downloaded, whose producer keeps them
 * @param metrics         its metrics: a teacher's, a student's or a specialist ensemble's record
 * @param seed            the run's seed
 * @param engine          the DJL engine it was trained with
 * @param engineVersion   that engine's version
 * @param djlVersion      the DJL API version
 * @param createdAt       when the artifact was written
 * @param sha256          SHA-256 of the artifact file, lower-case hex
 * @param format          the artifact's format: {@code djl} (a net trained here; the default) or {@code onnx}
 *                        (a model trained elsewhere and imported, which has no architecture)
 * @param input           how an imported ONNX model takes its examples and what it outputs; null for djl
 */
@Builder
public record ModelMetadata(
        String modelId,
        String kind,
        Architecture architecture,
        String dataset,
        ClassFilter filters,
        Hyperparameters hyperparameters,
        ModelMetrics metrics,
        long seed,
        String engine,
        String engineVersion,
        String djlVersion,
        Instant createdAt,
        String sha256,
        ModelFormat format,
        InputForm input) implements ModelMetadataBuilder.With {

    public ModelMetadata {
        format = format == null ? ModelFormat.DJL : format;
    }
}
