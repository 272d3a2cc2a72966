package io.distill.server.messaging;

import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import java.nio.charset.StandardCharsets;
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
    public static final String REJECTED_BY = "distill-rejected-by";
    /** The header that carries the rejection's reason. */
    public static final String REASON = "distill-rejected-reason";

    private static final Logger LOG = Logger.getLogger(DeadLetters.class);

    private DeadLetters() {}

    /** Runs {@code handler} on the payload, then acknowledges it; a failure dead-letters it, named. */
    public static CompletionStage<Void> handle(Message<String> message, String service, Consumer<String> handler) {
        try {
            handler.accept(message.getPayload());
            return message.ack();
        } catch (RuntimeException e) {
            String reason = e.getMessage() == null ? e.toString() : e.getMessage();
            LOG.warnf("%s rejects a record, sent to the dead-letter queue: %s", service, reason);
            RecordHeaders headers = new RecordHeaders();
            headers.add(REJECTED_BY, service.getBytes(StandardCharsets.UTF_8));
            headers.add(REASON, reason.getBytes(StandardCharsets.UTF_8));
            return message.nack(e, Metadata.of(OutgoingKafkaRecordMetadata.builder().withHeaders(headers).build()));
        }
    }
}
