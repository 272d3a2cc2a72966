package io.distill.contract.metrics;

import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * What a job measured: one record per kind of job, so services build and read metrics as records,
 * never as maps.
 *
 * <p>How it is stored and read. A job's {@code metrics} (in its database row, at
 * {@code GET /<root>/<id>} and in its {@code JobResult}) and a model's (in {@code metadata.json} and
 * {@code ModelReady}) are the record's fields as a flat JSON object, the names the contract fixes,
 * plus {@code "kind"} naming the record. A reader picks the record by {@code kind}; an object written
 * before {@code kind} existed is recognised by a field only its kind has ({@link MetricsJson}), so old
 * rows, artifacts and events still read. A job with no metrics yet holds null, shown as {@code {}}.
 */
@JsonDeserialize(using = MetricsJson.Reader.class)
@Schema(description = "What the job measured; \"kind\" says which record it is.", oneOf = {TeacherMetrics.class,
        StudentMetrics.class, EnsembleMetrics.class, SpecialistMetrics.class, ControlMetrics.class,
        TransferSetMetrics.class})
public sealed interface RunMetrics permits ModelMetrics, SpecialistMetrics, ControlMetrics,
        TransferSetMetrics {

    /** Which record this is, written as {@code "kind"}. */
    String kind();

    /** These metrics as {@code type}, or an {@link IllegalStateException} naming both kinds. */
    default <M extends RunMetrics> M as(Class<M> type) {
        if (!type.isInstance(this)) {
            throw new IllegalStateException("The metrics are " + kind() + " metrics, expected "
                    + type.getSimpleName() + ".");
        }
        return type.cast(this);
    }
}
