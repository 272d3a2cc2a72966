package io.distill.core.limits;

import io.distill.contract.requests.Architecture;
import io.distill.contract.requests.ArchitectureType;
import io.distill.contract.requests.EnsembleRequest;
import io.distill.contract.requests.Optimizer;
import io.distill.contract.requests.StudentRequest;
import io.distill.contract.requests.TeacherRequest;
import java.util.List;
import java.util.Locale;

/**
 * What each kind of job holds at once, from its completed request and what it reads (docs/api.md,
 * "Limits"). A data set is read once per replica and shared by its jobs, so it is not a job's; a
 * transfer set is read by each job that trains on it, onto the heap.
 */
public final class JobMemory {

    /**
     * Heap bytes per event of an MNIST transfer set that a job reads: the decoded event in a sorted map
     * (about 940 bytes) while it is copied into the set (829: 784 pixels, label, id, 10 logits), or a
     * specialist's set and its mix of up to as many examples (about 1,730). 2,048 bounds both; larger
     * examples or more classes take twice their values and logits, and 256 bytes besides.
     */
    public static final int HEAP_BYTES_PER_EVENT = 2_048;

    /** Heap bytes of one MNIST example of a data set: 784 pixels, its label and its id (ints). */
    public static final int HEAP_BYTES_PER_EXAMPLE = 792;

    private JobMemory() {}

    /** One teacher: a member of an ensemble, each its own job, or the only one. */
    public static MemoryNeed teacherMember(TeacherRequest request, Architecture net) {
        return MemoryEstimate.training(net, request.batchSize(), request.optimizer() == Optimizer.ADAM,
                netField(net), "batchSize");
    }

    /** An ensemble's own job: scores its members one at a time, keeping each one's test and validation logits. */
    public static MemoryNeed teacherEnsemble(TeacherRequest request, Architecture net) {
        long logits = MemoryEstimate.bytes((long) request.ensembleSize() * MemoryEstimate.SCORED_EXAMPLES
                * net.outputs());
        return MemoryEstimate.inference(net, MemoryEstimate.SCORING_BATCH, netField(net)).plus(MemoryNeed.of(
                new MemoryNeed.Part("ensembleSize", String.format(Locale.ROOT,
                        "the test and validation logits of %d members", request.ensembleSize()), 0, logits)));
    }

    /**
     * A student {@code net} training on a transfer set of {@code events} events (0 while the set is unknown)
     * whose examples take {@code valueBytes} a value (1 for uint8, 4 for float32).
     */
    public static MemoryNeed student(StudentRequest request, Architecture net, long events, int valueBytes) {
        return MemoryEstimate.training(net, request.batchSize(), request.optimizer() == Optimizer.ADAM,
                netField(net), "batchSize")
                .plus(transferSet(events, bytesPerEvent(net, valueBytes), "transferSetId"));
    }

    /**
     * A specialist, or the control: the generalist loaded, a net of its shape training from it, and
     * the transfer set with the specialist's mix drawn from it.
     */
    public static MemoryNeed specialist(EnsembleRequest request, Architecture generalist, long events) {
        return MemoryEstimate.loaded(generalist, "generalistModelId")
                .plus(MemoryEstimate.training(generalist, request.batchSize(), false, "generalistModelId",
                        "batchSize"))
                .plus(transferSet(events, bytesPerEvent(generalist, 1), "transferSetId"));
    }

    /**
     * An ensemble's own job: it reads the transfer set to plan the specialists, and later loads the
     * generalist and every specialist at once to combine them, scoring one at a time.
     */
    public static MemoryNeed ensemble(EnsembleRequest request, Architecture generalist, long events) {
        MemoryNeed models = MemoryEstimate.loaded(generalist, "generalistModelId");
        for (int i = 0; i < request.specialists(); i++) {
            models = models.plus(MemoryEstimate.loaded(generalist, "specialists"));
        }
        return models.plus(MemoryEstimate.forward(generalist, MemoryEstimate.SCORING_BATCH, "generalistModelId"))
                .plus(transferSet(events, bytesPerEvent(generalist, 1), "transferSetId"));
    }

