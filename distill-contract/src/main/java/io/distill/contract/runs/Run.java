package io.distill.contract.runs;

import io.distill.contract.jobs.JobState;
import io.distill.contract.records.Builder;
import java.time.Instant;
import java.util.List;

/**
 * A run ({@code GET /runs/{id}}, teacher-service): a teacher job and every job its plan starts, with its
 * lineage. Each job's state is on its own service ({@code GET /<root>?run=<id>} lists a run's jobs there);
 * the teacher job's is here.
 *
 * @param id        the teacher job's id, which every job of the run extends
 * @param state     the teacher job's state
 * @param dataset   the data set the teacher trains on (a registered set's id, or mnist / fashion-mnist)
 * @param createdAt when the teacher job was created
 * @param updatedAt when it last changed
 * @param error     why the teacher job failed, or null
 * @param jobs      the run's jobs in plan order, the teacher job first, each with its role and the job it
 *                  follows from: data set ← teacher ← transfer set ← student or ensemble
 */
@Builder
public record Run(String id, JobState state, String dataset, Instant createdAt, Instant updatedAt, String error,
        List<PlanJobs.RunJob> jobs) {}
