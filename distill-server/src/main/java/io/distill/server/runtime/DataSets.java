package io.distill.server.runtime;

import io.distill.contract.jobs.FieldException;
import io.distill.contract.requests.DatasetNames;
import io.distill.core.data.Datasets;
import io.distill.server.config.DistillConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** The data sets of {@code DISTILL_DATA_DIR}, each read once and then shared by every job. */
@ApplicationScoped
public class DataSets {

    private final DistillConfig config;
    private final Map<String, Datasets.Splits> loaded = new ConcurrentHashMap<>();

    public DataSets(DistillConfig config) {
        this.config = config;
    }

    /** Checks that {@code name} is known and present, as request field {@code field}. */
    public void require(String field, String name) {
        if (!DatasetNames.NAMES.contains(name)) {
            throw new FieldException(field, "is \"" + name + "\", expected one of " + DatasetNames.NAMES);
        }
        if (!Datasets.isPresent(config.dataPath(), name)) {
            throw new FieldException(field, "data set \"" + name + "\" is missing from " + config.dataDir()
                    + "; run deploy/data/fetch-all.sh with DISTILL_DATA_DIR set to it");
        }
    }

    /** The splits of data set {@code name}, read on first use. */
    public Datasets.Splits get(String name) {
        return loaded.computeIfAbsent(name, n -> {
            try {
                return Datasets.load(config.dataPath(), n);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }
}
