package io.distill.core.eval;

import java.util.LinkedHashMap;
import java.util.Map;

/** The metrics map that jobs, artifacts and {@code ModelReady} events carry, in the contract's names. */
public final class Metrics {

    private Metrics() {}

    /**
     * {@code testErrors}, {@code testTotal}, {@code testLoss}, {@code perClassErrors},
     * {@code confusionMatrix} and, when a validation result is given, {@code validationErrors}
     * and {@code validationTotal}. The map is mutable so callers can add their own.
     */
    public static Map<String, Object> of(EvalResult test, EvalResult validation) {
        Map<String, Object> metrics = new LinkedHashMap<>();
        metrics.put("testErrors", test.errors());
        metrics.put("testTotal", test.total());
        metrics.put("testLoss", test.loss());
        if (validation != null) {
            metrics.put("validationErrors", validation.errors());
            metrics.put("validationTotal", validation.total());
        }
        metrics.put("perClassErrors", test.perClassErrors());
        metrics.put("confusionMatrix", test.confusion());
        return metrics;
    }
}
