package io.distill.testkit;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.Model;
import ai.djl.nn.Block;
import ai.djl.training.loss.Loss;
import io.distill.contract.events.Topics;
import io.distill.contract.requests.Architecture;
import io.distill.core.data.BatchedDataset;
import io.distill.core.model.Models;
import io.distill.core.train.TrainConfig;
import io.distill.core.train.TrainingListener;
import io.distill.core.train.TrainingLoop;
import io.distill.server.config.DistillConfig;
import io.distill.server.jobs.JobKind;
import io.distill.server.jobs.JobRunner;
import io.distill.server.jobs.JobStore;
import io.distill.server.models.ModelStore;
import io.distill.server.objects.CheckpointStore;
import io.distill.server.runtime.EngineRuntime;
import io.restassured.path.json.JsonPath;
import jakarta.enterprise.inject.spi.CDI;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.stream.IntStream;
import java.util.stream.Stream;

/**
 * A job of {@value #EPOCHS} epochs that a dead replica left RUNNING after storing the checkpoint of
 * epoch {@value #DIED_AFTER}, as the replica that takes it over finds it: the job record in the
 * database, the checkpoint (weights and optimiser state, from real training) in the object store
 * only. Then the same job run uninterrupted, to compare the resumed run with.
 */
public final class ResumeFixture {

    /** The instance that the dead replica's job record names. */
    public static final String DEAD_REPLICA = "dead-replica";
    /** The job's epochs. */
    public static final int EPOCHS = 3;
    /** The epoch after whose checkpoint the dead replica died. */
    public static final int DIED_AFTER = 1;

    private final JobStore jobs;
    private final JobRunner runner;
    private final CheckpointStore checkpoints;
    private final EngineRuntime runtime;
    private final ModelStore models;
    private final Path checkpointCache;

    private ResumeFixture() {
        this.jobs = bean(JobStore.class);
        this.runner = bean(JobRunner.class);
        this.checkpoints = bean(CheckpointStore.class);
        this.runtime = bean(EngineRuntime.class);
        this.models = bean(ModelStore.class);
        this.checkpointCache = bean(DistillConfig.class).storePath().resolve("checkpoints");
    }

    /** The fixture on the running application's job store, scheduler, checkpoint store and engine. */
    public static ResumeFixture inThisApplication() {
        return new ResumeFixture();
    }

    private static <T> T bean(Class<T> type) {
        return CDI.current().select(type).get();
    }

