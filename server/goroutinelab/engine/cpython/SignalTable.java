package goroutinelab.engine.cpython;

import java.util.Map;

/**
 * The signals the lab knows, their numbers on Linux (signal(7)) and what
 * happens to each in a CPython process that has installed no handler for it:
 * the kernel's default action, except where the interpreter changed it at
 * startup (SIGINT gets signal.default_int_handler, SIGPIPE is set to SIG_IGN:
 * Modules/signalmodule.c, signal_install_handlers).
 */
final class SignalTable {
    private SignalTable() {
    }

    enum Default {
        /** The kernel ends the process; its exit status reads 128 + signo. */
        TERMINATE,
        /** The kernel discards it (its default is to ignore it, or CPython set SIG_IGN). */
        IGNORE,
        /** CPython's own handler: default_int_handler raises KeyboardInterrupt. */
        KEYBOARD_INTERRUPT
    }

    record Sig(String name, int number, Default dflt) {
    }

    private static final Map<String, Sig> SIGNALS = Map.of(
            "SIGHUP", new Sig("SIGHUP", 1, Default.TERMINATE),
            "SIGINT", new Sig("SIGINT", 2, Default.KEYBOARD_INTERRUPT),
            "SIGUSR1", new Sig("SIGUSR1", 10, Default.TERMINATE),
            "SIGUSR2", new Sig("SIGUSR2", 12, Default.TERMINATE),
            "SIGPIPE", new Sig("SIGPIPE", 13, Default.IGNORE),
            "SIGTERM", new Sig("SIGTERM", 15, Default.TERMINATE),
            "SIGURG", new Sig("SIGURG", 23, Default.IGNORE));

    static Sig get(String name) {
        Sig s = SIGNALS.get(name);
        if (s == null) {
            throw new IllegalArgumentException("unknown signal " + name
                    + " (the interpreter model knows SIGHUP, SIGINT, SIGUSR1, SIGUSR2, SIGPIPE, SIGTERM, SIGURG)");
        }
        return s;
    }
}
