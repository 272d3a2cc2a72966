package io.distill.console.web;

import io.distill.console.kafka.TopicsView;
import io.distill.console.security.Session;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.smallrye.common.annotation.Blocking;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** The topics' rates, each consumer group's lag, and the newest dead-lettered records with why. */
@Blocking
@Path("/kafka")
@Produces(MediaType.TEXT_HTML)
@RolesAllowed({Session.READ, Session.SUBMIT})
public class KafkaPage {

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance kafka(TopicsView.Snapshot kafka);
    }

    private final TopicsView topics;

    public KafkaPage(TopicsView topics) {
        this.topics = topics;
    }

    @GET
    public TemplateInstance kafka() {
        return Templates.kafka(topics.snapshot());
    }
}
