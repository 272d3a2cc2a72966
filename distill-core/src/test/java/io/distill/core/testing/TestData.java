package io.distill.core.testing;

import io.distill.contract.requests.DatasetNames;
import io.distill.core.data.Datasets;
import io.distill.core.model.Engines;
import java.io.IOException;
import java.nio.file.Path;
import java.nio.file.Paths;

/** Where the tests find the real data sets and the engine, as the build sets them up. */
public final class TestData {

    private static Datasets.Splits mnist;

    private TestData() {}

    /** The data directory: {@code DISTILL_DATA_DIR}, as the build passes it, or the default. */
    public static Path dataDir() {
        String dir = System.getenv("DISTILL_DATA_DIR");
        if (dir == null) {
            dir = System.getProperty("user.home") + "/.cache/distill";
        }
        return Paths.get(dir);
    }

    /** Real MNIST, read once per test JVM. */
    public static synchronized Datasets.Splits mnist() throws IOException {
        if (mnist == null) {
            mnist = Datasets.load(dataDir(), DatasetNames.MNIST);
        }
        return mnist;
    }

    /** Configures DJL offline, with its cache under target/, and returns the default engine. */
    public static ai.djl.engine.Engine engine() {
        Engines.configure(Paths.get("target", "djl-cache").toAbsolutePath());
        return Engines.engine(Engines.DEFAULT_ENGINE);
    }
}
