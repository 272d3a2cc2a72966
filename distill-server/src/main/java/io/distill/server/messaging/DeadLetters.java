package io.distill.server.messaging;

import io.distill.contract.events.DeadLetterHeaders;
import io.distill.server.outages.Outage;
import io.distill.server.outages.UntilBack;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.Metadata;
import org.jboss.logging.Logger;

/**
 * Handles one incoming record, and sends one this service cannot use to the topic's dead-letter
 * queue with headers naming the service that rejected it and why. Each consuming service reads
 * every record of a shared topic, so each dead-letters its own copy of a poison record.
 */
public final class DeadLetters {

    /** The header that names the rejecting service. */
    public static final String REJECTED_BY = DeadLetterHeaders.REJECTED_BY;
    /** The header that carries the rejection's reason. */
    public static final String REASON = DeadLetterHeaders.REASON;

    private static final Logger LOG = Logger.getLogger(DeadLetters.class);

    private DeadLetters() {}

    /**
     * Runs {@code handler} on the payload, then acknowledges it; a failure dead-letters it, named. A
     * failure because the database or the object store is away is not the record's fault: the handler
     * is run again once the dependency is back, so a record that arrives during an outage is not lost
     * (a COMPLETE transfer set's students, say). Should the replica stop meanwhile (its worker thread
     * interrupted), the record stays unacknowledged, to be read again after the restart.
     */
    public static CompletionStage<Void> handle(Message<String> message, String service, Consumer<String> handler) {
        try {
            UntilBack.anyOutage(service + "'s handling of a record", () -> handler.accept(message.getPayload()),
                    () -> Thread.currentThread().isInterrupted());
            return message.ack();
        } catch (RuntimeException e) {
            if (Outage.of(e).isPresent() || Thread.currentThread().isInterrupted()) {
                LOG.warnf("%s stops with a record unhandled, to be read again: %s", service, e.getMessage());
                return new CompletableFuture<>();
            }
            String reason = e.getMessage() == null ? e.toString() : e.getMessage();
            LOG.warnf("%s rejects a record, sent to the dead-letter queue: %s", service, reason);
            RecordHeaders headers = new RecordHeaders();
            headers.add(REJECTED_BY, service.getBytes(StandardCharsets.UTF_8));
            headers.add(REASON, reason.getBytes(StandardCharsets.UTF_8));
            return message.nack(e, Metadata.of(OutgoingKafkaRecordMetadata.builder().withHeaders(headers).build()));
        }
    }
}
