package io.distill.core.data;

import java.util.Random;

/** Random translation of an image by up to ±k pixels in each direction, the border filled with zeros. */
public final class Translation {

    private final int maxShift;

    public Translation(int maxShift) {
        if (maxShift < 0) {
            throw new IllegalArgumentException("Jitter is " + maxShift + " pixels, expected 0 or more.");
        }
        this.maxShift = maxShift;
    }

    public int maxShift() {
        return maxShift;
    }

    /**
     * Writes {@code src} shifted by a fresh random (dx, dy) into {@code dest}.
     * Both hold one {@code rows x cols} image in row-major order.
     */
    public void apply(int[] src, int[] dest, int rows, int cols, Random random) {
        int dx = maxShift == 0 ? 0 : random.nextInt(2 * maxShift + 1) - maxShift;
        int dy = maxShift == 0 ? 0 : random.nextInt(2 * maxShift + 1) - maxShift;
        shift(src, dest, rows, cols, dx, dy);
    }

    /** Writes {@code src} moved right by {@code dx} and down by {@code dy} into {@code dest}. */
    public static void shift(int[] src, int[] dest, int rows, int cols, int dx, int dy) {
        for (int r = 0; r < rows; r++) {
            int sr = r - dy;
            for (int c = 0; c < cols; c++) {
                int sc = c - dx;
                boolean inside = sr >= 0 && sr < rows && sc >= 0 && sc < cols;
                dest[r * cols + c] = inside ? src[sr * cols + sc] : 0;
            }
        }
    }
}
