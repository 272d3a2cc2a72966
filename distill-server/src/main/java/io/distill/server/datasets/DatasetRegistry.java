package io.distill.server.datasets;

import io.distill.contract.datasets.DatasetManifest;
import io.distill.contract.events.Topics;
import io.distill.contract.json.Json;
import io.distill.server.messaging.DeadLetters;
import io.distill.server.messaging.TopicCatchUp;
import io.distill.server.state.RecordTable;
import io.smallrye.reactive.messaging.annotations.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import javax.sql.DataSource;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;

/**
 * Every data set announced on {@code datasets}, kept in the service's schema so that every replica of
 * every service resolves a set's id, or its name, alike.
 */
@ApplicationScoped
public class DatasetRegistry {

    private final RecordTable<DatasetManifest> manifests;
    private final TopicCatchUp catchUp;
    private final String service;

    public DatasetRegistry(DataSource db, TopicCatchUp catchUp,
            @ConfigProperty(name = "quarkus.application.name") String service) {
        this.manifests = new RecordTable<>(db, "dataset", DatasetManifest.class, DatasetManifest::datasetId);
        this.catchUp = catchUp;
        this.service = service;
    }

    /** Remembers an announced set; a record that is not a usable manifest goes to {@code datasets.dlq}. */
    @Incoming(Topics.DATASETS)
    @Blocking
    public CompletionStage<Void> onRecord(Message<String> message) {
        return DeadLetters.handle(message, service, payload -> remember(parse(payload)));
    }

    /** Remembers a set this replica registered, before its announcement comes back from the topic. */
    public void remember(DatasetManifest manifest) {
        manifests.put(manifest);
    }

    /**
     * The set with id {@code idOrName} or, failing that, the most recently registered set of that name,
     * once this service has read every announcement now on the topic.
     */
    public Optional<DatasetManifest> find(String idOrName) {
        return catchUp.find(Topics.DATASETS, () -> lookup(idOrName));
    }

    /** Every known set, the most recently registered first. */
    public List<DatasetManifest> all() {
        return manifests.list().stream()
                .sorted(Comparator.comparing(DatasetManifest::registeredAt).reversed())
                .toList();
    }

    private Optional<DatasetManifest> lookup(String idOrName) {
        Optional<DatasetManifest> byId = manifests.get(idOrName);
        if (byId.isPresent()) {
            return byId;
        }
        return all().stream().filter(m -> m.name().equals(idOrName)).findFirst();
    }

    /** Reads and checks a manifest; anything unusable throws {@link IllegalArgumentException}. */
    static DatasetManifest parse(String payload) {
        try {
            DatasetManifest m = Json.mapper().readValue(payload, DatasetManifest.class);
            if (m == null || m.datasetId() == null || m.name() == null || m.shape() == null || m.type() == null
                    || m.classNames() == null || m.arraysUri() == null || m.arraysSha256() == null || m.registeredAt() == null) {
                throw new IllegalArgumentException("A data set manifest needs datasetId, name, shape, type,"
                        + " classNames, arraysUri, arraysSha256 and registeredAt: " + payload);
            }
            return m;
        } catch (IOException e) {
            throw new IllegalArgumentException("Not a DatasetManifest: " + e.getMessage(), e);
        }
    }
}
