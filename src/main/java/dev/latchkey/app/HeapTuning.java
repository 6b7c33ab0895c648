package dev.latchkey.app;

import com.sun.management.HotSpotDiagnosticMXBean;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Lets G1 give memory back when the operator started Latchkey with a plain {@code java -jar} (issue 12).
 *
 * <p>With no heap flags, G1 may grow the heap up to a quarter of the machine's memory, and it grows it with the
 * allocation rate: after a burst of requests on a loaded machine the process kept 4 GiB of heap committed with
 * 600 MiB in use, and never returned it. G1 returns memory when a concurrent cycle or full collection finds more
 * free heap than {@code MaxHeapFreeRatio} (70% by default), and runs a cycle on an idle heap only when
 * {@code G1PeriodicGCInterval} is set (off by default). These flags are <em>manageable</em>, so the process can set
 * them on itself at start: free heap kept between 10% and 30% of the committed heap, and a concurrent cycle after
 * 30 s without a collection, which uncommits what the load left behind.
 *
 * <p>Nothing is changed when the operator chose the heap (any of {@link #EXPLICIT} on the command line,
 * {@code JAVA_TOOL_OPTIONS} or {@code JDK_JAVA_OPTIONS} included), when the collector is not G1, or when
 * {@code LATCHKEY_HEAP_TUNING=off}. The flags of {@code docs/deployment.md} are explicit, so their numbers are
 * unchanged.
 */
public final class HeapTuning {
    private static final Logger LOG = LoggerFactory.getLogger(HeapTuning.class);

    /** Command-line options that mean the operator sized the heap or its policy; any of them turns this off. */
    static final List<String> EXPLICIT = List.of(
            "-Xmx",
            "-Xms",
            "-Xmn",
            "-XX:MaxHeapSize",
            "-XX:InitialHeapSize",
            "-XX:MinHeapSize",
            "-XX:SoftMaxHeapSize",
            "-XX:MaxRAM",
            "-XX:MinRAMPercentage",
            "-XX:InitialRAMPercentage",
            "-XX:MinHeapFreeRatio",
            "-XX:MaxHeapFreeRatio",
            "-XX:G1PeriodicGCInterval");

    /** The manageable flags set, in this order (the minimum first, so the pair stays ordered at every step). */
    static final Map<String, String> SETTINGS = sequenced(
            "MinHeapFreeRatio", "10",
            "MaxHeapFreeRatio", "30",
            "G1PeriodicGCInterval", "30000");

    private HeapTuning() {}

    /** Applies {@link #SETTINGS} to this JVM when {@link #wanted} says so, and logs once what it did. */
    public static void applyAtStart(Map<String, String> environment) {
        List<String> arguments = ManagementFactory.getRuntimeMXBean().getInputArguments();
        boolean g1 = ManagementFactory.getGarbageCollectorMXBeans().stream()
                .map(GarbageCollectorMXBean::getName)
                .anyMatch(name -> name.startsWith("G1 "));
        String reason = wanted(environment.getOrDefault("LATCHKEY_HEAP_TUNING", "auto"), arguments, g1);
        if (reason != null) {
            LOG.debug("heap left as configured: {}", reason);
            return;
        }
        HotSpotDiagnosticMXBean hotspot = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
        List<String> applied = new ArrayList<>();
        SETTINGS.forEach((flag, value) -> {
            try {
                hotspot.setVMOption(flag, value);
                applied.add(flag + "=" + value);
            } catch (IllegalArgumentException e) { // not manageable, or unknown, on this JVM
                LOG.warn("could not set {}={}: {}", flag, value, e.getMessage());
            }
        });
        LOG.info(
                "no heap flags given: G1 set to return unused heap ({}); LATCHKEY_HEAP_TUNING=off turns this off,"
                        + " docs/deployment.md gives flags for a fixed heap",
                String.join(", ", applied));
    }

    /**
     * Null when the settings should be applied; otherwise why not.
     *
     * @param setting {@code LATCHKEY_HEAP_TUNING}: {@code auto} (the default) or {@code off}
     * @throws IllegalArgumentException for any other value of {@code setting}
     */
    static String wanted(String setting, List<String> inputArguments, boolean g1) {
        switch (setting.trim().toLowerCase(Locale.ROOT)) {
            case "off" -> {
                return "LATCHKEY_HEAP_TUNING=off";
            }
            case "auto", "" -> {}
            default -> throw new IllegalArgumentException("LATCHKEY_HEAP_TUNING must be auto or off, not " + setting);
        }
        for (String argument : inputArguments) {
            for (String explicit : EXPLICIT) {
                if (argument.startsWith(explicit)) {
                    return "the heap is set by " + argument;
                }
            }
        }
        return g1 ? null : "the collector is not G1";
    }

    private static Map<String, String> sequenced(String... pairs) {
        var map = new LinkedHashMap<String, String>();
        for (int i = 0; i < pairs.length; i += 2) {
            map.put(pairs[i], pairs[i + 1]);
        }
        return Collections.unmodifiableMap(map);
    }
}
