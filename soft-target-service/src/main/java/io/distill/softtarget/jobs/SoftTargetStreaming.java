package io.distill.softtarget.jobs;

import ai.onnxruntime.OrtException;
import io.distill.contract.datasets.InputShape;
import io.distill.contract.events.FeatureForm;
import io.distill.contract.events.ModelReady;
import io.distill.contract.events.SoftTarget;
import io.distill.contract.events.SoftTargetSerializer;
import io.distill.contract.requests.Augmentation;
import io.distill.contract.requests.TransferSetRequest;
import io.distill.core.data.Copies;
import io.distill.core.data.ExampleSet;
import io.distill.core.data.FeatureScaling;
import io.distill.core.eval.Ensembles;
import io.distill.server.datasets.DataSets;
import io.distill.server.runtime.EngineRuntime;
import io.distill.softtarget.config.SoftTargetConfig;
import io.distill.softtarget.jobs.StreamPhases.Phase;
import io.distill.softtarget.messaging.SoftTargetMetrics;
import io.distill.softtarget.messaging.SoftTargetProducer;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Makes one transfer set: fetches and verifies the teachers, runs batched inference over the
 * filtered examples and their jittered copies, combines an ensemble's outputs, and streams one
 * {@link SoftTarget} per example and copy, carrying its example inline or naming it, as
 * {@link FeatureForm#of} decides from the set's element type and example size.
 */
@ApplicationScoped
public class SoftTargetStreaming {

    private final ArtifactCache artifacts;
    private final DataSets dataSets;
    private final EngineRuntime runtime;
    private final SoftTargetProducer producer;
    private final SoftTargetConfig config;
    private final SoftTargetMetrics metrics;

    public SoftTargetStreaming(ArtifactCache artifacts, DataSets dataSets, EngineRuntime runtime,
            SoftTargetProducer producer, SoftTargetConfig config, SoftTargetMetrics metrics) {
        this.artifacts = artifacts;
        this.dataSets = dataSets;
        this.runtime = runtime;
        this.producer = producer;
        this.config = config;
        this.metrics = metrics;
    }

    /** Hears how many of a set's events are published; may throw to stop the stream. */
    @FunctionalInterface
    public interface Progress {
        void published(long published, long count);
    }

    /** What was streamed, how its events carry their examples, and where the time went. */
    public record Streamed(long count, int[] classCounts, Map<String, long[]> offsets, FeatureForm form,
            InputShape shape, StreamPhases phases) {}

    /** Where a set's events come from: its data set as events name it, its split, and their form. */
    private record Source(String dataset, String split, FeatureForm form, int[] shape) {}

    /** The examples a request selects, in their file order. */
    public ExampleSet examples(TransferSetRequest request) {
        ExampleSet set = dataSets.get(request.dataset()).get(request.split().value());
        set = set.filter(request.classFilter(set.classes()));
        return request.limit().map(set::limit).orElse(set);
    }

    /**
     * Streams set {@code id}, telling {@code progress} every thousand events. Each example is followed
     * by its jittered copies, if the request asks for any, each with the teachers' logits on its own
     * pixels. Inference runs a chunk ahead of publishing: while one thread serialises and sends chunk k,
     * this one computes the logits of chunk k+1, so the two cores are not idle in turn.
     */
    public Streamed stream(String id, TransferSetRequest request, List<ModelReady> teachers, Progress progress)
            throws Exception {
        ExampleSet examples = examples(request);
        Augmentation augmentation = request.augmentation();
        long count = (long) examples.size() * augmentation.copies();
        FeatureForm form = FeatureForm.of(examples.type(), examples.features(), config.inlineMaxBytes());
        Source source = new Source(dataSets.require("dataset", request.dataset()).key(), request.split().value(),
                form, SoftTarget.eventShape(examples.shape()));
        // A chunk is about config.chunk() events, whatever the number of copies.
        int chunkExamples = Math.max(1, config.chunk() / augmentation.copies());
        SoftTargetProducer.Stream stream = producer.open(metrics::published);
        ExecutorService sender = Executors.newSingleThreadExecutor(r -> new Thread(r, "soft-targets-" + id));
        List<TeacherNet> members = new ArrayList<>();
        Optional<FeatureScaling> scaling = dataSets.featureScaling(request.dataset());
        StreamPhases phases = new StreamPhases();
        long mark = System.nanoTime();
        try {
            for (ModelReady teacher : teachers) {
                members.add(TeacherNet.open(artifacts.fetch(teacher), runtime, scaling));
            }
            mark = phases.since(Phase.TEACHERS, mark);
            Future<?> sending = null;
            for (int from = 0; from < examples.size(); from += chunkExamples) {
                int to = Math.min(examples.size(), from + chunkExamples);
                ExampleSet chunk = Copies.of(augmentation, examples.range(examples.name(), from, to));
                float[] logits = logits(request, members, chunk);
                mark = phases.since(Phase.INFERENCE, mark);
                await(sending);
                mark = phases.since(Phase.WAITING, mark);
                long first = (long) from * augmentation.copies();
                sending = sender.submit(() -> send(stream, id, chunk, augmentation, logits, source, first, count,
                        progress, phases));
            }
            await(sending);
            mark = phases.since(Phase.WAITING, mark);
        } finally {
            sender.shutdownNow();
            members.forEach(TeacherNet::close);
        }
        Map<String, long[]> offsets = stream.finish();
        phases.since(Phase.FLUSH, mark);
        progress.published(count, count);
        int[] classCounts = examples.classCounts();
        Arrays.setAll(classCounts, c -> classCounts[c] * augmentation.copies());
        return new Streamed(count, classCounts, offsets, form, examples.shape(), phases);
    }

    /** Serialises and sends one chunk of events; {@code first} is its first event's position in the whole set. */
    private static void send(SoftTargetProducer.Stream stream, String id, ExampleSet chunk, Augmentation augmentation,
            float[] logits, Source source, long first, long total, Progress progress, StreamPhases phases) {
        int classes = chunk.classes();
        // Summed here and added to the set's phases once a chunk, not once an event.
        long serialisation = 0;
        long sends = 0;
        for (int i = 0; i < chunk.size(); i++) {
            long mark = System.nanoTime();
            int exampleId = chunk.id(i);
            int copy = augmentation.copyAt(i);
            byte[] json = source.form() == FeatureForm.INLINE
                    ? SoftTargetSerializer.write(id, exampleId, copy, chunk.label(i), logits, i * classes, classes,
                            chunk.pixels(i), source.shape())
                    : SoftTargetSerializer.reference(id, source.dataset(), source.split(), exampleId, copy,
                            chunk.label(i), logits, i * classes, classes);
            long serialised = System.nanoTime();
            stream.send(SoftTarget.key(id, exampleId, copy), json);
            serialisation += serialised - mark;
            sends += System.nanoTime() - serialised;
            if ((first + i + 1) % 1000 == 0) {
                progress.published(first + i + 1, total);
            }
        }
        phases.add(Phase.SERIALISATION, serialisation);
        phases.add(Phase.SENDS, sends);
    }

    /** Waits for a chunk's sending, rethrowing what stopped it (a cancellation, a broker error). */
    private static void await(Future<?> sending) throws Exception {
        if (sending == null) {
            return;
        }
        try {
            sending.get();
        } catch (ExecutionException e) {
            throw e.getCause() instanceof Exception cause ? cause : e;
        }
    }

    /** The teachers' logits over {@code chunk}, combined when there are several. */
    private float[] logits(TransferSetRequest request, List<TeacherNet> members, ExampleSet chunk)
            throws OrtException {
        List<float[]> outputs = new ArrayList<>();
        for (TeacherNet member : members) {
            outputs.add(member.logits(chunk, config.inferenceBatch()));
        }
        return outputs.size() == 1 ? outputs.get(0) : Ensembles.combine(outputs, chunk.classes(), request.combine().value());
    }
}
