package io.distill.core.artifact;

import io.distill.core.data.ClassFilter;
import io.distill.core.model.Architecture;
import java.time.Instant;
import java.util.Map;

/**
 * Everything needed to rebuild, trust and compare a trained model, saved as {@code metadata.json}.
 *
 * @param modelId         the model's id
 * @param kind            {@code teacher}, {@code student}, {@code generalist} or {@code specialist}
 * @param architecture    the net, enough to rebuild it before loading the parameters
 * @param dataset         the data set it was trained on
 * @param filters         the classes its training data kept
 * @param hyperparameters the run's settings (its {@code TrainConfig}, loss settings and the like)
 * @param metrics         test errors and friends
 * @param seed            the run's seed
 * @param engine          the DJL engine it was trained with
 * @param engineVersion   that engine's version
 * @param djlVersion      the DJL API version
 * @param createdAt       when the artifact was written
 * @param sha256          SHA-256 of the parameter file, lower-case hex
 */
public record ModelMetadata(
        String modelId,
        String kind,
        Architecture architecture,
        String dataset,
        ClassFilter filters,
        Map<String, Object> hyperparameters,
        Map<String, Object> metrics,
        long seed,
        String engine,
        String engineVersion,
        String djlVersion,
        Instant createdAt,
        String sha256) {

    /** The same metadata with the checksum of the parameters it describes. */
    public ModelMetadata withSha256(String checksum) {
        return new ModelMetadata(modelId, kind, architecture, dataset, filters, hyperparameters, metrics, seed,
                engine, engineVersion, djlVersion, createdAt, checksum);
    }
}
