package io.distill.contract.health;

import io.distill.contract.records.Builder;
import java.time.Instant;

/**
 * One replica of a service ({@code GET /replicas}), as it reports itself to the shared database every 5 s.
 *
 * @param instance  its id ({@code HOSTNAME}: the pod's or container's name; host and pid when unset), as jobs
 *                  name it in {@code instance}
 * @param live      true while it reports (its last report is under 20 s old); a replica that stopped or was
 *                  killed stays listed, not live, for an hour
 * @param startedAt when it started
 * @param seenAt    its last report
 * @param device    what it trains and infers on ({@code cpu()}, {@code gpu(0)}), or why it has no usable device
 * @param version   the service's version
 */
@Builder
public record Replica(String instance, boolean live, Instant startedAt, Instant seenAt, String device, String version) {}
