package goroutinelab.web;

import java.util.concurrent.ThreadLocalRandom;

/** Correlation ids for internal errors: the browser is shown the id, the server log holds the details under it. */
final class Errors {
    private Errors() {
    }

    /** A fresh id, 8 hex digits, e.g. "3fa9c01e". */
    static String reference() {
        return String.format("%08x", ThreadLocalRandom.current().nextInt());
    }
}
