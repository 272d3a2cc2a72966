package io.distill.contract.requests;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.util.List;

/**
 * A transfer set's part of a pipeline plan, carried in its manifest: the students and ensembles that
 * student-service and specialist-service start once the set is complete. Their {@code transferSetId}
 * is the set's; an ensemble's {@code generalistModelId} defaults to the set's first teacher.
 *
 * @param name a label for people, shown in the results table
 */
public record TransferSetPlan(
        @Size(max = Bounds.MAX_NAME) String name,
        @Size(max = Bounds.MAX_STUDENTS) List<@NotNull @Valid StudentRequest> students,
        @Size(max = Bounds.MAX_ENSEMBLES) List<@NotNull @Valid EnsembleRequest> ensembles) {

    public TransferSetPlan {
        students = students == null ? List.of() : students;
        ensembles = ensembles == null ? List.of() : ensembles;
    }
}