    /**
     * Trains a model of {@code architecture} from the start as the dead replica did, through the
     * service's checkpoint store under {@code run} (a job id, or job id / member), and dies after
     * epoch {@value #DIED_AFTER}. It skips scoring a validation set, which does not touch the weights.
     * This replica's cached copy of the checkpoint is then deleted: the resume must read the store.
     */
    public void trainOnDeadReplica(String run, Architecture architecture, BatchedDataset train, TrainConfig config,
            Loss loss) throws IOException {
        try (Model model = Models.create(run, architecture, runtime.engine(), runtime.device(), config.seed())) {
            TrainingLoop.fit(model, train, null, config, loss, 0,
                    List.of(checkpoints.open(run), new DiesAfter(DIED_AFTER)));
        }
        Path cached = checkpointCache.resolve(run);
        try (Stream<Path> files = Files.walk(cached)) {
            for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(file);
            }
        }
    }

    /**
     * Stores job {@code id} as the dead replica left it, RUNNING there after epoch {@value #DIED_AFTER},
     * and has the scheduler fire it again, as Quartz does on this replica once the dead one stops
     * checking in. Once it ends, runs the same request (of job kind {@code kind}) uninterrupted as job
     * {@code uninterruptedId}, and asserts that the resume ran the job's second attempt and only the
     * epochs after the checkpoint, and ended with the uninterrupted job's model (its parameters'
     * SHA-256, where {@code modelOf} names a job's model) and test errors. Returns the resumed job as
     * {@code GET <root>/<id>} shows it.
     */
    public <R extends Record> JsonPath assertResumesIntoTheUninterruptedModel(String service, String root, String id,
            String uninterruptedId, JobKind<R> kind, R request, UnaryOperator<String> modelOf, Duration timeout)
            throws IOException {
        jobs.save(kind.queued(id, EPOCHS, request).startedOn(DEAD_REPLICA)
                .withProgress(DIED_AFTER, (double) DIED_AFTER / EPOCHS, 1000, 0.5, 300, 10.0));
        runner.queue(id);
        JsonPath resumed = JobWaits.awaitSuccess(root + "/" + id, timeout);
        runner.create(kind.queued(uninterruptedId, EPOCHS, request));
        JsonPath uninterrupted = JobWaits.awaitSuccess(root + "/" + uninterruptedId, timeout);

        assertThat(resumed.getInt("attempts")).isEqualTo(2);
        assertThat(resumed.getString("instance")).isNotEqualTo(DEAD_REPLICA);
        assertThat(resumed.getInt("metrics.lastEpoch")).isEqualTo(EPOCHS);
        assertThat(resumed.getInt("metrics.epochsRun")).isEqualTo(EPOCHS - DIED_AFTER);
        assertThat(uninterrupted.getInt("metrics.epochsRun")).isEqualTo(EPOCHS);
        // The epochs that ended on this replica are exactly those after the checkpoint.
        assertThat(epochsEnded(service, id)).containsExactlyElementsOf(
                IntStream.rangeClosed(DIED_AFTER + 1, EPOCHS).boxed().toList());
        // Its learning curve in the database holds those epochs, from its second start, each with the
        // uninterrupted run's training loss: the resume trained them exactly as that run did.
        JsonPath curve = given().get(root + "/" + id + "/epochs").then().statusCode(200).extract().jsonPath();
        JsonPath whole = given().get(root + "/" + uninterruptedId + "/epochs").then().statusCode(200).extract()
                .jsonPath();
        assertThat(curve.getList("epoch", Integer.class)).containsExactlyElementsOf(
                IntStream.rangeClosed(DIED_AFTER + 1, EPOCHS).boxed().toList());
        assertThat(curve.getList("attempt", Integer.class)).containsOnly(2);
        assertThat(whole.getList("epoch", Integer.class)).containsExactlyElementsOf(
                IntStream.rangeClosed(1, EPOCHS).boxed().toList());
        assertThat(curve.getList("trainLoss", Double.class)).containsExactlyElementsOf(
                whole.getList("trainLoss", Double.class).subList(DIED_AFTER, EPOCHS));
        assertThat(modelSha256(modelOf.apply(id))).as("the resumed model's parameters")
                .isEqualTo(modelSha256(modelOf.apply(uninterruptedId)));
        assertThat(resumed.getInt("metrics.testErrors")).isEqualTo(uninterrupted.getInt("metrics.testErrors"));
        return resumed;
    }

    private String modelSha256(String modelId) throws IOException {
        return models.metadata(modelId).orElseThrow(() -> new AssertionError("No model " + modelId)).sha256();
    }

    /** The epochs (1-based) whose end job {@code id} reported on {@code distill-progress}, after its result. */
    private static List<Integer> epochsEnded(String service, String id) {
        List<TopicReader.Event> progress = TopicReader.read(Topics.DISTILL_PROGRESS, (service + "/" + id)::equals,
                events -> events.stream().anyMatch(e -> e.value().has("modelIds")), Duration.ofSeconds(30));
        return progress.stream().filter(e -> e.value().has("epochs"))
                .filter(e -> !e.value().path("message").asText().contains("batch"))
                .map(e -> e.value().path("epoch").asInt()).toList();
    }

    /** Ends a run after an epoch, as a replica that dies right after storing its checkpoint. */
    private static final class DiesAfter implements TrainingListener {
        private final int epochs;
        private int ended;

        DiesAfter(int epochs) {
            this.epochs = epochs;
        }

        @Override
        public void onEpochEnd(EpochReport report, Block block) {
            ended = report.epoch();
        }

        @Override
        public boolean stopRequested() {
            return ended >= epochs;
        }
    }
}