    /**
     * An ONNX model of {@code modelBytes} imported as a teacher: loaded, run over the test and validation
     * splits in batches of {@code batchSize}, whose logits are kept to be scored (blamed on {@code field}, the file).
     */
    public static MemoryNeed teacherImport(long modelBytes, int inputs, int classes, int batchSize, String field) {
        LoadedModel model = LoadedModel.imported(modelBytes, inputs, classes, batchSize, field);
        return model.loaded().plus(MemoryNeed.of(model.forward(), new MemoryNeed.Part(field, String.format(
                Locale.ROOT, "the logits of %,d scored examples", MemoryEstimate.SCORED_EXAMPLES), 0,
                MemoryEstimate.bytes((long) MemoryEstimate.SCORED_EXAMPLES * classes))));
    }

    /**
     * A transfer set's stream: every teacher loaded at once and run one at a time over chunks of
     * about {@code chunk} events, two chunks on the heap (one computed while the other is sent),
     * each holding its examples of {@code inputs} values and every teacher's {@code classes} logits,
     * and the selected examples themselves.
     */
    public static MemoryNeed stream(List<LoadedModel> teachers, long examples, int copies, int chunk, int inputs,
            int classes, int valueBytes) {
        MemoryNeed need = MemoryNeed.of();
        MemoryNeed.Part pass = null;
        for (LoadedModel teacher : teachers) {
            need = need.plus(teacher.loaded());
            if (pass == null || teacher.forward().nativeBytes() >= pass.nativeBytes()) {
                pass = teacher.forward();
            }
        }
        if (pass != null) {
            need = need.plus(MemoryNeed.of(pass));
        }
        long chunkEvents = (long) Math.max(1, chunk / copies) * copies;
        long perExample = Math.max(HEAP_BYTES_PER_EXAMPLE, (long) inputs * valueBytes + 2L * Integer.BYTES);
        long perEvent = perExample + (long) (teachers.size() + 1) * classes * MemoryEstimate.FLOAT_BYTES;
        String field = copies > 1 ? "copies" : "limit";
        return need.plus(MemoryNeed.of(
                new MemoryNeed.Part("limit", String.format(Locale.ROOT, "the %,d selected examples", examples), 0,
                        MemoryNeed.saturatedMultiply(examples, perExample)),
                new MemoryNeed.Part(field, String.format(Locale.ROOT, "two chunks of %,d events with their logits",
                        chunkEvents), 0, MemoryNeed.saturatedMultiply(2 * chunkEvents, perEvent))));
    }

    /** The request field that sets a net's size: an MLP's shorthand {@code hidden}, else {@code architecture}. */
    private static String netField(Architecture net) {
        return net.type() == ArchitectureType.MLP ? "hidden" : "architecture";
    }

    /** Heap bytes per event of a transfer set for {@code net}, whose examples take {@code valueBytes} a value. */
    public static long bytesPerEvent(Architecture net, int valueBytes) {
        return Math.max(HEAP_BYTES_PER_EVENT,
                2 * ((long) net.inputs() * valueBytes + (long) net.outputs() * MemoryEstimate.FLOAT_BYTES) + 256);
    }

    /** A transfer set of {@code events} events of {@code perEvent} bytes read onto the heap, blamed on {@code field}. */
    public static MemoryNeed transferSet(long events, long perEvent, String field) {
        if (events <= 0) {
            return MemoryNeed.of();
        }
        return MemoryNeed.of(new MemoryNeed.Part(field, String.format(Locale.ROOT,
                "the transfer set's %,d events read into memory", events), 0,
                MemoryNeed.saturatedMultiply(events, perEvent)));
    }
}
