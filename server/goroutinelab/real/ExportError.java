package goroutinelab.real;

/**
 * A lesson that cannot become a Go program (a CPython-only lesson, a name
 * that is not a plain identifier...), or a program that cannot run here (a
 * cgo lesson without a C compiler). The message says what, where (file:line
 * when there is a place) and what was expected.
 */
public final class ExportError extends Exception {
    public ExportError(String message) {
        super(message);
    }
}
