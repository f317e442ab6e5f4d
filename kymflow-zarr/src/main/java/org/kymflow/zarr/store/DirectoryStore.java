package org.kymflow.zarr.store;

import java.io.Closeable;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * A {@link KeyValueStore} over a folder: each key is a file below the root.
 *
 * <p>Writes go to a hidden temporary file in the target's folder, are forced to disk (unless
 * {@link WriteMode#ATOMIC}), and are then moved over the target atomically, so a crash leaves the old file
 * or the new one. The writer lock is an
 * OS file lock on {@code .kymflow.lock} in the root; it is released when the process dies.
 */
public final class DirectoryStore implements KeyValueStore {
    /** The lock file name in the dataset root; Python's zarr ignores it. */
    public static final String LOCK_FILE = ".kymflow.lock";
    private static final String TEMP_PREFIX = ".tmp-";

    private final Path root;

    /**
     * @param root the store's folder; it need not exist yet
     */
    public DirectoryStore(Path root) {
        this.root = root.toAbsolutePath().normalize();
    }

    /** @return the root folder */
    public Path root() {
        return root;
    }

    private Path resolve(String key) {
        Path path = key.isEmpty() ? root : root.resolve(key).normalize();
        if (!path.startsWith(root)) {
            throw new IllegalArgumentException("key '" + key + "' escapes the store root " + root);
        }
        return path;
    }

    @Override
    public Optional<byte[]> get(String key) throws IOException {
        Path path = resolve(key);
        try {
            return Optional.of(Files.readAllBytes(path));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
    }

    @Override
    public void put(String key, byte[] value) throws IOException {
        put(key, value, WriteMode.DURABLE);
    }

    @Override
    public void put(String key, byte[] value, WriteMode mode) throws IOException {
        Path target = resolve(key);
        Path parent = target.getParent();
        Files.createDirectories(parent);
        Path temp = parent.resolve(TEMP_PREFIX + target.getFileName() + "-" + UUID.randomUUID());
        boolean moved = false;
        try {
            try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                java.nio.ByteBuffer buffer = java.nio.ByteBuffer.wrap(value);
                while (buffer.hasRemaining()) {
                    channel.write(buffer);
                }
                if (mode == WriteMode.DURABLE) {
                    channel.force(true);
                }
            }
            try {
                Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                throw new IOException("the file system of " + target + " cannot replace files atomically", e);
            }
            moved = true;
        } finally {
            if (!moved) {
                Files.deleteIfExists(temp); // never leave a half-written temporary behind
            }
        }
    }

    @Override
    public Optional<ReadableValue> open(String key) throws IOException {
        FileChannel channel;
        try {
            channel = FileChannel.open(resolve(key), StandardOpenOption.READ);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
        long size = channel.size();
        return Optional.of(new ReadableValue() {
            @Override
            public long size() {
                return size;
            }

            @Override
            public void readFully(long position, byte[] into, int offset, int length) throws IOException {
                java.nio.ByteBuffer buffer = java.nio.ByteBuffer.wrap(into, offset, length);
                long at = position;
                while (buffer.hasRemaining()) {
                    int n = channel.read(buffer, at);
                    if (n < 0) {
                        throw new java.io.EOFException(key + ": read of " + length + " bytes at " + position + " past the end (" + size + ")");
                    }
                    at += n;
                }
            }

            @Override
            public void close() throws IOException {
                channel.close();
            }
        });
    }

    @Override
    public StagedValue stage(String key) throws IOException {
        Path target = resolve(key);
        Files.createDirectories(target.getParent());
        Path temp = target.getParent().resolve(TEMP_PREFIX + target.getFileName() + "-" + UUID.randomUUID());
        FileChannel channel = FileChannel.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        java.io.OutputStream stream = new java.io.BufferedOutputStream(java.nio.channels.Channels.newOutputStream(channel), 1 << 16);
        return new StagedValue() {
            private boolean committed;

            @Override
            public java.io.OutputStream stream() {
                return stream;
            }

            @Override
            public void commit() throws IOException {
                stream.flush();
                channel.force(true);
                channel.close();
                try {
                    Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                } catch (AtomicMoveNotSupportedException e) {
                    throw new IOException("the file system of " + target + " cannot replace files atomically", e);
                }
                committed = true;
            }

            @Override
            public void close() throws IOException {
                if (!committed) {
                    channel.close();
                    Files.deleteIfExists(temp); // never leave a half-written temporary behind
                }
            }
        };
    }

    @Override
    public boolean exists(String key) throws IOException {
        return Files.isRegularFile(resolve(key));
    }

    @Override
    public boolean delete(String key) throws IOException {
        return Files.deleteIfExists(resolve(key));
    }

    @Override
    public void deletePrefix(String prefix) throws IOException {
        Path path = resolve(prefix);
        if (!Files.exists(path)) {
            return;
        }
        if (path.equals(root)) {
            throw new IllegalArgumentException("refusing to delete the whole store " + root + " through deletePrefix");
        }
        try (Stream<Path> walk = Files.walk(path)) {
            List<Path> all = new ArrayList<>(walk.toList());
            all.sort(Comparator.reverseOrder()); // children before parents
            for (Path p : all) {
                Files.deleteIfExists(p);
            }
        }
    }

    @Override
    public List<String> listChildren(String prefix) throws IOException {
        Path path = resolve(prefix);
        if (!Files.isDirectory(path)) {
            return List.of();
        }
        List<String> names = new ArrayList<>();
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(path)) {
            for (Path child : stream) {
                String name = child.getFileName().toString();
                if (!name.startsWith(TEMP_PREFIX) && !name.equals(LOCK_FILE)) {
                    names.add(name);
                }
            }
        }
        Collections.sort(names);
        return names;
    }

    @Override
    public List<String> listLeftovers(String prefix) throws IOException {
        Path path = resolve(prefix);
        if (!Files.isDirectory(path)) {
            return List.of();
        }
        List<String> keys = new ArrayList<>();
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(path)) {
            for (Path child : stream) {
                String name = child.getFileName().toString();
                if (name.startsWith(TEMP_PREFIX) && Files.isRegularFile(child, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                    keys.add(prefix.isEmpty() ? name : prefix + "/" + name);
                }
            }
        }
        Collections.sort(keys);
        return keys;
    }

    @Override
    public boolean isFolder(String prefix) throws IOException {
        return Files.isDirectory(resolve(prefix));
    }

    @Override
    public WriterLock lockForWriting() throws IOException {
        Files.createDirectories(root);
        Path lockPath = root.resolve(LOCK_FILE);
        // Someone may delete the lock file between our open and our lock (or a dying writer may): then we
        // would hold a lock on a file no one else can see. Retry a few times, then give up.
        for (int attempt = 0; attempt < 3; attempt++) {
            FileLockHandle handle = tryLockOnce(lockPath);
            if (handle.namesLockedFile()) {
                handle.sayWhoHolds();
                return handle;
            }
            handle.close();
        }
        throw new IOException("the lock file " + lockPath + " keeps disappearing while it is being locked; is another"
                + " program deleting it?");
    }

    private FileLockHandle tryLockOnce(Path lockPath) throws IOException {
        FileChannel channel = FileChannel.open(lockPath, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        FileLock lock;
        try {
            lock = channel.tryLock();
        } catch (OverlappingFileLockException e) {
            channel.close();
            throw new IOException("dataset " + root + " is already open for writing in this process", e);
        } catch (IOException e) {
            channel.close();
            throw e;
        }
        if (lock == null) {
            channel.close();
            String holder = holder(lockPath);
            throw new IOException("dataset " + root + " is already open for writing by another process ("
                    + (holder == null ? "" : holder + "; ") + "lock " + lockPath + ")");
        }
        Object fileKey;
        try {
            fileKey = Files.readAttributes(lockPath, BasicFileAttributes.class).fileKey();
        } catch (NoSuchFileException e) {
            fileKey = null; // deleted between open and lock: namesLockedFile() says so
        }
        return new FileLockHandle(lockPath, channel, lock, fileKey);
    }

    /**
     * @param lockPath a lock file another process holds
     * @return what its holder wrote into it (its pid, since when, its command), or null when there is nothing
     *     readable (an older writer, or a system that forbids reading a locked file)
     */
    private static String holder(Path lockPath) {
        try {
            String text = Files.readString(lockPath, StandardCharsets.UTF_8).strip();
            return text.startsWith("pid ") && text.length() < 400 && text.lines().count() == 1 ? text : null;
        } catch (IOException | java.io.UncheckedIOException e) {
            return null; // the message then says only that another process holds it
        }
    }

    /**
     * The OS lock on {@code .kymflow.lock}, with the file's identity (inode) at the time it was taken: the
     * lock is valid while that path still names that file.
     */
    private static final class FileLockHandle implements WriterLock {
        private final Path path;
        private final FileChannel channel;
        private final FileLock lock;
        private final Object fileKey;

        FileLockHandle(Path path, FileChannel channel, FileLock lock, Object fileKey) {
            this.path = path;
            this.channel = channel;
            this.lock = lock;
            this.fileKey = fileKey;
        }

        /**
         * Writes this process's pid, the time and its command into the lock file, so that a writer refused by
         * the lock can say who holds it. Best effort: the lock, not this text, keeps writers apart.
         */
        void sayWhoHolds() {
            String command = String.valueOf(System.getProperty("sun.java.command", "")).strip();
            if (command.length() > 160) {
                command = command.substring(0, 157) + "...";
            }
            String text = "pid " + ProcessHandle.current().pid() + " since " + java.time.Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS)
                    + (command.isEmpty() ? "" : ", running " + command.replace('\n', ' ')) + "\n";
            try {
                channel.truncate(0);
                channel.write(java.nio.ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8)), 0);
            } catch (IOException e) {
                // a lock file we cannot write into still locks; the refused writer's message is only shorter
            }
        }

        boolean namesLockedFile() {
            if (fileKey == null || !lock.isValid()) {
                return false;
            }
            try {
                return fileKey.equals(Files.readAttributes(path, BasicFileAttributes.class).fileKey());
            } catch (IOException e) {
                return false; // gone, or unreadable: either way no longer our lock file
            }
        }

        @Override
        public void ensureValid() throws IOException {
            if (!namesLockedFile()) {
                throw new IOException("this writer's lock " + path + " was deleted or replaced while it was held (another"
                        + " writer may be active); stopping before writing anything more");
            }
        }

        @Override
        public void close() throws IOException {
            try {
                lock.release();
            } finally {
                channel.close();
            }
        }
    }

    @Override
    public void movePrefix(String from, String to) throws IOException {
        Path source = resolve(from);
        Path target = resolve(to);
        if (Files.exists(target)) {
            throw new IOException("cannot move " + source + " to " + target + ": the target exists");
        }
        Files.createDirectories(target.getParent());
        try {
            Files.move(source, target, StandardCopyOption.ATOMIC_MOVE); // a folder rename: one step
        } catch (AtomicMoveNotSupportedException e) {
            throw new IOException("the file system of " + source + " cannot rename folders atomically", e);
        }
    }

    /**
     * One walk of the folder (the file system gives each file's identity, size and time with its listing):
     * a per-file hash of its path and those, summed, so no listing is kept or sorted.
     */
    @Override
    public String versionSignature(String prefix) throws IOException {
        Path start = resolve(prefix);
        return Files.isDirectory(start) ? Long.toHexString(walk(start)) : "0";
    }

    /** The walk of {@link #versionSignature}, one token per sub-folder, in parallel. */
    @Override
    public java.util.Map<String, String> versionSignatures(String prefix) throws IOException {
        Path start = resolve(prefix);
        java.util.Map<String, String> out = new java.util.concurrent.ConcurrentHashMap<>();
        if (!Files.isDirectory(start)) {
            return out;
        }
        List<Path> folders = new ArrayList<>();
        try (DirectoryStream<Path> children = Files.newDirectoryStream(start)) {
            children.forEach(folders::add); // a file here is walked as itself: no stat to tell them apart
        }
        java.util.concurrent.atomic.AtomicReference<IOException> failure = new java.util.concurrent.atomic.AtomicReference<>();
        folders.parallelStream().forEach(folder -> {
            try {
                out.put(folder.getFileName().toString(), Long.toHexString(walk(folder)));
            } catch (NoSuchFileException e) {
                // removed while walking: it is not there any more, and the caller lists what is
            } catch (IOException e) {
                failure.compareAndSet(null, e);
            }
        });
        if (failure.get() != null) {
            throw failure.get();
        }
        return new java.util.TreeMap<>(out);
    }

    private long walk(Path start) throws IOException {
        long[] sum = {0};
        Files.walkFileTree(start, new java.nio.file.SimpleFileVisitor<>() {
            @Override
            public java.nio.file.FileVisitResult visitFile(Path file, BasicFileAttributes a) {
                sum[0] += entryHash(file, a);
                return java.nio.file.FileVisitResult.CONTINUE;
            }

            @Override
            public java.nio.file.FileVisitResult visitFileFailed(Path file, IOException e) throws IOException {
                if (e instanceof NoSuchFileException) {
                    return java.nio.file.FileVisitResult.CONTINUE; // removed while walking: the next walk differs anyway
                }
                throw e;
            }
        });
        return sum[0];
    }

    /** A 64-bit mix of a file's path, identity, size and time; 0 for what is not a value (a write in flight, the lock). */
    private static long entryHash(Path file, BasicFileAttributes a) {
        String name = file.getFileName().toString();
        if (name.startsWith(TEMP_PREFIX) || name.equals(LOCK_FILE)) {
            return 0;
        }
        long h = 0xcbf29ce484222325L; // FNV-1a over the path, then the attributes mixed in
        String path = file.toString();
        for (int i = 0; i < path.length(); i++) {
            h = (h ^ path.charAt(i)) * 0x100000001b3L;
        }
        h = mix(h ^ a.size());
        h = mix(h ^ a.lastModifiedTime().to(java.util.concurrent.TimeUnit.NANOSECONDS));
        h = mix(h ^ (a.fileKey() == null ? 0 : a.fileKey().hashCode()));
        return mix(h);
    }

    private static long mix(long z) { // SplitMix64's finaliser
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }

    @Override
    public Optional<String> version(String key) throws IOException {
        try {
            BasicFileAttributes a = Files.readAttributes(resolve(key), BasicFileAttributes.class);
            // a put moves a new file over the old one: the inode changes even when size and mtime do not
            return Optional.of(a.fileKey() + ":" + a.size() + ":" + a.lastModifiedTime().to(java.util.concurrent.TimeUnit.NANOSECONDS));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
    }

    @Override
    public String describe(String key) {
        return resolve(key).toString();
    }

    @Override
    public void close() {
        // Nothing is held open between calls; the writer lock has its own handle.
    }

    @Override
    public String toString() {
        return "DirectoryStore[" + root + "]";
    }
}
