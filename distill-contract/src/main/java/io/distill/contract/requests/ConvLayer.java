package io.distill.contract.requests;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import java.util.ArrayList;
import java.util.List;

/**
 * One convolution of a CNN: {@code filters} filters of {@code kernel} x {@code kernel}, stride 1 and same
 * padding (so the image keeps its size), then, when {@code pool} is above 1, a max-pool of
 * {@code pool} x {@code pool} with stride {@code pool}.
 *
 * @param filters output channels
 * @param kernel  the filters' side, odd so that same padding is symmetric
 * @param pool    the max-pool's side and stride; 1, the default, pools nothing
 */
public record ConvLayer(
        @Min(1) @Max(MAX_FILTERS) int filters,
        @Min(1) @Max(MAX_KERNEL) int kernel,
        @Min(1) @Max(MAX_POOL) int pool) {

    /** The most filters of one convolution. */
    public static final int MAX_FILTERS = 1_024;
    /** The largest kernel side. */
    public static final int MAX_KERNEL = 11;
    /** The largest pooling side. */
    public static final int MAX_POOL = 8;

    /** Reads a layer whose {@code pool} may be absent, meaning none. */
    @JsonCreator
    static ConvLayer read(@JsonProperty("filters") int filters, @JsonProperty("kernel") int kernel,
            @JsonProperty("pool") Integer pool) {
        return new ConvLayer(filters, kernel, pool == null ? 1 : pool);
    }

    /** What is wrong with this layer on its own, each a sentence naming {@code field} (e.g. {@code conv[0]}). */
    public List<String> problems(String field) {
        List<String> problems = new ArrayList<>();
        if (filters < 1 || filters > MAX_FILTERS) {
            problems.add(field + ".filters is " + filters + ", expected 1 to " + MAX_FILTERS + ".");
        }
        if (kernel < 1 || kernel > MAX_KERNEL || kernel % 2 == 0) {
            problems.add(field + ".kernel is " + kernel + ", expected an odd size from 1 to " + MAX_KERNEL
                    + ", so that same padding keeps the image's size.");
        }
        if (pool < 1 || pool > MAX_POOL) {
            problems.add(field + ".pool is " + pool + ", expected 1 (none) to " + MAX_POOL + ".");
        }
        return problems;
    }

    /** The layer as a label reads it: {@code c32k3p2}, or {@code c32k3} without pooling. */
    public String label() {
        return "c" + filters + "k" + kernel + (pool > 1 ? "p" + pool : "");
    }
}
