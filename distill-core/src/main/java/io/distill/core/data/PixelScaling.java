package io.distill.core.data;

/** How uint8 pixels become network inputs. */
public enum PixelScaling {
    /** p / 255, in [0, 1]: what the paper's MNIST nets used. */
    UNIT,
    /** p / 127.5 - 1, in [-1, 1]. */
    SYMMETRIC;

    public float scale(int pixel) {
        return this == UNIT ? pixel / 255f : pixel / 127.5f - 1f;
    }
}
