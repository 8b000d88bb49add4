package goroutinelab.web;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Who a request comes from, for the per-client limits: the peer's address,
 * or, when the peer is one of the configured proxies, the address that proxy
 * names in {@code X-Forwarded-For} (read from the right, past any further
 * trusted proxies, as each proxy appends the address it saw). A header from
 * anyone else is ignored, so a client cannot choose its own address.
 *
 * <p>An IPv6 client is counted by its /64 network: one home or server gets a
 * whole /64, so counting single IPv6 addresses would give one visitor
 * billions of allowances.
 */
final class ClientAddress {
    private static final Pattern IPV4 = Pattern.compile("^\\d{1,3}(\\.\\d{1,3}){3}$");
    private static final Pattern IPV6 = Pattern.compile("^[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*$");
    private static final int MAX_HOPS = 20;

    /** A network: its address bytes and how many leading bits must match. */
    private record Network(byte[] address, int bits) {
        boolean contains(byte[] a) {
            if (a.length != address.length) {
                return false;
            }
            int whole = bits / 8;
            for (int i = 0; i < whole; i++) {
                if (a[i] != address[i]) {
                    return false;
                }
            }
            int rest = bits % 8;
            if (rest == 0) {
                return true;
            }
            int mask = (0xff << (8 - rest)) & 0xff;
            return (a[whole] & mask) == (address[whole] & mask);
        }
    }

    private final List<Network> proxies;

    /** Each proxy is an address or a network (10.0.0.0/8, fd00::/8); anything else is refused. */
    ClientAddress(List<String> trustedProxies) {
        List<Network> n = new ArrayList<>();
        for (String p : trustedProxies) {
            n.add(network(p));
        }
        this.proxies = List.copyOf(n);
    }

    /** Checks one proxy entry; throws IllegalArgumentException saying what is wrong with it. */
    static void check(String proxy) {
        network(proxy);
    }

    private static Network network(String spec) {
        String s = spec.trim();
        int slash = s.indexOf('/');
        String addr = slash < 0 ? s : s.substring(0, slash);
        byte[] bytes = literal(addr);
        if (bytes == null) {
            throw new IllegalArgumentException("trusted proxy '" + spec + "' is not an IP address or network (like 10.0.0.0/8)");
        }
        int bits = bytes.length * 8;
        if (slash >= 0) {
            try {
                bits = Integer.parseInt(s.substring(slash + 1));
            } catch (NumberFormatException e) {
                bits = -1;
            }
            if (bits < 0 || bits > bytes.length * 8) {
                throw new IllegalArgumentException("trusted proxy '" + spec + "': the prefix length must be 0 to " + bytes.length * 8);
            }
        }
        return new Network(bytes, bits);
    }

    /** The bytes of an IP address written as a literal (never a host name: nothing is looked up), or null. */
    static byte[] literal(String s) {
        if (s == null || s.isEmpty() || s.length() > 45) {
            return null;
        }
        String t = s.startsWith("[") && s.endsWith("]") ? s.substring(1, s.length() - 1) : s;
        if (!IPV4.matcher(t).matches() && !IPV6.matcher(t).matches()) {
            return null;
        }
        if (IPV4.matcher(t).matches()) {
            for (String part : t.split("\\.")) {
                if (Integer.parseInt(part) > 255) {
                    return null;
                }
            }
        }
        try {
            byte[] b = InetAddress.getByName(t).getAddress();
            return unmapped(b);
        } catch (UnknownHostException | IllegalArgumentException e) {
            return null;
        }
    }

    /** An IPv4 address written as IPv6 (::ffff:1.2.3.4) is that IPv4 address. */
    private static byte[] unmapped(byte[] b) {
        if (b.length != 16) {
            return b;
        }
        for (int i = 0; i < 10; i++) {
            if (b[i] != 0) {
                return b;
            }
        }
        if ((b[10] & 0xff) == 0xff && (b[11] & 0xff) == 0xff) {
            return new byte[]{b[12], b[13], b[14], b[15]};
        }
        return b;
    }

    private boolean trusted(byte[] a) {
        for (Network n : proxies) {
            if (n.contains(a)) {
                return true;
            }
        }
        return false;
    }

    /**
     * The client's key: {@code peer} (the socket's remote address as text), or
     * the forwarded address when the peer is a trusted proxy.
     */
    String of(String peer, String forwardedFor) {
        byte[] a = literal(peer);
        if (a == null) {
            return peer == null ? "unknown" : peer;
        }
        if (forwardedFor != null && !proxies.isEmpty() && trusted(a)) {
            String[] hops = forwardedFor.split(",");
            for (int i = hops.length - 1, seen = 0; i >= 0 && seen < MAX_HOPS; i--, seen++) {
                byte[] hop = literal(hops[i].trim());
                if (hop == null) {
                    break; // a proxy writes addresses: anything else ends what can be believed
                }
                a = hop;
                if (!trusted(hop)) {
                    break;
                }
            }
        }
        return key(a);
    }

    private static String key(byte[] a) {
        if (a.length == 4) {
            return (a[0] & 0xff) + "." + (a[1] & 0xff) + "." + (a[2] & 0xff) + "." + (a[3] & 0xff);
        }
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 8; i += 2) {
            sb.append(Integer.toHexString(((a[i] & 0xff) << 8) | (a[i + 1] & 0xff))).append(':');
        }
        return sb.append(":/64").toString();
    }
}
