package io.distill.server.outages;

import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.interceptor.Interceptor;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import javax.sql.DataSource;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Holds a replica's start-up until the database answers, just before the clustered scheduler starts.
 * Quartz reads its tables as it is created, and a failure there ends the process. Flyway's wait
 * ({@code quarkus.flyway.connect-retries}) covers only the migration before it, so without this a
 * database that went away between the two (restarted under a replica that was starting) stopped
 * the replica for good. It waits as long as Flyway does; connections left broken by the restart are
 * checked before use (the pool's foreground validation), since the wait outlasts their idle interval.
 */
@ApplicationScoped
public class DatabaseAtStartup {

    /** Before Quartz's own start-up observer, which has {@code PLATFORM_BEFORE}. */
    void await(@Observes @Priority(Interceptor.Priority.PLATFORM_BEFORE - 1) StartupEvent event, DataSource db,
            @ConfigProperty(name = "quarkus.flyway.connect-retries") int retries,
            @ConfigProperty(name = "quarkus.flyway.connect-retries-interval") Duration interval) {
        await(db, interval.multipliedBy(retries));
    }

    /** Returns once {@code db} answers a query; throws the last failure if it did not within {@code longest}. */
    static void await(DataSource db, Duration longest) {
        long deadline = System.nanoTime() + longest.toNanos();
        UntilBack.database("the replica's start-up", () -> answer(db), () -> System.nanoTime() > deadline);
    }

    private static void answer(DataSource db) {
        try (Connection c = db.getConnection(); Statement s = c.createStatement()) {
            s.execute("select 1");
        } catch (SQLException e) {
            throw new IllegalStateException("The database does not answer: " + e.getMessage(), e);
        }
    }
}
