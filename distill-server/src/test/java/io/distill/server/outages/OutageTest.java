package io.distill.server.outages;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.sql.SQLException;
import org.junit.jupiter.api.Test;

class OutageTest {

    @Test
    void aConnectionFailureDeepInTheCausesIsTheDatabasesOutage() {
        SQLException refused = new SQLException("Connection to 127.0.0.1:5432 refused.", "08001");
        IllegalStateException wrapped = new IllegalStateException("Cannot read jobs in the database",
                new RuntimeException("transaction", refused));

        assertThat(Outage.of(wrapped)).contains(Outage.DATABASE);
        assertThat(Outage.of(new SQLException("terminating connection due to administrator command", "57P01")))
                .contains(Outage.DATABASE);
        assertThat(Outage.of(new SQLException("Sorry, acquisition timeout!"))).contains(Outage.DATABASE);
    }

    @Test
    void aRefusedStatementOrAnyOtherFailureIsNoOutage() {
        assertThat(Outage.of(new SQLException("duplicate key value", "23505"))).isEmpty();
        assertThat(Outage.of(new IllegalArgumentException("bad"))).isEmpty();
        assertThat(Outage.of(new IOException("Cannot read object x: the object store answered 403"))).isEmpty();
    }

    @Test
    void theObjectStoreGivingUpAfterItsRetriesIsTheObjectStoresOutage() {
        IOException gaveUp = new ObjectStoreUnavailableException("Cannot store object x", null);

        assertThat(Outage.of(new IllegalStateException("upload failed", gaveUp))).contains(Outage.OBJECT_STORE);
    }

    @Test
    void aKafkaClientGivingUpOnTheBrokerIsTheBrokersOutage() {
        var timedOut = new org.apache.kafka.common.errors.TimeoutException("Failed to get offsets by times in 30001ms");

        assertThat(Outage.of(new IllegalStateException("Cannot read transfer set ts0", timedOut)))
                .contains(Outage.BROKER);
        assertThat(Outage.BROKER.what()).isEqualTo("the broker");
    }
}
