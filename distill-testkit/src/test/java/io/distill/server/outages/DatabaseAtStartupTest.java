package io.distill.server.outages;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * A replica's start-up waits for a database that is away, against a real PostgreSQL server that starts
 * on the port only after the wait began, and gives up with the database's failure once the bound passes.
 */
class DatabaseAtStartupTest {

    @Test
    void waitsUntilTheDatabaseComesUp() throws Exception {
        int port = freePort();
        CompletableFuture<Void> waited = CompletableFuture.runAsync(
                () -> DatabaseAtStartup.await(dataSource(port), Duration.ofMinutes(2)));

        Thread.sleep(2_000);
        assertThat(waited).as("no database listens yet").isNotDone();
        try (EmbeddedPostgres server = EmbeddedPostgres.builder().setPort(port)
                .setPGStartupWait(Duration.ofSeconds(60)).start()) {
            waited.get(60, TimeUnit.SECONDS);
            assertThat(server.getPort()).isEqualTo(port);
        }
    }

    @Test
    void givesUpWithTheDatabasesFailureOnceTheBoundPasses() throws IOException {
        int port = freePort();

        assertThatThrownBy(() -> DatabaseAtStartup.await(dataSource(port), Duration.ofSeconds(1)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("The database does not answer")
                .satisfies(e -> assertThat(Outage.of(e)).contains(Outage.DATABASE));
    }

    private static PGSimpleDataSource dataSource(int port) {
        PGSimpleDataSource db = new PGSimpleDataSource();
        db.setUrl("jdbc:postgresql://127.0.0.1:" + port + "/postgres");
        db.setUser("postgres");
        db.setConnectTimeout(2);
        return db;
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
