package io.distill.core.metrics;

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
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"kind"})
@JsonIgnoreProperties(value = "kind", allowGetters = true)
@JsonDeserialize(using = JsonDeserializer.None.class)
public record TransferSetMetrics(long count, long published, List<Integer> classCounts, Map<String, List<Long>> offsets,
        Double seconds) implements RunMetrics {

    public static final String KIND = "transfer-set";

    /** A set still streaming: {@code published} of {@code count} so far. */
    public static TransferSetMetrics streaming(long count, long published) {
        return new TransferSetMetrics(count, published, null, null, null);
    }

    /** A complete set: {@code count} examples, all published. */
    public static TransferSetMetrics complete(long count, int[] classCounts, Map<String, long[]> offsets,
            double seconds) {
        return new TransferSetMetrics(count, count, Lists.of(classCounts), Lists.of(offsets), seconds);
    }

    @Override
    @JsonProperty("kind")
    @Schema(description = "Which record these metrics are.", enumeration = KIND)
    public String kind() {
        return KIND;
    }
}
