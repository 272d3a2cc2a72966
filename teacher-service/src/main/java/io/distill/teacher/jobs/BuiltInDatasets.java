package io.distill.teacher.jobs;

import io.distill.contract.requests.DatasetNames;
import io.distill.core.data.Datasets;
import io.distill.server.config.DistillConfig;
import io.distill.server.datasets.DatasetSources;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.List;
import java.util.Map;
import org.jboss.logging.Logger;

/**
 * Registers the built-in sets that {@code deploy/data/fetch-all.sh} put in {@code DISTILL_DATA_DIR}, through
 * the same path as a user's files, once the service has started: {@code GET /datasets} then lists them with
 * their ids. Registering again finds the first registration, so every replica may do it.
 */
@ApplicationScoped
public class BuiltInDatasets {

    private static final Logger LOG = Logger.getLogger(BuiltInDatasets.class);
    private static final Map<String, List<String>> CLASS_NAMES = Map.of(
            DatasetNames.MNIST, List.of("0", "1", "2", "3", "4", "5", "6", "7", "8", "9"),
            DatasetNames.FASHION_MNIST, List.of("T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal",
                    "Shirt", "Sneaker", "Bag", "Ankle boot"));

    private final DatasetSources sources;
    private final DistillConfig config;
    private final boolean enabled;

    public BuiltInDatasets(DatasetSources sources, DistillConfig config) {
        this.sources = sources;
        this.config = config;
        this.enabled = config.datasets().registerBuiltIns();
    }

    void onStart(@Observes StartupEvent start) {
        if (enabled) {
            Thread thread = new Thread(this::registerAll, "built-in-datasets");
            thread.setDaemon(true);
            thread.start();
        }
    }

    /** Registers every built-in set present, logging (not failing on) one that cannot be. */
    public void registerAll() {
        for (String name : DatasetNames.NAMES) {
            if (!Datasets.isPresent(config.dataPath(), name)) {
                continue;
            }
            try {
                var registered = sources.builtIn(name, config.dataPath().resolve(name), CLASS_NAMES.get(name));
                LOG.infof("Built-in data set %s is %s", name, registered.manifest().datasetId());
            } catch (Exception e) {
                LOG.warnf(e, "Built-in data set %s could not be registered; requests still read it from %s", name,
                        config.dataDir());
            }
        }
    }
}
