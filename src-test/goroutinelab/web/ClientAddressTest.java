package goroutinelab.web;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Who a client is (trusting X-Forwarded-For only from configured proxies) and which origins may open sockets. */
class ClientAddressTest {

    @Test
    void withoutTrustedProxiesTheHeaderIsIgnored() {
        ClientAddress c = new ClientAddress(List.of());
        assertThat(c.of("192.0.2.7", "10.0.0.1")).isEqualTo("192.0.2.7");
        assertThat(c.of("192.0.2.7", null)).isEqualTo("192.0.2.7");
    }

    @Test
    void aTrustedProxysHeaderIsReadFromTheRightPastOtherTrustedProxies() {
        ClientAddress c = new ClientAddress(List.of("10.0.0.0/8", "192.168.1.1"));
        assertThat(c.of("10.1.2.3", "203.0.113.5")).isEqualTo("203.0.113.5");
        // the client put a fake address first; the proxies appended what they saw
        assertThat(c.of("10.1.2.3", "1.1.1.1, 203.0.113.5, 192.168.1.1")).isEqualTo("203.0.113.5");
        // a hop that is not an address ends what can be believed: the proxy itself is the client then
        assertThat(c.of("10.1.2.3", "203.0.113.5, evil.example")).isEqualTo("10.1.2.3");
        // only proxies all the way: the leftmost
        assertThat(c.of("10.1.2.3", "10.9.9.9")).isEqualTo("10.9.9.9");
        // an untrusted peer's header is ignored
        assertThat(c.of("198.51.100.1", "203.0.113.5")).isEqualTo("198.51.100.1");
    }

    @Test
    void anIpv6ClientCountsByItsSlash64AndAMappedIpv4IsPlainIpv4() {
        ClientAddress c = new ClientAddress(List.of());
        assertThat(c.of("2001:db8:1:2:aaaa::1", null)).isEqualTo("2001:db8:1:2::/64");
        assertThat(c.of("2001:db8:1:2:bbbb::9", null)).isEqualTo("2001:db8:1:2::/64");
        assertThat(c.of("2001:db8:1:3::1", null)).isEqualTo("2001:db8:1:3::/64");
        assertThat(c.of("::ffff:192.0.2.7", null)).isEqualTo("192.0.2.7");
    }

    @Test
    void literalsAreNeverLookedUp() {
        assertThat(ClientAddress.literal("localhost")).isNull();
        assertThat(ClientAddress.literal("example.com")).isNull();
        assertThat(ClientAddress.literal("256.1.1.1")).isNull();
        assertThat(ClientAddress.literal("[::1]")).hasSize(16);
        assertThat(ClientAddress.literal("127.0.0.1")).hasSize(4);
    }

    @Test
    void badProxiesAndOriginsAreRefusedWithWhatIsWrong() {
        assertThatThrownBy(() -> Access.parse("proxy.example", "")).hasMessageContaining("'proxy.example' is not an IP address");
        assertThatThrownBy(() -> Access.parse("10.0.0.0/33", "")).hasMessageContaining("prefix length must be 0 to 32");
        assertThatThrownBy(() -> Access.parse("", "course.example.edu")).hasMessageContaining("not an origin");
        assertThatThrownBy(() -> Access.parse("", "https://course.example.edu/lab")).hasMessageContaining("no path");
        assertThat(Access.parse(" 10.0.0.0/8 , ::1 ", "HTTPS://Course.Example.edu:443").allowedOrigins())
                .containsExactly("https://course.example.edu");
    }

    @Test
    void theLabsOwnOriginMatchesItsHostHeaderAndDefaultPortsMayBeLeftOut() {
        Access a = Access.none().withAllowedOrigins("https://course.example.edu");
        assertThat(a.originAllowed(null, "lab.example.org")).as("no Origin: not a browser").isTrue();
        assertThat(a.originAllowed("https://lab.example.org", "lab.example.org")).isTrue();
        assertThat(a.originAllowed("https://LAB.example.org", "lab.example.org:443")).isTrue();
        assertThat(a.originAllowed("http://lab.example.org:7070", "lab.example.org:7070")).isTrue();
        assertThat(a.originAllowed("http://lab.example.org:7071", "lab.example.org:7070")).isFalse();
        assertThat(a.originAllowed("https://course.example.edu", "lab.example.org")).isTrue();
        assertThat(a.originAllowed("https://course.example.edu:443", "lab.example.org")).isTrue();
        assertThat(a.originAllowed("http://course.example.edu", "lab.example.org")).isFalse();
        assertThat(a.originAllowed("https://evil.example", "lab.example.org")).isFalse();
        assertThat(a.originAllowed("null", "lab.example.org")).isFalse();
        assertThat(a.originAllowed("http://[::1]:7070", "[::1]:7070")).isTrue();
    }
}
