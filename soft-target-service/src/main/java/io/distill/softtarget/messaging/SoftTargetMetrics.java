package io.distill.softtarget.messaging;

import io.distill.contract.events.TransferSetState;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.BaseUnits;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;

/**
 * What this replica has published, as Prometheus counters: soft-target events and their bytes once
 * Kafka acknowledged them, and transfer sets closed by a manifest, by the manifest's state.
 * Registered at start-up, so every series reads 0 before the first set.
 */
@Startup
@ApplicationScoped
public class SoftTargetMetrics {

    private final Counter events;
    private final Counter bytes;
    private final Map<TransferSetState, Counter> sets;

    public SoftTargetMetrics(MeterRegistry registry) {
        events = Counter.builder("distill_soft_target_events")
                .description("Soft-target events this replica published that Kafka acknowledged")
                .baseUnit(BaseUnits.EVENTS).register(registry);
        bytes = Counter.builder("distill_soft_target_bytes")
                .description("Bytes of the acknowledged soft-target events' keys and JSON values, before compression")
                .baseUnit(BaseUnits.BYTES).register(registry);
        sets = new EnumMap<>(TransferSetState.class);
        for (TransferSetState state : TransferSetState.values()) {
            sets.put(state, sets(registry, state));
        }
    }

    private static Counter sets(MeterRegistry registry, TransferSetState state) {
        return Counter.builder("distill_transfer_sets")
                .description("Transfer sets this replica closed with a manifest on transfer-sets, by the manifest's state")
                .tag("state", state.name().toLowerCase(Locale.ROOT)).register(registry);
    }

    /** One soft-target event of {@code size} bytes (key and value) was acknowledged. */
    public void published(int size) {
        events.increment();
        bytes.increment(size);
    }

    /** A manifest in {@code state} ({@code COMPLETE} or {@code FAILED}, the only two) was acknowledged. */
    public void closed(TransferSetState state) {
        Counter counter = sets.get(state);
        if (counter != null) {
            counter.increment();
        }
    }
}
