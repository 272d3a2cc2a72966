package io.distill.core.data;

import io.distill.contract.datasets.InputShape;
import java.util.Random;
import java.util.SplittableRandom;

/** Translation of an image by up to ±k pixels in each direction, the border filled with zeros. */
public final class Translation {

    /** An odd 64-bit constant (the golden ratio's), to fold the parts of a shift's key into one seed. */
    private static final long FOLD = 0x9E3779B97F4A7C15L;

    private final int maxShift;

    public Translation(int maxShift) {
        if (maxShift < 0) {
            throw new IllegalArgumentException("Jitter is " + maxShift + " pixels, expected 0 or more.");
        }
        this.maxShift = maxShift;
    }

    /** A move right by {@code dx} and down by {@code dy} pixels; negative values move left and up. */
    public record Shift(int dx, int dy) {

        public static final Shift NONE = new Shift(0, 0);
    }

    public int maxShift() {
        return maxShift;
    }

    /** A fresh random shift of up to ±k pixels each way. */
    public Shift draw(Random random) {
        int dx = maxShift == 0 ? 0 : random.nextInt(2 * maxShift + 1) - maxShift;
        int dy = maxShift == 0 ? 0 : random.nextInt(2 * maxShift + 1) - maxShift;
        return new Shift(dx, dy);
    }

    /**
     * The shift of copy {@code copy} of example {@code exampleId}, uniform in [-k, k]² and drawn from a
     * generator keyed by ({@code seed}, {@code exampleId}, {@code copy}) alone, so every stream of the same
     * copy moves it the same way. Copy 0 is the original image and is never moved.
     */
    public Shift shiftOf(long seed, int exampleId, int copy) {
        if (copy < 0) {
            throw new IllegalArgumentException("Copy is " + copy + ", expected 0 or more.");
        }
        if (copy == 0 || maxShift == 0) {
            return Shift.NONE;
        }
        // SplittableRandom mixes its seed well, so neighbouring keys still give independent draws.
        SplittableRandom random = new SplittableRandom((seed * FOLD + exampleId) * FOLD + copy);
        int dx = random.nextInt(2 * maxShift + 1) - maxShift;
        int dy = random.nextInt(2 * maxShift + 1) - maxShift;
        return new Shift(dx, dy);
    }

    /**
     * Writes image {@code src} moved right by {@code s.dx()} and down by {@code s.dy()} into {@code dest}.
     * Both hold one image of {@code shape}, each channel moved alike.
     */
    public static void shift(int[] src, int[] dest, InputShape shape, Shift s) {
        int[] from = sources(shape, s);
        for (int i = 0; i < from.length; i++) {
            dest[i] = from[i] < 0 ? 0 : src[from[i]];
        }
    }

    /** {@link #shift(int[], int[], InputShape, Shift)} for float images. */
    public static void shift(float[] src, float[] dest, InputShape shape, Shift s) {
        int[] from = sources(shape, s);
        for (int i = 0; i < from.length; i++) {
            dest[i] = from[i] < 0 ? 0f : src[from[i]];
        }
    }

    /** Where each value of an image of {@code shape} moved by {@code s} comes from; -1 where the border is left empty. */
    private static int[] sources(InputShape shape, Shift s) {
        int rows = shape.height();
        int cols = shape.width();
        int[] from = new int[shape.features()];
        for (int plane = 0; plane < from.length; plane += rows * cols) {
            for (int r = 0; r < rows; r++) {
                int sr = r - s.dy();
                for (int c = 0; c < cols; c++) {
                    int sc = c - s.dx();
                    boolean inside = sr >= 0 && sr < rows && sc >= 0 && sc < cols;
                    from[plane + r * cols + c] = inside ? plane + sr * cols + sc : -1;
                }
            }
        }
        return from;
    }
}
