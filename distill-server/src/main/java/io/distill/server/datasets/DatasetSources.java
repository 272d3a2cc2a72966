package io.distill.server.datasets;

import io.distill.contract.datasets.DatasetFormat;
import io.distill.contract.datasets.DatasetManifest;
import io.distill.contract.datasets.DatasetRegistration;
import io.distill.contract.datasets.DatasetScaling;
import io.distill.contract.jobs.FieldException;
import io.distill.contract.requests.DatasetNames;
import io.distill.core.artifact.Sha256;
import io.distill.core.data.formats.DatasetReaders;
import io.distill.core.data.formats.ReadOptions;
import io.distill.core.data.formats.ReadOptionsBuilder;
import io.distill.server.config.DistillConfig;
import io.distill.server.objects.ObjectStore;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * Where registered files come from: objects a user copied under {@code uploads/} in the bucket, or a file
 * uploaded through REST. Each is read into a scratch directory, registered, and deleted.
 */
@ApplicationScoped
public class DatasetSources {

    /** The bucket prefix users copy files under, for {@code POST /datasets} to register. */
    public static final String UPLOADS = "uploads/";
    /** The four files of an IDX folder, each raw or {@code .gz}. */
    static final List<String> IDX_FILES = List.of("train-images-idx3-ubyte", "train-labels-idx1-ubyte",
            "t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte");

    private final ObjectStore uploads;
    private final DatasetRegistrar registrar;
    private final Path scratch;

    public DatasetSources(ObjectStore store, DatasetRegistrar registrar, DistillConfig config) {
        this.uploads = store.under(UPLOADS);
        this.registrar = registrar;
        this.scratch = config.storePath().resolve("registering");
    }

    /** Registers the files {@code request.source()} names in the bucket. */
    public DatasetRegistrar.Registered fromBucket(DatasetRegistration request) throws IOException {
        reserved(request.name());
        Path dir = Files.createDirectories(Files.createTempDirectory(Files.createDirectories(scratch), "bucket"));
        try {
            String key = request.source().key();
            Path source;
            if (request.format() == DatasetFormat.IDX) {
                source = dir;
                for (String file : IDX_FILES) {
                    if (!uploads.download(key + file, dir.resolve(file))
                            && !uploads.download(key + file + ".gz", dir.resolve(file + ".gz"))) {
                        throw new FieldException("source.key", "names a folder without " + file + " (or " + file
                                + ".gz) under " + UPLOADS + key);
                    }
                }
            } else {
                source = fetch(key, dir.resolve(fileName(key)), "source.key");
            }
            Path test = request.source().testKey() == null ? null
                    : fetch(request.source().testKey(), dir.resolve("test-" + fileName(request.source().testKey())),
                            "source.testKey");
            return register(request.name(), request.format(), source, test, options(request, test),
                    request.scaling());
        } finally {
            delete(dir);
        }
    }

    /** Registers one uploaded file, named {@code fileName} by its sender. */
    public DatasetRegistrar.Registered fromUpload(DatasetRegistration request, String fileName, Path body)
            throws IOException {
        reserved(request.name());
        if (request.format() == DatasetFormat.IDX) {
            throw new FieldException("format", "is idx, whose four files cannot come in one upload; copy them to "
                    + UPLOADS + " in the bucket and register the folder, or upload an npz");
        }
        Path dir = Files.createTempDirectory(Files.createDirectories(scratch), "upload");
        try {
            Path file = Files.move(body, dir.resolve(fileName(fileName)));
            return register(request.name(), request.format(), file, null, options(request, null),
                    request.scaling());
        } finally {
            delete(dir);
        }
    }

    /** Registers a built-in set from the IDX folder it was fetched to. */
    public DatasetRegistrar.Registered builtIn(String name, Path folder, List<String> classNames) throws IOException {
        return register(name, DatasetFormat.IDX, folder, null,
                ReadOptions.defaults().withClassNames(classNames), null);
    }

    private DatasetRegistrar.Registered register(String name, DatasetFormat format, Path source, Path test,
            ReadOptions options, DatasetScaling scaling) throws IOException {
        List<DatasetManifest.SourceFile> files = new ArrayList<>();
        for (Path file : files(source, test)) {
            files.add(new DatasetManifest.SourceFile(file.getFileName().toString(), Files.size(file),
                    Sha256.of(file)));
        }
        String key = "labelColumn=" + options.labelColumn() + ";header=" + options.header() + ";classNames="
                + options.classNames();
        return registrar.register(new DatasetRegistrar.Source(name, format, key, scaling, files, () -> {
            try {
                return DatasetReaders.read(format, source, options);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }));
    }

    private static ReadOptions options(DatasetRegistration request, Path test) {
        return ReadOptionsBuilder.from(ReadOptions.defaults())
                .withLabelColumn(request.labelColumn())
                .withHeader(request.header() == null || request.header())
                .withClassNames(request.classNames())
                .withTestFile(test);
    }

    private Path fetch(String key, Path file, String field) throws IOException {
        if (!uploads.download(key, file)) {
            throw new FieldException(field, "is " + key + ", which is not in the bucket under " + UPLOADS);
        }
        return file;
    }

    private static List<Path> files(Path source, Path test) throws IOException {
        List<Path> files = new ArrayList<>();
        if (Files.isDirectory(source)) {
            try (Stream<Path> listed = Files.list(source)) {
                listed.sorted().forEach(files::add);
            }
        } else {
            files.add(source);
        }
        if (test != null) {
            files.add(test);
        }
        return files;
    }

    private static void reserved(String name) {
        if (DatasetNames.NAMES.contains(name)) {
            throw new FieldException("name", "is " + name + ", the name of a built-in data set");
        }
    }

    private static String fileName(String key) {
        String name = key.substring(key.lastIndexOf('/') + 1);
        return name.isBlank() || name.startsWith(".") ? "source" + name : name;
    }

    private static void delete(Path dir) throws IOException {
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
