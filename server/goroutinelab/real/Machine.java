package goroutinelab.real;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** The machine a real run happened on, as a recorded trace states it: OS, architecture, CPUs and their model. */
final class Machine {
    private Machine() {
    }

    static RealTrace.Recorded recorded(String goVersion, String traceFormat, int gomaxprocs, String godebug,
                                       Double computeRate, Double loopRate) {
        return new RealTrace.Recorded(goVersion, System.getProperty("os.name").toLowerCase(), System.getProperty("os.arch"),
                Runtime.getRuntime().availableProcessors(), cpuModel(), load(), RealRunner.now(), traceFormat, gomaxprocs,
                godebug.isEmpty() ? null : godebug, computeRate, loopRate);
    }

    /** The one-minute load average (/proc/loadavg): how busy the machine was around the run; null if unknown. */
    static Double load() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return Double.parseDouble(f[0]);
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /** The first "model name" in /proc/cpuinfo, or null. */
    static String cpuModel() {
        try {
            List<String> lines = Files.readAllLines(Path.of("/proc/cpuinfo"));
            for (String l : lines) {
                if (l.startsWith("model name")) {
                    int colon = l.indexOf(':');
                    return colon > 0 ? l.substring(colon + 1).trim() : null;
                }
            }
        } catch (IOException | SecurityException e) {
            return null;
        }
        return null;
    }
}
