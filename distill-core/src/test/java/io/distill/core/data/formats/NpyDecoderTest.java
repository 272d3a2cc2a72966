package io.distill.core.data.formats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import io.distill.core.data.EngineArrays;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * NpyDecoder reads what DJL's own decoder reads, array for array and byte for byte, and refuses what DJL
 * would have misread (Fortran order, big-endian values) by name.
 */
class NpyDecoderTest {

    @TempDir
    Path dir;

    @Test
    void anNpzReadsAsDjlReadsIt() throws IOException {
        Map<String, byte[]> arrays = Fixtures.npzVectors();
        arrays.put("pixels.npy", Fixtures.u1(Fixtures.shape(2, 3), 0, 7, 255, 128, 1, 2));
        Path file = Fixtures.zip(dir.resolve("set.npz"), arrays);

        try (NDManager manager = NDManager.newBaseManager()) {
            NDList ours = NpyDecoder.decodeNpz(manager, Files.newInputStream(file), "set.npz");
            NDList djls = NDList.decode(manager, Files.newInputStream(file));

            assertThat(ours).hasSize(5).hasSameSizeAs(djls);
            for (int i = 0; i < ours.size(); i++) {
                NDArray a = ours.get(i);
                NDArray b = djls.get(i);
                assertThat(a.getName()).isEqualTo(b.getName());
                assertThat(a.getShape()).isEqualTo(b.getShape());
                assertThat(a.getDataType()).isEqualTo(b.getDataType());
                assertThat(a.toByteArray()).isEqualTo(b.toByteArray());
            }
            assertThat(ours.get("pixels").toUint8Array()).containsExactly(0, 7, 255, 128, 1, 2);
        }
    }

    @Test
    void refusesFortranOrderAndBigEndianValuesByName() {
        byte[] fortran = new String(Fixtures.f4(Fixtures.shape(2, 2), 1, 2, 3, 4), StandardCharsets.ISO_8859_1)
                .replace("'fortran_order': False", "'fortran_order': True ").getBytes(StandardCharsets.ISO_8859_1);
        byte[] bigEndian = Fixtures.npy(">f4", Fixtures.shape(1), new byte[4]);

        try (NDManager manager = NDManager.newBaseManager()) {
            assertThatThrownBy(() -> NpyDecoder.decode(manager, new ByteArrayInputStream(fortran), "f.npy"))
                    .isInstanceOf(DatasetFileException.class).hasMessageContaining("f.npy")
                    .hasMessageContaining("Fortran (column-major) order");
            assertThatThrownBy(() -> NpyDecoder.decode(manager, new ByteArrayInputStream(bigEndian), "b.npy"))
                    .isInstanceOf(DatasetFileException.class).hasMessageContaining("b.npy")
                    .hasMessageContaining("big-endian");
        }
    }

    @Test
    void engineArraysComeOnlyFromDirectBuffers() {
        try (NDManager manager = NDManager.newBaseManager()) {
            assertThatThrownBy(() -> EngineArrays.create(manager, ByteBuffer.allocate(4),
                    new Shape(4), DataType.UINT8))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("direct buffers");
        }
    }
}
