package goroutinelab.web;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Who may reach the lab's WebSocket and how a client is told apart: the
 * proxies whose {@code X-Forwarded-For} is believed (see {@link ClientAddress}),
 * and the web origins besides the lab's own whose pages may open sockets
 * (a course site that embeds the lab's socket in its own pages). Set with
 * {@code --trusted-proxies} and {@code --allowed-origins} (see Main).
 *
 * @param trustedProxies addresses or networks (10.0.0.0/8) of the proxies in front of the server
 * @param allowedOrigins origins ({@code https://course.example.edu}) allowed besides the lab's own
 */
public record Access(List<String> trustedProxies, List<String> allowedOrigins) {

    public Access {
        trustedProxies = List.copyOf(trustedProxies);
        List<String> origins = new ArrayList<>();
        for (String o : allowedOrigins) {
            origins.add(origin(o));
        }
        allowedOrigins = List.copyOf(origins);
        trustedProxies.forEach(ClientAddress::check);
    }

    /** No proxy is trusted and only the lab's own pages may open sockets. */
    public static Access none() {
        return new Access(List.of(), List.of());
    }

    /** From two comma-separated lists (either may be blank), as the flags and the environment give them. */
    public static Access parse(String trustedProxies, String allowedOrigins) {
        return new Access(split(trustedProxies), split(allowedOrigins));
    }

    public Access withTrustedProxies(String... proxies) {
        return new Access(List.of(proxies), allowedOrigins);
    }

    public Access withAllowedOrigins(String... origins) {
        return new Access(trustedProxies, List.of(origins));
    }

    private static List<String> split(String s) {
        if (s == null || s.isBlank()) {
            return List.of();
        }
        return Arrays.stream(s.split(",")).map(String::trim).filter(x -> !x.isEmpty()).toList();
    }

    /** An origin as browsers send it: scheme://host[:port], lower case, no path; throws if it is not one. */
    private static String origin(String o) {
        URI u;
        try {
            u = new URI(o.trim());
        } catch (URISyntaxException e) {
            u = null;
        }
        if (u == null || u.getScheme() == null || u.getHost() == null || !(u.getScheme().equalsIgnoreCase("http")
                || u.getScheme().equalsIgnoreCase("https")) || (u.getRawPath() != null && !u.getRawPath().isEmpty())
                || u.getRawQuery() != null || u.getRawUserInfo() != null || u.getRawFragment() != null) {
            throw new IllegalArgumentException("allowed origin '" + o + "' is not an origin like https://course.example.edu"
                    + " (scheme, host and an optional port; no path)");
        }
        return normal(u);
    }

    /** scheme://host[:port] in lower case, the scheme's default port left out. */
    private static String normal(URI u) {
        String scheme = u.getScheme().toLowerCase(Locale.ROOT);
        int port = u.getPort() == defaultPort(scheme) ? -1 : u.getPort();
        return scheme + "://" + u.getHost().toLowerCase(Locale.ROOT) + (port < 0 ? "" : ":" + port);
    }

    private static int defaultPort(String scheme) {
        return scheme.equalsIgnoreCase("https") ? 443 : 80;
    }

    /**
     * Whether a socket may be opened from a page of {@code origin} (the
     * request's Origin header) on a server reached as {@code host} (its Host
     * header). No Origin: not a browser page (a browser always sends one), so
     * allowed. The lab's own origin: its host and port equal the Host header's
     * (a default port may be left out on either side, as a TLS proxy in front
     * changes the scheme). Otherwise the origin must be listed.
     */
    boolean originAllowed(String origin, String host) {
        if (origin == null) {
            return true;
        }
        URI u;
        try {
            u = new URI(origin.trim());
        } catch (URISyntaxException e) {
            return false;
        }
        if (u.getScheme() == null || u.getHost() == null) {
            return false; // "null" (a sandboxed frame, a file), or garbage
        }
        if (allowedOrigins.contains(normal(u))) {
            return true;
        }
        return host != null && sameHost(u, host.trim().toLowerCase(Locale.ROOT));
    }

    private static boolean sameHost(URI origin, String host) {
        String h = host;
        int port = -1;
        int colon = h.lastIndexOf(':');
        if (colon > 0 && colon > h.lastIndexOf(']')) {
            try {
                port = Integer.parseInt(h.substring(colon + 1));
            } catch (NumberFormatException e) {
                return false;
            }
            h = h.substring(0, colon);
        }
        if (!h.equals(origin.getHost().toLowerCase(Locale.ROOT))) {
            return false;
        }
        if (port < 0) {
            return true;
        }
        int originPort = origin.getPort() >= 0 ? origin.getPort() : defaultPort(origin.getScheme());
        return port == originPort;
    }
}
