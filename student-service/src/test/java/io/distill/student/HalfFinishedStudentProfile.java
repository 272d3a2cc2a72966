package io.distill.student;

import ai.djl.Model;
import ai.djl.engine.Engine;
import io.distill.core.events.Json;
import io.distill.core.jobs.Job;
import io.distill.core.jobs.JobState;
import io.distill.core.jobs.JobStore;
import io.distill.core.model.Engines;
import io.distill.core.model.Models;
import io.distill.core.train.Checkpoints;
import io.distill.core.train.TrainingListener;
import io.distill.student.rest.StudentRequest;
import io.quarkus.test.junit.QuarkusTestProfile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A store as a killed process leaves it: distilled student {@link #JOB_ID} RUNNING on transfer set
 * {@link #TRANSFER_SET}, 3 epochs asked for, with a checkpoint written after epoch 1. The service
 * starts on it; the transfer set is published only after that.
 */
public class HalfFinishedStudentProfile implements QuarkusTestProfile {

    static final String JOB_ID = "s-halfdone";
    static final String TRANSFER_SET = "fx-resume";
    static final int EPOCHS = 3;
    static final int CHECKPOINT_EPOCH = 1;

    @Override
    public Map<String, String> getConfigOverrides() {
        Path store = Path.of("target", "test-store", "resume-" + UUID.randomUUID()).toAbsolutePath();
        try {
            prepare(store);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Map.of("distill.store-dir", store.toString(),
                "distill.student.transfer-set-timeout-seconds", "300");
    }

    private static void prepare(Path store) throws IOException {
        StudentRequest request = new StudentRequest(TRANSFER_SET, List.of(64), StudentRequest.DISTILL, 20, 0.9, 0.1,
                0, 0, EPOCHS, 50, "sgd", 0.03, 0.9, 1, 5.0, 1, "none", true, null);
        Job job = Job.queued(JOB_ID, EPOCHS, Json.mapper().valueToTree(request))
                .withState(JobState.RUNNING, null)
                .withProgress(CHECKPOINT_EPOCH, (double) CHECKPOINT_EPOCH / EPOCHS, 1000, 0.5, 300, 10.0);
        new JobStore(store.resolve("jobs")).save(job);

        Engines.configure(Path.of("target", "djl-cache").toAbsolutePath());
        Engine engine = Engines.engine(Engines.DEFAULT_ENGINE);
        try (Model model = Models.create(JOB_ID, request.architecture(), engine, engine.defaultDevice(), 1)) {
            new Checkpoints(store.resolve("checkpoints").resolve(JOB_ID)).onEpochEnd(
                    new TrainingListener.EpochReport(CHECKPOINT_EPOCH, EPOCHS, 0.5, 300, 5000, 1000, 2, 0.03, 0.9),
                    model.getBlock());
        }
    }
}
