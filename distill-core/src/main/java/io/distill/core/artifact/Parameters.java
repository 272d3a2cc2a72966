package io.distill.core.artifact;

import ai.djl.MalformedModelException;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/** Writes and reads a block's parameters in DJL's format, atomically, naming the file in every error. */
public final class Parameters {

    private Parameters() {}

    /** Writes the block's parameters to {@code file}, through a temporary file and a rename. */
    public static void save(Block block, Path file) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(tmp)))) {
            block.saveParameters(out);
        }
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /** Loads parameters from {@code file} into an initialised block of the same architecture. */
    public static void load(Block block, NDManager manager, Path file) throws IOException {
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file)))) {
            block.loadParameters(manager, in);
            if (in.read() != -1) {
                throw new ArtifactException(file, "has bytes left over after the parameters; it does not match"
                        + " this architecture");
            }
        } catch (MalformedModelException | IllegalArgumentException | IllegalStateException e) {
            throw new ArtifactException(file, "is not a parameter file for this architecture: " + e.getMessage(), e);
        } catch (java.io.EOFException e) {
            throw new ArtifactException(file, "is truncated", e);
        }
    }
}
