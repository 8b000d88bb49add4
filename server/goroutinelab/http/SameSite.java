package goroutinelab.http;

import io.javalin.http.Context;

import java.net.URI;

/**
 * The cross-site guard every state-changing request of the lab passes (the
 * classroom's POSTs, the real runs' re-recording): a browser's
 * {@code Sec-Fetch-Site} and {@code Origin} must say this site. A request
 * with neither (curl, a script, the tests' clients) passes: it cannot carry
 * another site's cookies, and the lab uses none. Behind a proxy, the origin
 * may name the host the proxy was asked for ({@code X-Forwarded-Host}).
 */
public final class SameSite {
    /** What a refused request is told. */
    public static final String REFUSED = "requests from other sites are refused";

    private SameSite() {
    }

    /** Whether the request may change state: it comes from this site, or from no browser page at all. */
    public static boolean allowed(Context ctx) {
        String site = ctx.header("Sec-Fetch-Site");
        if (site != null && !site.equals("same-origin") && !site.equals("none")) {
            return false;
        }
        String origin = ctx.header("Origin");
        return origin == null || sameHost(origin, ctx);
    }

    /** Whether an Origin header names the host this request was sent to. */
    public static boolean sameHost(String origin, Context ctx) {
        String authority;
        try {
            authority = URI.create(origin).getRawAuthority();
        } catch (IllegalArgumentException e) {
            return false;
        }
        if (authority == null) {
            return false;
        }
        String host = ctx.header("X-Forwarded-Host");
        return authority.equalsIgnoreCase(ctx.host()) || (host != null && authority.equalsIgnoreCase(host.trim()));
    }
}
