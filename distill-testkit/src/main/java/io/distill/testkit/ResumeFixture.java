package io.distill.testkit;

import ai.djl.Model;
import ai.djl.nn.Block;
import ai.djl.training.loss.Loss;
import io.distill.core.data.BatchedDataset;
import io.distill.core.data.ImageSet;
import io.distill.core.events.Json;
import io.distill.core.events.Topics;
import io.distill.core.jobs.Job;
import io.distill.core.train.TrainConfig;
import io.distill.core.train.TrainingListener;
import io.distill.core.train.TrainingLoop;
import io.distill.service.config.DistillConfig;
import io.distill.service.jobs.JobRunner;
import io.distill.service.jobs.JobStore;
import io.distill.service.objects.CheckpointStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * A job that a dead replica left RUNNING after storing an epoch's checkpoint, as the replica that
 * takes it over finds it: the job record in the database, the checkpoint (weights and optimiser
 * state, from real training) in the object store only. And the same job run uninterrupted, to
 * compare the resumed run with.
 */
public final class ResumeFixture {

    /** The instance that the dead replica's job record names. */
    public static final String DEAD_REPLICA = "dead-replica";

    private final JobStore jobs;
    private final JobRunner runner;
    private final CheckpointStore checkpoints;
    private final Path checkpointCache;

    public ResumeFixture(JobStore jobs, JobRunner runner, CheckpointStore checkpoints, DistillConfig config) {
        this.jobs = jobs;
        this.runner = runner;
        this.checkpoints = checkpoints;
        this.checkpointCache = config.storePath().resolve("checkpoints");
    }

    /**
     * Trains {@code model} from the start as the dead replica did, through the service's checkpoint
     * store under {@code run} (a job id, or job id / member), and dies after {@code epochs} epochs.
     * This replica's cached copy of the checkpoint is then deleted: the resume must read the store.
     */
    public void trainOnDeadReplica(String run, int epochs, Model model, BatchedDataset train, ImageSet validation,
            TrainConfig config, Loss loss) throws IOException {
        TrainingLoop.fit(model, train, validation, config, loss, 0,
                List.of(checkpoints.open(run), new DiesAfter(epochs)));
        Path cached = checkpointCache.resolve(run);
        try (Stream<Path> files = Files.walk(cached)) {
            for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(file);
            }
        }
    }

    /**
     * Stores job {@code id} as the dead replica left it, RUNNING there after {@code epoch} of
     * {@code epochs} epochs, and has the scheduler fire it again, as Quartz does on this replica once
     * the dead one stops checking in.
     */
    public void resumeJobLeftRunning(String id, Object request, int epoch, int epochs) {
        jobs.save(Job.queued(id, epochs, Json.mapper().valueToTree(request)).startedOn(DEAD_REPLICA)
                .withProgress(epoch, (double) epoch / epochs, 1000, 0.5, 300, 10.0));
        runner.queue(id);
    }

    /** Queues job {@code id} with {@code request}, to run uninterrupted on this replica. */
    public void queueUninterrupted(String id, Object request, int epochs) {
        runner.create(Job.queued(id, epochs, Json.mapper().valueToTree(request)));
    }

    /**
     * The epochs (1-based) whose end job {@code id} of {@code service} reported on
     * {@code distill-progress}, in order, read once the job has published its result.
     */
    public static List<Integer> epochsEnded(String service, String id) {
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
