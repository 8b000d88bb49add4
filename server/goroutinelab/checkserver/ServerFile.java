package goroutinelab.checkserver;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.Set;

/**
 * The check server's private file: one line, {@code PORT TOKEN JAR_IDENTITY PID},
 * in a folder only its user may enter (0700), the file itself 0600. The launcher
 * reads it to find the server; the token in it is what lets a request in, so
 * the folder is refused when anyone else owns it or may write in it (someone
 * who could would point the launcher at a server of theirs).
 *
 * <p>A lock file beside it is held for the server's life, so two launchers that
 * each start a server leave one running: the second waits a little for the
 * first to go (an old server told to stop) and gives up otherwise.
 */
final class ServerFile {
    private static final Set<PosixFilePermission> OWNER_ONLY_DIR = PosixFilePermissions.fromString("rwx------");
    private static final Set<PosixFilePermission> OWNER_ONLY_FILE = PosixFilePermissions.fromString("rw-------");

    private final Path state;
    private FileChannel lockChannel;
    private FileLock lock;

    ServerFile(Path state) {
        this.state = state;
    }

    Path path() {
        return state;
    }

    /** Makes the folder (0700) when it is missing, and refuses one that is not this user's alone. */
    void checkFolder() throws IOException {
        Path dir = state.toAbsolutePath().getParent();
        if (!Files.isDirectory(dir)) {
            // only the folder itself: XDG_RUNTIME_DIR is the session's to make, and /tmp is there
            try {
                Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(OWNER_ONLY_DIR));
            } catch (java.nio.file.FileAlreadyExistsException e) {
                // another launcher made it: judged below like any folder
            }
        }
        int uid = (Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid");
        int owner = (Integer) Files.getAttribute(dir, "unix:uid");
        Set<PosixFilePermission> perms = Files.getPosixFilePermissions(dir);
        if (owner != uid || !OWNER_ONLY_DIR.containsAll(perms)) {
            throw new IOException(dir + " belongs to uid " + owner + " with " + PosixFilePermissions.toString(perms)
                    + "; the check server needs a folder only uid " + uid + " may use");
        }
    }

    /** Takes the lock file, waiting up to {@code waitMs} for a server that is stopping; false when another holds it. */
    boolean lock(long waitMs) throws IOException, InterruptedException {
        lockChannel = FileChannel.open(Path.of(state + ".lock"), Set.of(StandardOpenOption.CREATE, StandardOpenOption.WRITE),
                PosixFilePermissions.asFileAttribute(OWNER_ONLY_FILE));
        long deadline = System.nanoTime() + waitMs * 1_000_000;
        while (true) {
            try {
                lock = lockChannel.tryLock();
            } catch (OverlappingFileLockException e) {
                lock = null;
            }
            if (lock != null) {
                return true;
            }
            if (System.nanoTime() > deadline) {
                return false;
            }
            Thread.sleep(50);
        }
    }

    /** Writes the line (a new file moved into place, so no reader sees half of it and it is never readable by others). */
    void write(int port, String token, String jarIdentity) throws IOException {
        Path tmp = Path.of(state + "." + ProcessHandle.current().pid() + ".tmp");
        Files.deleteIfExists(tmp);
        Files.createFile(tmp, PosixFilePermissions.asFileAttribute(OWNER_ONLY_FILE));
        Files.writeString(tmp, port + " " + token + " " + jarIdentity + " " + ProcessHandle.current().pid() + "\n",
                StandardCharsets.US_ASCII);
        try {
            Files.move(tmp, state, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, state, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /** Whether the file still names this server (it is gone after --stop, or another server took its place). */
    boolean namesToken(String token) {
        try {
            String[] f = Files.readString(state, StandardCharsets.US_ASCII).trim().split(" ");
            return f.length > 1 && f[1].equals(token);
        } catch (IOException e) {
            return false;
        }
    }

    /** Removes the file when it still names this server. */
    void removeIfOurs(String token) {
        if (namesToken(token)) {
            try {
                Files.deleteIfExists(state);
            } catch (IOException e) {
                // the launcher finds a dead port and falls back: nothing is lost
            }
        }
    }

    /**
     * The jar as the launcher sees it with {@code stat -L -c '%s %.9Y %i'}: size,
     * modification time in seconds with nine decimals, inode. A rebuilt jar changes
     * at least one of them.
     */
    static String identity(Path jar) throws IOException {
        long size = Files.size(jar);
        FileTime t = Files.getLastModifiedTime(jar);
        Instant i = t.toInstant();
        Object ino = Files.getAttribute(jar, "unix:ino", new LinkOption[0]);
        return size + " " + i.getEpochSecond() + "." + String.format(java.util.Locale.ROOT, "%09d", i.getNano()) + " " + ino;
    }
}
