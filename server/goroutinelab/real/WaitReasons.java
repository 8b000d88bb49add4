package goroutinelab.real;

import java.util.Map;

/**
 * Why a goroutine blocked, in the runtime's own words (runtime2.go's
 * waitReasonStrings), which the model's {@code g.waitreason} uses too. Newer
 * traces say some of them differently ("network" for a netpoll wait); those
 * are turned back into the runtime's words.
 */
final class WaitReasons {
    private static final Map<String, String> NEWER = Map.of(
            "network", "IO wait",
            "GC mark assist wait for work", "GC assist wait",
            "wait until GC ends", "wait for GC cycle",
            "sync.(*Cond).Wait", "sync.Cond.Wait",
            "forever", "forever");

    private WaitReasons() {
    }

    static String normal(String reason) {
        return NEWER.getOrDefault(reason, reason);
    }
}
