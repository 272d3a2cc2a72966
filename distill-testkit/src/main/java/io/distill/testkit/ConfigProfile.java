package io.distill.testkit;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

/**
 * A test profile that is nothing but config overrides, with a local store of its own: a service's
 * profile names its keys and values in one constructor call.
 */
public abstract class ConfigProfile implements QuarkusTestProfile {

    private final Map<String, String> overrides;

    /** {@code keysAndValues} alternate: a config key, its value, the next key, its value... */
    protected ConfigProfile(String... keysAndValues) {
        if (keysAndValues.length % 2 != 0) {
            throw new IllegalArgumentException(getClass().getSimpleName() + " lists " + keysAndValues.length
                    + " strings, expected pairs of a key and its value.");
        }
        Map<String, String> map = new HashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put(keysAndValues[i], keysAndValues[i + 1]);
        }
        this.overrides = Map.copyOf(map);
    }

    @Override
    public Map<String, String> getConfigOverrides() {
        Map<String, String> all = new HashMap<>(overrides);
        all.putIfAbsent("distill.store-dir", "target/test-store/" + UUID.randomUUID());
        return all;
    }
}
