package io.distill.contract.metrics;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * A transfer-set job's metrics: while it streams, how far it is; once complete, also what the set holds.
 *
 * @param count       examples in the set
 * @param published   examples published so far
 * @param classCounts examples of each class; once complete
 * @param offsets     per partition, the first and last offset of the set's events; once complete
 * @param seconds     how long the whole set took (download, inference, publishing); once complete
 * @param generation  which stream of the set this is: 1 at first, one up for each re-stream of an
 *                    expired set; metrics written before generations read as 1
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"kind"})
@JsonIgnoreProperties(value = "kind", allowGetters = true)
@JsonDeserialize(using = JsonDeserializer.None.class)
public record TransferSetMetrics(long count, long published, List<Integer> classCounts, Map<String, List<Long>> offsets,
        Double seconds, Integer generation) implements RunMetrics {

    public static final String KIND = "transfer-set";

    public TransferSetMetrics {
        generation = generation == null ? 1 : generation;
    }

    /** Generation {@code generation} of a set, streaming: {@code published} of {@code count} so far. */
    public static TransferSetMetrics streaming(long count, long published, int generation) {
        return new TransferSetMetrics(count, published, null, null, null, generation);
    }

    /** Generation {@code generation} of a complete set: {@code count} examples, all published. */
    public static TransferSetMetrics complete(long count, int[] classCounts, Map<String, long[]> offsets,
            double seconds, int generation) {
        return new TransferSetMetrics(count, count, Lists.of(classCounts), Lists.of(offsets), seconds, generation);
    }

    /** The offsets as a manifest gives them: per partition, the first and last. */
    public Map<String, long[]> offsetRanges() {
        Map<String, long[]> ranges = new java.util.TreeMap<>();
        if (offsets != null) {
            offsets.forEach((p, r) -> ranges.put(p, new long[] {r.get(0), r.get(1)}));
        }
        return ranges;
    }

    @Override
    @JsonProperty("kind")
    @Schema(description = "Which record these metrics are.", enumeration = KIND)
    public String kind() {
        return KIND;
    }
}
