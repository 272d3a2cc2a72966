package io.distill.softtarget.jobs;

import io.distill.contract.events.ModelReady;
import io.distill.contract.events.Topics;
import io.distill.server.messaging.TopicCatchUp;
import io.distill.server.state.RecordTable;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * Every teacher announced on {@code teacher-models}, kept in the service's schema so that every
 * replica knows every teacher, whichever replica's consumer read its announcement, and after a
 * restart. A lookup that misses first catches up with the topic (read-your-writes).
 */
@ApplicationScoped
public class TeacherRegistry {

    private final RecordTable<ModelReady> teachers;
    private final TopicCatchUp catchUp;

    public TeacherRegistry(DataSource db, TopicCatchUp catchUp) {
        this.teachers = new RecordTable<>(db, "teacher", ModelReady.class, ModelReady::modelId);
        this.catchUp = catchUp;
    }

    /** Remembers a teacher; a repeated announcement replaces the earlier one. */
    public void register(ModelReady event) {
        teachers.put(event);
    }

    /** The teacher, once every announcement now on the topic has been read. */
    public Optional<ModelReady> get(String modelId) {
        return catchUp.find(Topics.TEACHER_MODELS, () -> teachers.get(modelId));
    }

    /**
     * The announced members of the ensemble trained by teacher job {@code jobId}, in member order;
     * when some are missing, once every announcement now on the topic has been read.
     */
    public List<ModelReady> members(String jobId) {
        List<ModelReady> members = announced(jobId);
        if (members.isEmpty() || members.size() < members.get(0).ensembleSize()) {
            catchUp.await(Topics.TEACHER_MODELS, Duration.ofSeconds(10));
            members = announced(jobId);
        }
        return members;
    }

    /** The members announced so far, without waiting. */
    public List<ModelReady> announced(String jobId) {
        return teachers.list().stream().filter(t -> jobId.equals(t.ensembleId()))
                .sorted(Comparator.comparingInt(ModelReady::member)).toList();
    }

    /** Every known teacher, newest first. */
    public List<ModelReady> list() {
        return teachers.list().stream()
                .sorted(Comparator.comparing(ModelReady::createdAt, Comparator.nullsLast(Comparator.reverseOrder())))
                .toList();
    }
}
