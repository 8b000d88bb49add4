package goroutinelab.classroom;

import io.nayuki.qrcodegen.QrCode;

/**
 * A QR code as inline SVG: one path of unit squares on a white field with the
 * standard four-module quiet zone, so it scales crisply on a projector and
 * needs no script or style (the page's CSP allows neither inline).
 */
final class Qr {
    private static final int QUIET = 4;

    private Qr() {
    }

    static String svg(String text, String label) {
        QrCode qr = QrCode.encodeText(text, QrCode.Ecc.MEDIUM);
        int n = qr.size + 2 * QUIET;
        StringBuilder path = new StringBuilder();
        for (int y = 0; y < qr.size; y++) {
            for (int x = 0; x < qr.size; x++) {
                if (qr.getModule(x, y)) {
                    path.append('M').append(x + QUIET).append(',').append(y + QUIET).append("h1v1h-1z");
                }
            }
        }
        return "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"qr\" data-testid=\"qr\" viewBox=\"0 0 " + n + " " + n
                + "\" role=\"img\" aria-label=\"" + escape(label) + "\" shape-rendering=\"crispEdges\">"
                + "<rect width=\"" + n + "\" height=\"" + n + "\" fill=\"#fff\"/>"
                + "<path d=\"" + path + "\" fill=\"#000\"/></svg>";
    }

    private static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
