package io.distill.contract.requests;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * A pipeline plan: posted with a teacher, it travels in the teacher's {@code ModelReady} events, and
 * soft-target-service starts one transfer set per entry once every ensemble member is ready. It is
 * validated whole when it is posted, so a bad student three services downstream is refused at once.
 */
@Schema(description = "A whole experiment in one request: the transfer sets to stream from the teacher,"
        + " each with the students and specialist ensembles to train on it.")
public record Plan(@Size(max = Bounds.MAX_TRANSFER_SETS) List<@NotNull @Valid PlannedTransferSet> transferSets) {

    public Plan {
        transferSets = transferSets == null ? List.of() : transferSets;
    }
}
