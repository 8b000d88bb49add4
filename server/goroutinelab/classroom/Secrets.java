package goroutinelab.classroom;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * Room codes, keys and identities. A code is short and easy to read aloud;
 * a key is 256 random bits, shown once and kept only as its SHA-256; a
 * student's identity is the SHA-256 of a random token their browser keeps.
 */
final class Secrets {
    /** No 0/O, 1/I/L: a code is read from a projector. */
    private static final String CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789";
    static final int CODE_LENGTH = 6;
    private static final Pattern CODE = Pattern.compile("[A-Z2-9]{" + CODE_LENGTH + "}");
    /** What a browser's token looks like: 16 to 64 URL-safe characters. */
    private static final Pattern TOKEN = Pattern.compile("[A-Za-z0-9_-]{16,64}");
    private static final SecureRandom RANDOM = new SecureRandom();

    private Secrets() {
    }

    static String newCode() {
        StringBuilder b = new StringBuilder(CODE_LENGTH);
        for (int i = 0; i < CODE_LENGTH; i++) {
            b.append(CODE_ALPHABET.charAt(RANDOM.nextInt(CODE_ALPHABET.length())));
        }
        return b.toString();
    }

    /** A code as typed (any case, spaces around it) in canonical form, or null if it cannot be one. */
    static String normalizeCode(String s) {
        if (s == null) {
            return null;
        }
        String c = s.trim().toUpperCase(java.util.Locale.ROOT);
        return CODE.matcher(c).matches() ? c : null;
    }

    static String newKey() {
        byte[] b = new byte[32];
        RANDOM.nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    static String hash(String secret) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("Secrets.hash: no SHA-256", e);
        }
    }

    /** Whether secret hashes to storedHash, compared in constant time. */
    static boolean matches(String secret, String storedHash) {
        if (secret == null || storedHash == null || secret.length() > 200) {
            return false;
        }
        return MessageDigest.isEqual(hash(secret).getBytes(StandardCharsets.US_ASCII),
                storedHash.getBytes(StandardCharsets.US_ASCII));
    }

    /** The stored identity of a browser token, or null if the token is malformed. */
    static String identity(String token) {
        if (token == null || !TOKEN.matcher(token).matches()) {
            return null;
        }
        return hash("student:" + token);
    }
}
