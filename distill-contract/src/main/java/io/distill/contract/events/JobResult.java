package io.distill.contract.events;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import io.distill.contract.metrics.MetricsJson;
import io.distill.contract.metrics.RunMetrics;
import io.distill.contract.records.Builder;
import java.time.Instant;
import java.util.List;

/**
 * A job's outcome on {@code distill-progress}, once it ends; key: {@code <service>/<jobId>}.
 *
 * @param state    {@code SUCCEEDED}, {@code FAILED} or {@code CANCELLED}
 * @param metrics  the job's final metrics, or null (written {@code {}}) when it ended without any
 * @param modelIds the models it produced
 * @param error    why it failed; null otherwise
 * @param parentId the job this one is part of (a teacher-ensemble member, a specialist); null otherwise
 * @param instance the replica that ran it last ({@code HOSTNAME}); null if none started it
 */
@JsonIgnoreProperties(value = "type", allowGetters = true)
@Builder
public record JobResult(
        String service,
        String jobId,
        String state,
        @JsonSerialize(nullsUsing = MetricsJson.NoneAsEmptyObject.class) RunMetrics metrics,
        List<String> modelIds,
        String error,
        Instant finishedAt,
        String parentId,
        String instance) {

    /** This event's {@code type} on {@code distill-progress}, beside JobProgress's {@code "progress"}. */
    public static final String TYPE = "result";

    /** Written as {@code "type"}, so a reader of the topic tells progress from results without guessing. */
    @JsonProperty("type")
    public String type() {
        return TYPE;
    }

    public String key() {
        return JobProgress.key(service, jobId);
    }
}
