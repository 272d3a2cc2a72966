package io.distill.core.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ai.djl.Device;
import ai.djl.engine.Engine;
import io.distill.core.testing.TestData;
import org.junit.jupiter.api.Test;

class EnginesTest {

    @Test
    void askingForAGpuWhereNoneIsUsableFailsClearlyInsteadOfUsingTheCpu() {
        Engine engine = TestData.engine();
        assumeTrue(engine.getGpuCount() == 0, "this machine has a GPU");

        assertThatThrownBy(() -> Engines.device(engine, Engines.DeviceMode.GPU))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("DISTILL_DEVICE=gpu")
                .hasMessageContaining("no usable GPU")
                .hasMessageContaining("deploy/README.md");
    }

    @Test
    void autoAndCpuRunOnTheCpuWhenThereIsNoGpu() {
        Engine engine = TestData.engine();
        assumeTrue(engine.getGpuCount() == 0, "this machine has a GPU");

        assertThat(Engines.device(engine, Engines.DeviceMode.AUTO)).isEqualTo(Device.cpu());
        assertThat(Engines.device(engine, Engines.DeviceMode.CPU)).isEqualTo(Device.cpu());
    }

    @Test
    void deviceModesParseCaseInsensitivelyAndRejectOthersByName() {
        assertThat(Engines.DeviceMode.parse(" GPU ")).isEqualTo(Engines.DeviceMode.GPU);
        assertThatThrownBy(() -> Engines.DeviceMode.parse("tpu"))
                .hasMessageContaining("tpu").hasMessageContaining("auto, cpu or gpu");
    }

    @Test
    void anEngineThatIsNotOnTheClassPathIsNamedInTheError() {
        TestData.engine();
        assertThatThrownBy(() -> Engines.engine("PyTorch"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("PyTorch").hasMessageContaining("MXNet");
    }
}
