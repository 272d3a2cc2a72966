package io.distill.server.datasets;

import ai.djl.ndarray.NDManager;
import io.distill.contract.datasets.DatasetManifest;
import io.distill.contract.datasets.ElementType;
import io.distill.contract.datasets.InputShape;
import io.distill.contract.jobs.FieldException;
import io.distill.contract.requests.ClassFilter;
import io.distill.contract.requests.DatasetNames;
import io.distill.contract.requests.EnsembleRequest;
import io.distill.core.data.DatasetArrays;
import io.distill.core.data.Datasets;
import io.distill.core.data.FeatureScaling;
import io.distill.server.config.DistillConfig;
import io.distill.server.runtime.EngineRuntime;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The data sets requests name, each read once and then shared by every job: a registered set by its id
 * or name, its arrays downloaded from the service that registered it; a built-in set ({@code mnist},
 * {@code fashion-mnist}) from the IDX files of {@code DISTILL_DATA_DIR}, which hold the same bytes.
 */
@ApplicationScoped
public class DataSets {

    /** The training split of either built-in set: 60,000 images less the 5,000 of validation. */
    private static final int BUILT_IN_TRAIN = 60_000 - Datasets.DEFAULT_HOLDOUT;

    /** MNIST, what a request is checked against while the set it will train on is unknown. */
    public static final Resolved MNIST = new Resolved(DatasetNames.MNIST, InputShape.MNIST, ElementType.UINT8,
            DatasetNames.CLASSES, BUILT_IN_TRAIN);

    private final DistillConfig config;
    private final DatasetRegistry registry;
    private final DatasetDownloads downloads;
    private final EngineRuntime runtime;
    private final Map<String, Datasets.Splits> loaded = new ConcurrentHashMap<>();
    private final Map<String, Optional<FeatureScaling>> scalings = new ConcurrentHashMap<>();

    public DataSets(DistillConfig config, DatasetRegistry registry, DatasetDownloads downloads,
            EngineRuntime runtime) {
        this.config = config;
        this.registry = registry;
        this.downloads = downloads;
        this.runtime = runtime;
    }

    /**
     * What a request's data set is: its shape and class count, which the request's other fields are checked
     * against.
     *
     * @param key           the built-in set's name, or the registered set's id: what a request records
     * @param trainExamples the size of its training split
     */
    public record Resolved(String key, InputShape shape, ElementType type, int classes, int trainExamples) {

        /** The filter of {@code omit} or {@code only}, refused naming the field when a class is not this set's. */
        public ClassFilter classFilter(List<Integer> omit, List<Integer> only) {
            return classFilter("", omit, only);
        }

        /** {@link #classFilter(List, List)} for fields under {@code at}, such as {@code plan.transferSets[0].}. */
        public ClassFilter classFilter(String at, List<Integer> omit, List<Integer> only) {
            requireClasses(at + "omitClasses", omit);
            requireClasses(at + "onlyClasses", only);
            if (omit != null && new TreeSet<>(omit).size() >= classes) {
                throw new FieldException(at + "omitClasses", "leaves none of the " + classes + " classes of " + key
                        + " to keep");
            }
            return ClassFilter.of(omit, only, classes);
        }

        /**
         * Refuses, naming the field under {@code at}, an ensemble that asks for more specialists, classes per
         * specialist, overlap or top classes than this set has classes.
         */
        public void checkEnsemble(String at, EnsembleRequest ensemble) {
            atMost(at + "specialists", ensemble.specialists(), classes, "");
            atMost(at + "maxClassesPerSpecialist", ensemble.maxClassesPerSpecialist(), classes - 1,
                    ", so that each specialist keeps a dustbin class");
            atMost(at + "overlap", ensemble.overlap(), classes - 1, "");
            atMost(at + "topN", ensemble.topN(), classes, "");
        }

        private void atMost(String field, Integer value, int most, String why) {
            if (value != null && value > most) {
                throw new FieldException(field, "is " + value + ", but must be at most " + most + " for the "
                        + classes + " classes of " + key + why);
            }
        }

        /** Refuses {@code jitter} pixels of translation, named {@code field}, for a set of vectors. */
        public void requireImagesFor(String field, int jitter) {
            if (jitter > 0 && !shape.isImage()) {
                throw new FieldException(field, "is " + jitter + ", but the examples of " + key + " are vectors of "
                        + shape.features() + " features, which cannot be translated; use 0");
            }
        }

        private void requireClasses(String field, List<Integer> values) {
            for (int i = 0; values != null && i < values.size(); i++) {
                Integer c = values.get(i);
                if (c != null && c >= classes) {
                    throw new FieldException(field + "[" + i + "]", "is " + c + ", but " + key
                            + " has classes 0 to " + (classes - 1));
                }
            }
        }
    }

    /** The set that request field {@code field} names, or a {@link FieldException} saying why there is none. */
    public Resolved require(String field, String idOrName) {
        if (DatasetNames.NAMES.contains(idOrName)) {
            if (!Datasets.isPresent(config.dataPath(), idOrName)) {
                throw new FieldException(field, "data set \"" + idOrName + "\" is missing from " + config.dataDir()
                        + "; run deploy/data/fetch-all.sh with DISTILL_DATA_DIR set to it");
            }
            return new Resolved(idOrName, MNIST.shape(), MNIST.type(), MNIST.classes(), BUILT_IN_TRAIN);
        }
        DatasetManifest manifest = registry.find(idOrName).orElseThrow(() -> new FieldException(field,
                "is \"" + idOrName + "\", which names no registered data set (GET /datasets of teacher-service"
                        + " lists them) nor a built-in one " + DatasetNames.NAMES));
        return new Resolved(manifest.datasetId(), manifest.shape(), manifest.type(), manifest.classes(),
                manifest.splits().train());
    }

    /** The splits of the set with this id or name, read on first use. */
    public Datasets.Splits get(String idOrName) {
        String key = require("dataset", idOrName).key();
        return loaded.computeIfAbsent(key, k -> {
            try {
                return DatasetNames.NAMES.contains(k) ? Datasets.load(config.dataPath(), k) : registered(k);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    private Datasets.Splits registered(String datasetId) throws IOException {
        DatasetManifest manifest = registry.find(datasetId).orElseThrow();
        Path arrays = downloads.fetch(manifest);
        try (NDManager manager = NDManager.newBaseManager(runtime.device(), runtime.engine().getEngineName())) {
            return DatasetArrays.read(manifest.name(), arrays, manifest.shape(), manifest.classes(), manager);
        }
    }

    /**
     * How the float32 features of the set with this id or name were scaled for training, read on first use;
     * empty for a set of uint8 images, which a net takes scaled to [0, 1].
     */
    public Optional<FeatureScaling> featureScaling(String idOrName) {
        Resolved set = require("dataset", idOrName);
        if (set.type() == ElementType.UINT8) {
            return Optional.empty();
        }
        return scalings.computeIfAbsent(set.key(), k -> {
            try (NDManager manager = NDManager.newBaseManager(runtime.device(), runtime.engine().getEngineName())) {
                return DatasetArrays.featureScaling(downloads.fetch(registry.find(k).orElseThrow()), manager);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    /** The manifest of a registered set, if {@code idOrName} names one. */
    public Optional<DatasetManifest> manifest(String idOrName) {
        return registry.find(idOrName);
    }
}
