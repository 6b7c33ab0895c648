package dev.latchkey.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.management.HotSpotDiagnosticMXBean;
import java.lang.management.ManagementFactory;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Issue 12: a plain {@code java -jar} lets G1 return unused heap; an operator's own heap flags are left alone. */
class HeapTuningTest {
    @Test
    void plainJavaJarOnG1IsTuned() {
        assertThat(HeapTuning.wanted("auto", List.of(), true)).isNull();
        assertThat(HeapTuning.wanted("", List.of("-Dfile.encoding=UTF-8", "-Xlog:gc:file=gc.log"), true))
                .isNull();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "-Xmx256m",
                "-Xms128m",
                "-Xmn64m",
                "-XX:MaxHeapSize=1g",
                "-XX:MaxRAMPercentage=25",
                "-XX:MaxRAM=2g",
                "-XX:InitialRAMPercentage=5",
                "-XX:SoftMaxHeapSize=512m",
                "-XX:MaxHeapFreeRatio=50",
                "-XX:G1PeriodicGCInterval=0"
            })
    void anyHeapFlagOfTheOperatorLeavesTheHeapAlone(String flag) {
        assertThat(HeapTuning.wanted("auto", List.of("-Dx=y", flag), true)).contains(flag);
    }

    @Test
    void otherCollectorsAndOffAreLeftAlone() {
        assertThat(HeapTuning.wanted("auto", List.of("-XX:+UseSerialGC"), false))
                .contains("not G1");
        assertThat(HeapTuning.wanted("OFF", List.of(), true)).contains("LATCHKEY_HEAP_TUNING=off");
        assertThatThrownBy(() -> HeapTuning.wanted("sometimes", List.of(), true))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("auto or off");
    }

    @Test
    void everySettingIsManageableOnThisJvm() {
        // setVMOption would refuse a flag that is not manageable; check them without changing the test JVM.
        HotSpotDiagnosticMXBean hotspot = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
        for (Map.Entry<String, String> setting : HeapTuning.SETTINGS.entrySet()) {
            assertThat(hotspot.getVMOption(setting.getKey()).isWriteable())
                    .as(setting.getKey())
                    .isTrue();
        }
        assertThat(Integer.parseInt(HeapTuning.SETTINGS.get("MinHeapFreeRatio")))
                .isLessThan(Integer.parseInt(HeapTuning.SETTINGS.get("MaxHeapFreeRatio")));
    }
}
