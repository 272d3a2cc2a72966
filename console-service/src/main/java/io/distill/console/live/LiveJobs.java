package io.distill.console.live;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.distill.contract.events.JobProgress;
import io.distill.contract.json.Json;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.operators.multi.processors.BroadcastProcessor;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * What {@code distill-progress} says now: the newest event of each job (a {@code JobProgress} or its
 * {@code JobResult}) since this replica started, and every new one as it comes, for the live pages.
 * A job's record on its service stays the truth; an event only shows what happened since it was read.
 */
@ApplicationScoped
public class LiveJobs {

    /** Jobs remembered; the oldest are forgotten first, and their pages fall back to the records. */
    static final int REMEMBERED = 10_000;
    private static final Logger LOG = Logger.getLogger(LiveJobs.class);

    private final Map<String, JsonNode> latest = new LinkedHashMap<>(256, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, JsonNode> eldest) {
            return size() > REMEMBERED;
        }
    };
    private final BroadcastProcessor<JsonNode> events = BroadcastProcessor.create();

    @Incoming("distill-progress")
    public void accept(String value) {
        JsonNode event;
        try {
            event = Json.mapper().readTree(value);
        } catch (JsonProcessingException e) {
            // Not the console's to dead-letter: the topic's writers are the services. The page ignores it.
            LOG.debugf("Ignored an event on distill-progress that is not JSON: %s", e.getOriginalMessage());
            return;
        }
        if (!event.hasNonNull("service") || !event.hasNonNull("jobId")) {
            return;
        }
        synchronized (latest) {
            latest.put(key(event), event);
        }
        events.onNext(event);
    }

    /** The newest event of job {@code id} of {@code service}, if one came since this replica started. */
    public Optional<JsonNode> latest(String service, String id) {
        synchronized (latest) {
            return Optional.ofNullable(latest.get(JobProgress.key(service, id)));
        }
    }

    /** Every event from now on. */
    public Multi<JsonNode> events() {
        return events;
    }

    private static String key(JsonNode event) {
        return JobProgress.key(event.path("service").asText(), event.path("jobId").asText());
    }
}
