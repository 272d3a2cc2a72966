package io.distill.server.datasets;

import ai.djl.ndarray.NDManager;
import io.distill.contract.datasets.DatasetFormat;
import io.distill.contract.datasets.DatasetManifest;
import io.distill.contract.datasets.DatasetManifestBuilder;
import io.distill.contract.datasets.DatasetScaling;
import io.distill.contract.events.Topics;
import io.distill.contract.jobs.FieldException;
import io.distill.contract.json.Json;
import io.distill.core.artifact.Sha256;
import io.distill.core.data.DatasetArrays;
import io.distill.core.data.Datasets;
import io.distill.core.data.formats.SourceDataset;
import io.distill.server.config.DistillConfig;
import io.distill.server.config.LimitsConfig;
import io.distill.server.limits.OverLimitException;
import io.distill.server.messaging.KafkaClients;
import io.distill.server.objects.ObjectStore;
import io.distill.server.runtime.EngineRuntime;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.jboss.logging.Logger;

/**
 * Registers data sets: reads a user's files once, checks them, stores the set's arrays in the object
 * store and announces its manifest on {@code datasets}. A set's id is derived from its files, format and
 * options, so registering the same files the same way again finds the first registration and reads
 * nothing.
 */
@ApplicationScoped
public class DatasetRegistrar {

    private static final Logger LOG = Logger.getLogger(DatasetRegistrar.class);

    /** The service that registers data sets and serves their arrays. */
    public static final String SERVING_SERVICE = "teacher-service";

    private final ObjectStore store;
    private final DatasetRegistry registry;
    private final EngineRuntime runtime;
    private final DistillConfig config;
    private final LimitsConfig limits;
    private final ReentrantLock registering = new ReentrantLock();
    private final KafkaProducer<String, String> announcements;

    public DatasetRegistrar(ObjectStore store, DatasetRegistry registry, EngineRuntime runtime,
            DistillConfig config, LimitsConfig limits, KafkaClients kafka) {
        this.store = store;
        this.registry = registry;
        this.runtime = runtime;
        this.config = config;
        this.limits = limits;
        this.announcements = kafka.producer("datasets", new StringSerializer(), new StringSerializer(), Map.of());
    }

    /** A set and whether this call registered it (false: it was registered before). */
    public record Registered(DatasetManifest manifest, boolean created) {}

    /**
     * What a registration reads: the files, how, a key naming the options that change the result, and the
     * scaling asked for (null: the default for the set's type).
     */
    public record Source(String name, DatasetFormat format, String options, DatasetScaling scaling,
            List<DatasetManifest.SourceFile> files, Supplier<SourceDataset> reader) {}

    /** The set's id: {@code ds-} and 16 hex digits of the SHA-256 of the format, options and files. */
    public static String datasetId(Source source) {
        StringBuilder key = new StringBuilder(source.format().label()).append('\n').append(source.options());
        // A scaling asked for is part of the set; none asked for adds nothing, so ids stay as they were.
        if (source.scaling() != null) {
            key.append(";scaling=").append(source.scaling().label());
        }
        source.files().forEach(f -> key.append('\n').append(f.sha256()));
        return "ds-" + Sha256.of(key.toString().getBytes(StandardCharsets.UTF_8)).substring(0, 16);
    }

    /**
     * Registers {@code source}, or finds its earlier registration. A replica registers one set at a time: a
     * registration holds about three times the set's arrays on the heap while it reads, splits and writes
     * them (docs/benchmarks.md), so that two at once could exceed what {@code dataset-fraction} plans for.
     */
    public Registered register(Source source) throws IOException {
        registering.lock();
        try {
            String id = datasetId(source);
            Optional<DatasetManifest> earlier = registry.find(id);
            if (earlier.isPresent()) {
                return new Registered(earlier.get(), false);
            }
            return registerNew(id, source);
        } finally {
            registering.unlock();
        }
    }

    private Registered registerNew(String id, Source source) throws IOException {
        long started = System.nanoTime();
        SourceDataset data = source.reader().get();
        DatasetScaling scaling;
        try {
            scaling = DatasetArrays.scaling(data, source.scaling());
        } catch (IllegalArgumentException e) {
            throw new FieldException("scaling", e.getMessage());
        }
        long heapBytes = heapBytes(data);
        long limit = (long) (Runtime.getRuntime().maxMemory() * limits.datasetFraction());
        if (heapBytes > limit) {
            throw new OverLimitException(List.of(new OverLimitException.Refusal("source", String.format(
                    "holds %,d examples of %s %s, %,d bytes once loaded, over this replica's limit of %,d bytes"
                            + " (distill.limits.dataset-fraction of the maximum heap)", count(data),
                    data.shape().label(), data.type().label(), heapBytes, limit))));
        }
        Datasets.Splits splits = DatasetArrays.splits(source.name(), data);
        Path file = Files.createTempFile(Files.createDirectories(config.storePath()), id, ".npz");
        try {
            try (NDManager manager = NDManager.newBaseManager(runtime.device(), runtime.engine().getEngineName())) {
                DatasetArrays.write(splits, scaling, file, manager);
            }
            String sha256 = Sha256.of(file);
            store.put(arraysKey(id), file);
            DatasetManifest manifest = DatasetManifestBuilder.builder()
                    .datasetId(id).name(source.name()).format(source.format())
                    .shape(data.shape()).type(data.type()).classNames(data.classNames())
                    .splits(new DatasetManifest.SplitSizes(splits.train().size(), splits.validation().size(),
                            splits.test().size()))
                    .validation(DatasetArrays.validationRule(data)).scaling(scaling.label())
                    .files(source.files()).arraysUri(config.publicBase() + "/datasets/" + id + "/arrays")
                    .arraysSha256(sha256).heapBytes(heapBytes).registeredAt(Instant.now())
                    .build();
            store.put(manifestKey(id), Json.mapper().writeValueAsBytes(manifest));
            announce(manifest);
            LOG.infof("Registered data set %s (%s): %,d examples of %s %s, %d classes, %,d bytes of arrays, in %.1f s",
                    id, source.name(), count(data), data.shape().label(), data.type().label(), data.classes(),
                    Files.size(file), (System.nanoTime() - started) / 1e9);
            registry.remember(manifest);
            return new Registered(manifest, true);
        } finally {
            Files.deleteIfExists(file);
        }
    }

    /** Where a registered set's arrays are in this service's part of the object store. */
    public static String arraysKey(String datasetId) {
        return "datasets/" + datasetId + "/arrays.npz";
    }

    private static String manifestKey(String datasetId) {
        return "datasets/" + datasetId + "/manifest.json";
    }

    private void announce(DatasetManifest manifest) throws IOException {
        try {
            announcements.send(new ProducerRecord<>(Topics.DATASETS, manifest.datasetId(),
                    Json.mapper().writeValueAsString(manifest))).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("Interrupted while announcing data set " + manifest.datasetId(), e);
        } catch (ExecutionException e) {
            throw new IOException("Kafka refused the announcement of data set " + manifest.datasetId() + ": "
                    + e.getCause().getMessage(), e.getCause());
        }
    }

    /** The heap a set's arrays take once loaded: its values, and a label and an id per example. */
    static long heapBytes(SourceDataset data) {
        return count(data) * ((long) data.shape().features() * data.type().bytes() + 2L * Integer.BYTES);
    }

    private static long count(SourceDataset data) {
        return (long) data.train().count() + data.test().count()
                + (data.validation() == null ? 0 : data.validation().count());
    }

    @PreDestroy
    void close() {
        announcements.close();
    }
}
