package io.distill.core.data;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.lang.ref.Reference;
import java.nio.Buffer;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Engine arrays made from data of ours, safely. Given a heap buffer, DJL's MXNet engine copies it into a
 * direct buffer of its own, and while the engine's threads copy that into the array, nothing but a raw
 * pointer refers to it: a garbage collection in that window frees it under them. Its own NumPy decoder
 * does the same with the buffer it reads into. A buffer of 32 MB or more is unmapped when freed, and the
 * process dies (a teacher replica did, registering a set of 55,000 images while it trained). Large arrays
 * therefore reach the engine only through {@link #create}, from a {@link #direct} buffer that stays
 * reachable until the engine has copied it.
 */
public final class EngineArrays {

    private EngineArrays() {}

    /** A direct buffer of {@code bytes} bytes in the machine's byte order, to fill and hand to {@link #create}. */
    public static ByteBuffer direct(long bytes) {
        if (bytes > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("An array of " + bytes + " bytes is over the 2 GiB an engine"
                    + " array can be filled from.");
        }
        return ByteBuffer.allocateDirect((int) bytes).order(ByteOrder.nativeOrder());
    }

    /**
     * An array of {@code shape} and {@code type} holding {@code values}, a direct buffer (or a view of one)
     * positioned at its first value, kept reachable until the engine has copied it.
     */
    public static NDArray create(NDManager manager, Buffer values, Shape shape, DataType type) {
        if (!values.isDirect()) {
            throw new IllegalArgumentException("Engine arrays are made from direct buffers (EngineArrays.direct).");
        }
        try {
            return manager.create(values, shape, type);
        } finally {
            Reference.reachabilityFence(values);
        }
    }
}
