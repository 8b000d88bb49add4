package goroutinelab.real;

import java.util.Map;

/** The signals a lesson may inject, by their Linux numbers (signal(7), x86 and ARM). */
final class Signals {
    private static final Map<String, Integer> NUMBERS = Map.of(
            "SIGHUP", 1, "SIGINT", 2, "SIGPIPE", 13, "SIGTERM", 15, "SIGUSR1", 10, "SIGUSR2", 12, "SIGURG", 23);

    private Signals() {
    }

    static int number(String name) {
        Integer n = NUMBERS.get(name);
        if (n == null) {
            throw new IllegalArgumentException("Signals.number: unknown signal " + name);
        }
        return n;
    }
}
