package io.distill.contract.events;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.distill.contract.records.Builder;
import java.time.Instant;

/**
 * A job's progress on {@code distill-progress}, each epoch and every few seconds of streaming;
 * key: {@code <service>/<jobId>}.
 *
 * @param progress          fraction of the job done, 0..1
 * @param trainLoss         mean training loss of the last epoch, or null
 * @param validationErrors  validation errors after the last epoch, or null
 * @param etaSeconds        estimated seconds to completion, or null
 */
@JsonIgnoreProperties(value = "type", allowGetters = true)
@Builder
public record JobProgress(
        String service,
        String jobId,
        String state,
        int epoch,
        int epochs,
        double progress,
        double examplesPerSecond,
        Double trainLoss,
        Integer validationErrors,
        Double etaSeconds,
        String message,
        Instant timestamp) {

    /** This event's {@code type} on {@code distill-progress}, beside JobResult's {@code "result"}. */
    public static final String TYPE = "progress";

    /** Written as {@code "type"}, so a reader of the topic tells progress from results without guessing. */
    @JsonProperty("type")
    public String type() {
        return TYPE;
    }

    public static String key(String service, String jobId) {
        return service + "/" + jobId;
    }

    public String key() {
        return key(service, jobId);
    }
}
