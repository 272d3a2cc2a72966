package io.distill.contract.runs;

import io.distill.contract.records.Builder;
import io.distill.contract.requests.BiasAdjust;
import io.distill.contract.requests.EnsembleRequest;
import io.distill.contract.requests.Plan;
import io.distill.contract.requests.PlannedTransferSet;
import io.distill.contract.requests.StudentMode;
import io.distill.contract.requests.StudentRequest;
import io.distill.contract.requests.TeacherRequest;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The jobs of a run, a teacher job and everything its plan starts, by service and id, in plan order, each
 * with its role for people and the job it follows from. A planned job's id derives from the event that
 * starts it: entry {@code i} of a plan's list tagged {@code tag} is {@code <event id>-<tag><i>}, so transfer
 * set {@code i} of teacher job {@code t} is {@code t-ts<i>}, its student {@code j} {@code t-ts<i>-s<j>} and its
 * specialist ensemble {@code k} {@code t-ts<i>-e<k>}. Child jobs (a teacher ensemble's members, an ensemble's
 * specialists) extend their job's id in turn.
 */
public final class PlanJobs {

    public static final String TEACHER_SERVICE = "teacher-service";
    public static final String SOFT_TARGET_SERVICE = "soft-target-service";
    public static final String STUDENT_SERVICE = "student-service";
    public static final String SPECIALIST_SERVICE = "specialist-service";
    /** Each service's job root, where its jobs are posted, listed and read ({@code GET /<root>/<id>}), in plan order. */
    public static final Map<String, String> ROOTS = orderedRoots();
    /** The tags of a plan's lists in the ids of the jobs they start. */
    public static final String TRANSFER_SETS = "ts";
    public static final String STUDENTS = "s";
    public static final String ENSEMBLES = "e";

    private PlanJobs() {}

    private static Map<String, String> orderedRoots() {
        Map<String, String> roots = new LinkedHashMap<>();
        roots.put(TEACHER_SERVICE, "/teachers");
        roots.put(SOFT_TARGET_SERVICE, "/transfer-sets");
        roots.put(STUDENT_SERVICE, "/students");
        roots.put(SPECIALIST_SERVICE, "/ensembles");
        return Collections.unmodifiableMap(roots);
    }

    /**
     * One job of a run.
     *
     * @param service  the service that runs it
     * @param id       its id there
     * @param role     what it is, for people: "teacher", "transfer set no-threes", "distilled T=20 student,
     *                 no-threes, bias fix, seed 1", "specialists and control, full"
     * @param parentId the job it follows from (a transfer set's teacher job, a student's or an ensemble's
     *                 transfer set); null for the teacher job
     */
    @Builder
    public record RunJob(String service, String id, String role, String parentId) {

        /** The key of its events on {@code distill-progress}: {@code <service>/<id>}. */
        public String key() {
            return service + "/" + id;
        }
    }

    /** The id of entry {@code index} of the plan list tagged {@code tag}, started by the event of {@code eventId}. */
    public static String plannedId(String eventId, String tag, int index) {
        return eventId + "-" + tag + index;
    }

    /** Teacher job {@code teacherJobId}, of {@code request}, and what its plan starts. */
    public static List<RunJob> of(String teacherJobId, TeacherRequest request) {
        List<RunJob> jobs = new ArrayList<>();
        int members = request.ensembleSize() == null ? 1 : request.ensembleSize();
        jobs.add(new RunJob(TEACHER_SERVICE, teacherJobId, members > 1 ? "teacher ensemble of " + members : "teacher",
                null));
        List<PlannedTransferSet> sets = Optional.ofNullable(request.planOrNull()).map(Plan::transferSets)
                .orElse(List.of());
        for (int i = 0; i < sets.size(); i++) {
            PlannedTransferSet set = sets.get(i);
            String setId = plannedId(teacherJobId, TRANSFER_SETS, i);
            String name = set.name() == null ? "#" + i : set.name();
            jobs.add(new RunJob(SOFT_TARGET_SERVICE, setId, "transfer set " + name, teacherJobId));
            List<StudentRequest> students = set.students() == null ? List.of() : set.students();
            for (int j = 0; j < students.size(); j++) {
                jobs.add(new RunJob(STUDENT_SERVICE, plannedId(setId, STUDENTS, j), student(students.get(j), name),
                        setId));
            }
            List<EnsembleRequest> ensembles = set.ensembles() == null ? List.of() : set.ensembles();
            for (int k = 0; k < ensembles.size(); k++) {
                boolean control = Boolean.TRUE.equals(ensembles.get(k).control());
                jobs.add(new RunJob(SPECIALIST_SERVICE, plannedId(setId, ENSEMBLES, k), "specialists"
                        + (control ? " and control" : "") + ", " + name, setId));
            }
        }
        return jobs;
    }

    private static String student(StudentRequest student, String setName) {
        StudentMode mode = student.mode() == null ? StudentMode.DEFAULT : student.mode();
        String label = mode.label();
        if (mode.softTerm() && student.temperature() != null) {
            label += " T=" + number(student.temperature());
        }
        label += " student, " + setName;
        if (student.biasAdjust() == BiasAdjust.AUTO) {
            label += ", bias fix";
        }
        return student.seed() == null ? label : label + ", seed " + student.seed();
    }

    private static String number(double value) {
        return value == Math.rint(value) ? Long.toString((long) value) : Double.toString(value);
    }
}
