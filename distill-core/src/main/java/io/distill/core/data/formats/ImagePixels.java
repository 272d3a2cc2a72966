package io.distill.core.data.formats;

import io.distill.contract.datasets.InputShape;
import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.Raster;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Iterator;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.MemoryCacheImageInputStream;

/**
 * One PNG or JPEG decoded with {@link ImageIO} into channels-first bytes: a grey image (with or without alpha) is
 * 1 channel, any other (RGB, RGBA, palette) is 3 channels of sRGB; alpha is dropped.
 *
 * @param shape  channels x height x width
 * @param pixels the bytes, channel by channel, each row by row
 */
record ImagePixels(InputShape shape, byte[] pixels) {

    /** Decodes {@code data}, the entry {@code file}, charging its pixels to the decompression limit first. */
    static ImagePixels decode(byte[] data, String file, InputLimits limits) {
        BufferedImage image;
        try (ImageInputStream in = new MemoryCacheImageInputStream(new ByteArrayInputStream(data))) {
            Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
            if (!readers.hasNext()) {
                throw unreadable(file, "its format is unknown");
            }
            ImageReader reader = readers.next();
            try {
                reader.setInput(in, true, true);
                limits.charge(file, 3L * reader.getWidth(0) * reader.getHeight(0));
                image = reader.read(0);
            } finally {
                reader.dispose();
            }
        } catch (IOException | RuntimeException e) {
            throw e instanceof DatasetFileException d ? d : unreadable(file, e.toString());
        }
        boolean grey = image.getColorModel().getColorSpace().getType() == ColorSpace.TYPE_GRAY;
        return grey ? grey(image) : rgb(image);
    }

    /** The image as people write it, such as {@code 32x32 RGB}. */
    String describe() {
        return shape.width() + "x" + shape.height() + (shape.channels() == 1 ? " grey" : " RGB");
    }

    private static ImagePixels grey(BufferedImage image) {
        int w = image.getWidth();
        int h = image.getHeight();
        Raster raster = image.getRaster();
        int shift = Math.max(0, raster.getSampleModel().getSampleSize(0) - 8);
        byte[] pixels = new byte[w * h];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                pixels[y * w + x] = (byte) (raster.getSample(x, y, 0) >> shift);
            }
        }
        return new ImagePixels(InputShape.image(1, h, w), pixels);
    }

    private static ImagePixels rgb(BufferedImage image) {
        int w = image.getWidth();
        int h = image.getHeight();
        int plane = w * h;
        byte[] pixels = new byte[3 * plane];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int argb = image.getRGB(x, y);
                pixels[y * w + x] = (byte) (argb >> 16);
                pixels[plane + y * w + x] = (byte) (argb >> 8);
                pixels[2 * plane + y * w + x] = (byte) argb;
            }
        }
        return new ImagePixels(InputShape.image(3, h, w), pixels);
    }

    private static DatasetFileException unreadable(String file, String why) {
        return new DatasetFileException(file, "Entry " + file + " is not a readable PNG or JPEG image (" + why + ").");
    }
}
