package io.distill.softtarget.service;

import io.distill.core.artifact.ModelArtifact;
import io.distill.core.data.ImageSet;
import io.distill.core.eval.Ensembles;
import io.distill.core.eval.Inference;
import io.distill.core.events.ModelReady;
import io.distill.core.events.SoftTarget;
import io.distill.service.runtime.DataSets;
import io.distill.service.runtime.EngineRuntime;
import io.distill.softtarget.config.SoftTargetConfig;
import io.distill.softtarget.messaging.SoftTargetProducer;
import io.distill.softtarget.rest.TransferSetRequest;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Makes one transfer set: fetches and verifies the teachers, runs batched inference over the
 * filtered examples, combines an ensemble's outputs, and streams one {@link SoftTarget} per example.
 */
@ApplicationScoped
public class SoftTargetStreaming {

    private final ArtifactCache artifacts;
    private final DataSets dataSets;
    private final EngineRuntime runtime;
    private final SoftTargetProducer producer;
    private final SoftTargetConfig config;

    public SoftTargetStreaming(ArtifactCache artifacts, DataSets dataSets, EngineRuntime runtime,
            SoftTargetProducer producer, SoftTargetConfig config) {
        this.artifacts = artifacts;
        this.dataSets = dataSets;
        this.runtime = runtime;
        this.producer = producer;
        this.config = config;
    }

    /** Hears how many of a set's events are published; may throw to stop the stream. */
    @FunctionalInterface
    public interface Progress {
        void published(long published, long count);
    }

    /** What was streamed. */
    public record Streamed(long count, int[] classCounts, Map<String, long[]> offsets) {}

    /** The examples a request selects, in their file order. */
    public ImageSet examples(TransferSetRequest request) {
        ImageSet set = dataSets.get(request.dataset()).get(request.split()).filter(request.classFilter());
        return request.limit() == null ? set : set.limit(request.limit());
    }

    /** Streams set {@code id}, telling {@code progress} every thousand events. */
    public Streamed stream(String id, TransferSetRequest request, List<ModelReady> teachers, Progress progress)
            throws Exception {
        ImageSet examples = examples(request);
        float[] logits = teacherLogits(request, teachers, examples);
        int classes = examples.classes();
        int[] shape = {examples.rows(), examples.cols()};
        SoftTargetProducer.Stream stream = producer.open();
        for (int i = 0; i < examples.size(); i++) {
            stream.send(new SoftTarget(id, examples.id(i), examples.label(i),
                    Arrays.copyOfRange(logits, i * classes, (i + 1) * classes),
                    SoftTarget.encode(examples.pixels(i)), shape));
            if ((i + 1) % 1000 == 0) {
                progress.published(i + 1, examples.size());
            }
        }
        Map<String, long[]> offsets = stream.finish();
        progress.published(examples.size(), examples.size());
        return new Streamed(examples.size(), examples.classCounts(), offsets);
    }

    /** Each teacher's logits over the examples, combined when there are several. */
    private float[] teacherLogits(TransferSetRequest request, List<ModelReady> teachers, ImageSet examples)
            throws Exception {
        List<float[]> members = new ArrayList<>();
        for (ModelReady teacher : teachers) {
            try (ModelArtifact.Loaded loaded = ModelArtifact.load(artifacts.fetch(teacher), runtime.engine(),
                    runtime.device())) {
                members.add(Inference.logits(loaded.model().getBlock(), loaded.model().getNDManager(), examples,
                        config.inferenceBatch()));
            }
        }
        return members.size() == 1 ? members.get(0) : Ensembles.combine(members, examples.classes(), request.combine());
    }
}
