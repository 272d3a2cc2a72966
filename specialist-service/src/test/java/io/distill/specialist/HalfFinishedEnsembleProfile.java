package io.distill.specialist;

import ai.djl.Model;
import ai.djl.engine.Engine;
import io.distill.core.artifact.ModelArtifact;
import io.distill.core.artifact.Parameters;
import io.distill.core.events.Json;
import io.distill.core.events.ModelReady;
import io.distill.core.events.TransferSetManifest;
import io.distill.core.jobs.Job;
import io.distill.core.jobs.JobState;
import io.distill.core.jobs.JobStore;
import io.distill.core.jobs.JsonDirectory;
import io.distill.core.model.Engines;
import io.distill.core.model.Models;
import io.distill.core.specialist.ClassClustering;
import io.distill.core.specialist.ClassCovariance;
import io.distill.core.specialist.ClassSubset;
import io.distill.core.specialist.SpecialistMix;
import io.distill.specialist.rest.EnsembleRequest;
import io.distill.specialist.service.GeneralistWeights;
import io.distill.specialist.service.SpecialistTraining;
import io.quarkus.test.junit.QuarkusTestProfile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A store as a killed process leaves it: ensemble job {@link #JOB_ID} RUNNING with two specialists
 * asked for, of which the first is saved in its checkpoint directory. That saved specialist is the
 * generalist's copy, never trained, marked by a last train loss of {@link #MARK}, so a test can
 * tell whether the restarted job reused it. The generalist and the transfer set are known.
 */
public class HalfFinishedEnsembleProfile implements QuarkusTestProfile {

    static final String JOB_ID = "e-halfdone";
    static final String SET = "fx-resume";
    static final double MARK = -1;
    /**
     * The subsets the profile expects, as JSON in a system property: the test runs in another class
     * loader than the profile, and system properties are one per JVM. Not under {@code distill.}.
     */
    static final String SUBSETS_PROPERTY = "specialist-test.resume-subsets";

    @Override
    public Map<String, String> getConfigOverrides() {
        Path store = Path.of("target", "test-store", "resume-" + UUID.randomUUID()).toAbsolutePath();
        try {
            prepare(store);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        return Map.of("distill.store-dir", store.toString(), "distill.specialist.input-timeout-seconds", "120");
    }

    private static void prepare(Path store) throws Exception {
        GeneralistFixture.Generalist g = GeneralistFixture.generalist("mnist");
        TransferSetManifest manifest = GeneralistFixture.publishTransferSet(g, SET, 3_000, null);
        new JsonDirectory<>(store.resolve("transfer-sets"), TransferSetManifest.class,
                TransferSetManifest::transferSetId).write(manifest);
        new JsonDirectory<>(store.resolve("generalists"), ModelReady.class, ModelReady::modelId)
                .write(g.announcement());

        EnsembleRequest request = new EnsembleRequest(g.modelId(), SET, 2, 3, 0, 1, 2, 100, 0.02, 0.9, 1, false, 4,
                0.5, false, null);
        // The subsets the job will find: the same logits, in example order, and the same seed.
        float[] logits = Arrays.copyOf(g.trainLogits(), 3_000 * 10);
        List<List<Integer>> subsets = ClassClustering.cluster(ClassCovariance.of(logits, 10), 2, 3, 0, 1);
        System.setProperty(SUBSETS_PROPERTY, Json.mapper().writeValueAsString(subsets));
        ClassSubset first = new ClassSubset(subsets.get(0), 10);
        Path dir = store.resolve("checkpoints").resolve(JOB_ID);
        Files.createDirectories(dir);
        Engine engine = Engines.engine(Engines.DEFAULT_ENGINE);
        try (ModelArtifact.Loaded generalist = ModelArtifact.load(GeneralistFixture.artifact(g), engine,
                engine.defaultDevice());
                Model specialist = Models.create("s0", generalist.metadata().architecture().withOutputs(
                        first.outputs()), engine, engine.defaultDevice(), 1)) {
            GeneralistWeights.of(Models.mlp(generalist.model())).initialise(Models.mlp(specialist), first);
            Parameters.save(specialist.getBlock(), SpecialistTraining.parameters(dir, 0));
        }
        int[] labels = new int[3_000];
        Arrays.setAll(labels, i -> g.data().train().label(i));
        SpecialistMix mix = SpecialistMix.draw(labels, first, request.trainConfig(0).seed());
        Json.mapper().writeValue(dir.resolve("specialist-0.json").toFile(), new SpecialistTraining.Trained(0,
                first.members(), mix.size(), mix.subsetExamples(), mix.otherExamples(), mix.oversamplingFactor(),
                mix.dustbinLogitShift(), MARK));

        Job job = Job.queued(JOB_ID, request.epochs(), Json.mapper().valueToTree(request))
                .withState(JobState.RUNNING, null);
        new JobStore(store.resolve("jobs")).save(job);
    }
}
