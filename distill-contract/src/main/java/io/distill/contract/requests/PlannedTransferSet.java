package io.distill.contract.requests;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.distill.contract.records.Builder;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.Size;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * One transfer set of a {@link Plan}: the fields of {@code POST /transfer-sets} but the teachers (the
 * plan's teacher job is the teacher), and the students and ensembles to train on it.
 *
 * @param name a label for people, carried into the set's manifest
 */
@Builder
@CrossField
@Schema(description = "A transfer set of a plan, streamed from the plan's teacher, and what to train on it.")
public record PlannedTransferSet(
        @Size(max = Bounds.MAX_NAME) String name,
        @Pattern(regexp = DatasetNames.NAME_PATTERN, message = DatasetNames.NAME_MESSAGE)
        @Schema(description = "A registered data set's id or name (GET /datasets), or a built-in one: mnist,"
                + " fashion-mnist. Absent: the teacher's data set.")
        String dataset,
        Split split,
        @Size(max = Bounds.MAX_CLASSES) List<@NotNull @Min(0) @Max(Bounds.MAX_CLASSES - 1) Integer> omitClasses,
        @Size(max = Bounds.MAX_CLASSES) List<@NotNull @Min(0) @Max(Bounds.MAX_CLASSES - 1) Integer> onlyClasses,
        @JsonInclude(JsonInclude.Include.NON_NULL) Optional<@Positive Integer> limit,
        Combine combine,
        @Min(1) @Max(TransferSetRequest.MAX_COPIES)
        @Schema(description = TransferSetRequest.COPIES, defaultValue = "1")
        Integer copies,
        @Min(0) @Max(TransferSetRequest.MAX_JITTER)
        @Schema(description = TransferSetRequest.JITTER, defaultValue = "0")
        Integer jitter,
        @Schema(description = TransferSetRequest.AUGMENT_SEED, defaultValue = "1")
        Long augmentSeed,
        @Size(max = Bounds.MAX_STUDENTS) List<@NotNull @Valid StudentRequest> students,
        @Size(max = Bounds.MAX_ENSEMBLES) List<@NotNull @Valid EnsembleRequest> ensembles) implements CrossFieldChecked {

    @Override
    public List<FieldProblem> crossFieldProblems() {
        List<FieldProblem> problems = new ArrayList<>(TransferSetRequest.classProblems(omitClasses, onlyClasses));
        problems.addAll(TransferSetRequest.augmentationProblems(copies, jitter));
        return problems;
    }

    /**
     * The transfer set this entry asks of teacher job {@code teacherJobId}, its defaults filled in; without
     * a data set of its own, it takes its teacher's, {@code teacherDataset}.
     */
    public TransferSetRequest request(String teacherJobId, String teacherDataset) {
        TransferSetPlan plan = new TransferSetPlan(name, students, ensembles);
        return TransferSetRequestBuilder.builder().teacherJobId(teacherJobId)
                .dataset(dataset == null ? teacherDataset : dataset).split(split)
                .omitClasses(omitClasses).onlyClasses(onlyClasses).limit(limit).combine(combine).copies(copies)
                .jitter(jitter).augmentSeed(augmentSeed).plan(Optional.of(plan)).build().withDefaults();
    }
}
